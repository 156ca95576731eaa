// Child process of `npm run bench:import`: imports one file through importFile — what `dajie import`
// and the upload route call — in a process of its own, so its peak RSS is the importer's and not the
// benchmark's (which holds the file generator, Prisma and the baseline's buffers).
//   node --import tsx scripts/bench-import-child.ts <communityId> <path> <mapping.json>   (DATABASE_URL in env)
// Prints one JSON line: rows written, batch id, import time, phase marks, RSS at start and peak RSS.
import { readFileSync } from "node:fs";

const [communityId, path, mappingPath] = process.argv.slice(2);
if (!communityId || !path || !mappingPath) throw new Error("usage: bench-import-child.ts <communityId> <path> <mapping.json>");

const { db } = await import("../server/db/client.ts");
const { closePgPool } = await import("../server/db/pg.ts");
const { importFile } = await import("../server/metering/import/import-file.ts");

const MB = 1024 * 1024;
const rssAtStart = process.memoryUsage().rss;
// Prisma instantiates its query compiler on the first query; done here, its memory is told apart from the import's.
await db().$queryRaw`SELECT 1`;
const rssWithPrisma = process.memoryUsage().rss;
const marks: Record<string, number> = {};
const t0 = performance.now();
const result = await importFile(db(), {
  communityId,
  path,
  fileName: "bench.csv",
  source: "CLI",
  actor: { userId: null, orgId: null },
  options: { csvMapping: JSON.parse(readFileSync(mappingPath, "utf8")) },
  onPhase: (phase) => (marks[phase] = performance.now() - t0),
});
const importMs = performance.now() - t0;
await db().$disconnect();
await closePgPool();
console.log(
  JSON.stringify({
    readingsNew: result.readingsNew,
    batchId: result.batchId,
    importMs,
    marks,
    rssAtStartMB: Math.round(rssAtStart / MB),
    rssWithPrismaMB: Math.round(rssWithPrisma / MB),
    // ru_maxrss of this process over its whole life (kilobytes on Linux).
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / MB),
  }),
);
