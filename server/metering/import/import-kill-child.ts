// Child process of import-kill.int.test.ts: imports one long-layout CSV into a community and prints
// each stage of importFile on stdout ("phase:copying" just before the COPY starts). The test kills it.
//   node --import tsx server/metering/import/import-kill-child.ts <communityId> <path>   (DATABASE_URL in env)
import { db } from "@/server/db/client";
import { importFile } from "./import-file";

const [communityId, path] = process.argv.slice(2);
if (!communityId || !path) throw new Error("usage: import-kill-child.ts <communityId> <path>");

const result = await importFile(db(), {
  communityId,
  path,
  fileName: path.split("/").pop()!,
  source: "CLI",
  actor: { userId: null, orgId: null },
  options: { csvMapping: { unit: "Wh", intervalSeconds: 900, layout: { kind: "long", meteringPoint: "pod", timestamp: "start", energy: "wh" } } },
  onPhase: (phase) => console.log(`phase:${phase}`),
});
console.log(`done:${result.readingsNew}`);
process.exit(0);
