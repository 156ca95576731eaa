// Child process of finalize-kill.int.test.ts: finalizes one period of a community (as the scheduler
// would) and prints "done:<runId>" when committed. The test kills it while its transaction is open.
//   node --import tsx server/faults/finalize-kill-child.ts <communityId> <start> <end>   (DATABASE_URL in env)
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";

const [communityId, start, end] = process.argv.slice(2);
if (!communityId || !start || !end) throw new Error("usage: finalize-kill-child.ts <communityId> <start> <end>");
const outcome = await finalizeRun(db(), communityId, { start, end }, { kind: "scheduler" });
console.log(`done:${outcome.runId}`);
process.exit(0);
