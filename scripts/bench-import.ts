// `npm run bench:import`: the metering importer against a raw COPY baseline on the same rows.
//
//   npm run bench:import                         1,000 points × 30 days × 96 quarter hours = 2.88 M rows
//   npm run bench:import -- --points 100 --days 7   a quick run
//   npm run bench:import -- --gb 1               a CSV of about 1 GiB (~21 M rows: points × days chosen)
//
// Uses DATABASE_URL when set (use a throwaway database: the bench community and its readings stay),
// otherwise a throwaway embedded PostgreSQL in a temporary folder that is removed at the end.
//
// 1. makes a community with N metering points and writes a long-layout CSV (pod,start,wh) for them;
// 2. imports it through the real pipeline (importFile: scan + COPY into `reading` in one transaction)
//    in a child process of its own (bench-import-child.ts), and reports that process's time, phases
//    and peak RSS (ru_maxrss) — the importer's memory, not this script's;
// 3. baseline: `reading_baseline`, partitioned like `reading` with the same monthly partitions and the
//    same primary key and checks, loaded with a plain `COPY … FROM STDIN` of exactly the rows the
//    importer wrote (rendered beforehand with `COPY (SELECT …) TO STDOUT`; only the load is timed).
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, rmSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { benchDatabase } from "./lib/database.ts";
import { flag, numberFlag } from "./lib/flags.ts";

const QH = 96;
const MB = 1024 * 1024;
const DAY_MS = 86_400_000;
/** Bytes of one CSV line: "BENCH-xxxxxxxx-000000," + ISO time + "," + 0..499 (2.78 digits on average) + "\n". */
const LINE_BYTES = 22 + 25 + 2.78 + 1;
const GB = numberFlag("gb", 0);
const { POINTS, DAYS } = size();
// Readings must fall in the monthly partitions importFile prepares (from the points' validity to a
// month ahead of today, dajie_ensure_reading_partitions), so the range ends before today: March 2026
// as before when it fits, else the month that lets DAYS end at the latest a month ago.
const FROM = Math.min(Date.parse("2026-03-01T00:00:00Z"), monthStart(Date.now() - (DAYS + 31) * DAY_MS));

/** --gb N: 1,000 points and as many days as needed (at most a year; more points past that). */
function size(): { POINTS: number; DAYS: number } {
  if (!GB) return { POINTS: flag("points", 1000), DAYS: flag("days", 30) };
  const rows = Math.round((GB * 1024 * MB) / LINE_BYTES);
  const days = Math.min(365, Math.max(1, Math.ceil(rows / (1000 * QH))));
  return { POINTS: Math.max(1, Math.round(rows / (days * QH))), DAYS: days };
}

function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

const database = await benchDatabase("dajie-bench-");
const { work } = database;
// The owner: CHECKPOINT and the baseline table are beyond the app's role (docs/database-roles.md).
const ownerPool = new pg.Pool({ connectionString: database.ownerUrl, max: 1 });
// Without a listener, an idle connection the server drops while it stops at the end crashes the bench
// after its figures are printed (seen after a 1 GB run).
ownerPool.on("error", (err) => console.error(`[bench] owner connection lost: ${err.message}`));

// Server modules read the environment lazily, but import them only now all the same.
const { db } = await import("../server/db/client.ts");
const { pgPool } = await import("../server/db/pg.ts");
const { makeCommunity, makeOrg, makeUser, unique } = await import("../server/test/factories.ts");
const { from: copyFrom, to: copyTo } = await import("pg-copy-streams");

const seconds = (ms: number) => ms / 1000;
const now = () => performance.now();

try {
  // --- the community and the file ---------------------------------------------------------------
  const org = await makeOrg("MUNICIPALITY");
  const admin = await makeUser();
  const community = await makeCommunity(org.id, admin.id);
  const member = await db().member.create({ data: { communityId: community.id, pseudonym: unique("M").toUpperCase(), reference: unique("bench"), kind: "PROSUMER", joinedOn: new Date("2010-01-01") } });
  const prefix = unique("BENCH").toUpperCase();
  const codes = Array.from({ length: POINTS }, (_, i) => `${prefix}-${String(i).padStart(6, "0")}`);
  await db().meteringPoint.createMany({
    data: codes.map((code) => ({ communityId: community.id, memberId: member.id, code, direction: "CONSUMPTION" as const, capacityKw: "10", validFrom: new Date("2010-01-01T00:00:00Z") })),
  });

  const path = join(work, "readings.csv");
  const stamps = Array.from({ length: DAYS * QH }, (_, i) => new Date(FROM + i * 900_000).toISOString());
  const out = createWriteStream(path);
  out.write("pod,start,wh\n");
  for (let p = 0; p < POINTS; p++) {
    let chunk = "";
    for (let i = 0; i < stamps.length; i++) chunk += `${codes[p]},${stamps[i]},${(p * 7 + i * 13) % 500}\n`;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  const fileBytes = statSync(path).size;
  const expectedRows = POINTS * DAYS * QH;

  // --- the importer -------------------------------------------------------------------------------
  const admin1 = await ownerPool.connect();
  await admin1.query("CHECKPOINT").catch(() => {}); // needs superuser or pg_checkpoint; best effort
  admin1.release();

  const mapping = join(work, "mapping.json");
  writeFileSync(mapping, JSON.stringify({ unit: "Wh", intervalSeconds: 900, layout: { kind: "long", meteringPoint: "pod", timestamp: "start", energy: "wh" } }));
  const benchRssMB = Math.round(process.memoryUsage().rss / MB);
  const result = await importInChild(community.id, path, mapping);
  const { importMs, marks } = result;
  if (result.readingsNew !== expectedRows) throw new Error(`the importer wrote ${result.readingsNew} readings, expected ${expectedRows}`);

  // --- the baseline: same table shape, same partitions, same rows, one plain COPY -----------------
  const client = await ownerPool.connect();
  let baselineMs: number;
  let copyBytes: number;
  let heapBytes: number;
  let indexBytes: number;
  try {
    await client.query("DROP TABLE IF EXISTS reading_baseline");
    await client.query("CREATE TABLE reading_baseline (LIKE reading INCLUDING ALL) PARTITION BY RANGE (interval_start)");
    const parts = await client.query<{ bound: string }>(
      "SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'reading'::regclass ORDER BY 1",
    );
    for (const [i, p] of parts.rows.entries()) await client.query(`CREATE TABLE reading_baseline_p${i} PARTITION OF reading_baseline ${p.bound}`);

    const columns = "metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id";
    const rendered = join(work, "baseline.copy");
    const batchId = client.escapeLiteral(result.batchId);
    await pipeline(client.query(copyTo(`COPY (SELECT ${columns} FROM reading WHERE batch_id = ${batchId}) TO STDOUT`)), createWriteStream(rendered));
    copyBytes = statSync(rendered).size;
    await client.query("CHECKPOINT").catch(() => {});

    const t1 = now();
    await pipeline(createReadStream(rendered, { highWaterMark: 256 * 1024 }), client.query(copyFrom(`COPY reading_baseline (${columns}) FROM STDIN`)));
    baselineMs = now() - t1;
    const loaded = await client.query<{ n: string }>("SELECT count(*)::text AS n FROM reading_baseline");
    if (Number(loaded.rows[0]!.n) !== expectedRows) throw new Error(`the baseline loaded ${loaded.rows[0]!.n} rows, expected ${expectedRows}`);
    // On-disk cost per row, measured on the baseline (it holds exactly these rows, like `reading` would).
    const size = await client.query<{ heap: string; index: string }>(
      `SELECT sum(pg_table_size(c.oid))::text AS heap, sum(pg_indexes_size(c.oid))::text AS index
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'reading_baseline'::regclass`,
    );
    heapBytes = Number(size.rows[0]!.heap);
    indexBytes = Number(size.rows[0]!.index);
    await client.query("DROP TABLE reading_baseline");
    rmSync(rendered, { force: true });
  } finally {
    client.release();
  }

  // --- report -------------------------------------------------------------------------------------
  const importerRate = expectedRows / seconds(importMs);
  const baselineRate = expectedRows / seconds(baselineMs);
  const pass1Ms = marks.scanned ?? 0; // the child's marks count from the start of importFile
  const pass2Ms = (marks.copied ?? 0) - (marks.copying ?? 0);
  const figures = {
    rows: expectedRows,
    points: POINTS,
    days: DAYS,
    fileMB: +(fileBytes / MB).toFixed(1),
    copyTextMB: +(copyBytes / MB).toFixed(1),
    importerSeconds: +seconds(importMs).toFixed(2),
    importerPass1Seconds: +seconds(pass1Ms).toFixed(2),
    importerPass2Seconds: +seconds(pass2Ms).toFixed(2),
    importerRowsPerSecond: Math.round(importerRate),
    baselineSeconds: +seconds(baselineMs).toFixed(2),
    baselineRowsPerSecond: Math.round(baselineRate),
    ratio: +(importerRate / baselineRate).toFixed(3),
    importerPeakRssMB: result.maxRssMB,
    importerRssAtStartMB: result.rssAtStartMB,
    importerRssWithPrismaMB: result.rssWithPrismaMB,
    benchRssMB,
    tableMB: +(heapBytes / MB).toFixed(1),
    pkIndexMB: +(indexBytes / MB).toFixed(1),
    bytesPerRow: Math.round((heapBytes + indexBytes) / expectedRows),
    // The machine is shared: the 1-minute load average at the end says how quiet the run was.
    loadAverage: +loadavg()[0]!.toFixed(2),
  };
  const table: [string, string][] = [
    ["rows", `${figures.rows.toLocaleString("en")} (${figures.points.toLocaleString("en")} points × ${figures.days} days × 96)`],
    ["file (CSV)", `${figures.fileMB} MB`],
    ["importer total", `${figures.importerSeconds} s  (${figures.importerRowsPerSecond.toLocaleString("en")} rows/s)`],
    // New data goes through one pass (scan + COPY together); the check-first pass only runs on the two-pass path.
    ...(figures.importerPass1Seconds > 0 ? [["  pass 1: scan", `${figures.importerPass1Seconds} s`] as [string, string]] : []),
    [figures.importerPass1Seconds > 0 ? "  pass 2: scan + COPY" : "  one pass: scan + COPY", `${figures.importerPass2Seconds} s`] as [string, string],
    ["baseline raw COPY", `${figures.baselineSeconds} s  (${figures.baselineRowsPerSecond.toLocaleString("en")} rows/s, ${figures.copyTextMB} MB COPY text)`],
    ["ratio importer/baseline", String(figures.ratio)],
    ["on disk (table + PK)", `${figures.tableMB} MB + ${figures.pkIndexMB} MB = ${figures.bytesPerRow} bytes/row`],
    ["load average (1 min)", String(figures.loadAverage)],
    ["importer peak RSS", `${figures.importerPeakRssMB} MB (its own process; before the import: ${figures.importerRssAtStartMB} MB loaded, ${figures.importerRssWithPrismaMB} MB after Prisma's first query)`],
  ];
  const width = Math.max(...table.map(([k]) => k.length));
  console.log("");
  for (const [k, v] of table) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(JSON.stringify(figures));
} finally {
  await db().$disconnect().catch(() => {});
  await pgPool().end().catch(() => {});
  await ownerPool.end().catch(() => {});
  await database.close();
}

interface ChildResult {
  readingsNew: number;
  batchId: string;
  importMs: number;
  marks: Record<string, number>;
  rssAtStartMB: number;
  rssWithPrismaMB: number;
  maxRssMB: number;
}

/** Runs bench-import-child.ts (importFile in a fresh node process) and returns its JSON line. */
async function importInChild(communityId: string, file: string, mapping: string): Promise<ChildResult> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./bench-import-child.ts", import.meta.url)), communityId, file, mapping], {
    stdio: ["ignore", "pipe", "inherit"],
    env: process.env,
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the import process exited with ${code}: ${out}`);
  return JSON.parse(out.trim().split("\n").pop()!) as ChildResult;
}
