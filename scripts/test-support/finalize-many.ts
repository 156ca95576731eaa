// Used by runs.int.test.ts: one process firing N finalize requests for the same period at once, as
// several app servers or job workers would. Prints the outcomes as JSON.
import { createDb } from "../../server/db/client.ts";
import { finalizeRun } from "../../server/settlement/finalize-run.ts";

const [communityId, start, end, n] = process.argv.slice(2);
const db = createDb(process.env.DATABASE_URL!);
const outcomes = await Promise.allSettled(
  Array.from({ length: Number(n) }, () => finalizeRun(db, communityId!, { start: start!, end: end! }, { kind: "scheduler" })),
);
process.stdout.write(JSON.stringify(outcomes.map((o) => (o.status === "fulfilled" ? o.value : { error: String(o.reason) }))));
await db.$disconnect();
