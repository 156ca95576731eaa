// Importing a metering file into a community, all-or-nothing, in one transaction:
//   - new data (the common case): one streaming pass parses, validates, maps and COPYs into `reading`;
//     any blocking problem rolls it all back (nothing written, every problem with its line or element);
//   - a file that collides with stored readings (or falls outside the prepared partitions): two passes,
//     the first checks the whole file, the second COPYs through a staging table that separates new,
//     unchanged and corrected readings (old values kept in `reading_revision`).
// Then the audit event and COMMIT.
// A process killed in the middle leaves nothing: PostgreSQL rolls back the open transaction.
// The same file twice (same SHA-256) changes nothing.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { PoolClient } from "pg";
import type { ImportSource } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { pgPool } from "@/server/db/pg";
import { AppError, type FieldProblem } from "@/server/errors";
import { MeteringOptionsError, type Problem, type Reading } from "../types";
import { readingCopy } from "./binary-copy";
import type { KnownPoint } from "./point-resolver";
import { scanFile, type ScanOptions, type ScanResult } from "./scan-file";
import { DAY_MS } from "@/server/shared/iso-date";
import { batchSummary } from "./batch-summary";
import { publicDataChanged } from "@/server/transparency/public-data-version";
import { MARK_IMPORT_SQL } from "@/server/transparency/daily-energy";

export interface ImportRequest {
  communityId: string;
  /** A server-side path chosen by the server (never by the user). */
  path: string;
  /** The name the user gave the file (shown, hashed nowhere, used for derived ids). */
  fileName: string;
  options: ScanOptions;
  source: ImportSource;
  actor: { userId: string | null; orgId: string | null; requestId?: string };
  /** Optional progress hook (benchmark, kill test): "scanned" after pass 1, "copying"/"copied" around the COPY pass, "committed". */
  onPhase?: (phase: ImportPhase) => void;
}

export type ImportPhase = "scanned" | "copying" | "copied" | "committed";

export interface ImportPreview extends ScanResult {
  /** A completed batch of this community with the same file (same SHA-256). */
  alreadyImported: { batchId: string; createdAt: string } | null;
  /** Stored readings of the mapped metering points inside the file's range (compared on import). */
  existingReadings: number;
}

export interface ImportResult extends ImportPreview {
  batchId: string;
  readingsNew: number;
  readingsUnchanged: number;
  readingsCorrected: number;
}

export async function loadPoints(db: Tx, communityId: string): Promise<KnownPoint[]> {
  const rows = await db.meteringPoint.findMany({ where: { communityId }, select: { meterId: true, code: true, direction: true, validFrom: true, validTo: true, capacityKw: true } });
  return rows.map((p) => ({
    // Readings belong to the meter, so a meter shared with another community is stored once (ADR 0009).
    id: p.meterId,
    code: p.code,
    direction: p.direction,
    validFrom: p.validFrom.getTime(),
    validTo: p.validTo ? p.validTo.getTime() : null,
    // Decimal(12, 3) kW → whole W, exactly.
    capacityW: BigInt(p.capacityKw.times(1000).toFixed(0)),
  }));
}

function where(p: Problem): string {
  return p.line !== undefined ? `line ${p.line}` : p.element ? `element ${p.element}` : "file";
}

export function problemsOf(scan: Pick<ScanResult, "problems">): FieldProblem[] {
  return scan.problems.map((p) => ({ where: where(p), message: `${p.code}: ${p.message}` }));
}

async function scan(db: Tx, req: ImportRequest): Promise<{ points: KnownPoint[]; result: ScanResult }> {
  const points = await loadPoints(db, req.communityId);
  try {
    return { points, result: await scanFile(req.path, req.fileName, req.options, points) };
  } catch (err) {
    if (err instanceof MeteringOptionsError) throw new AppError("BAD_REQUEST", err.message);
    throw err;
  }
}

export async function previewImport(db: Tx, req: ImportRequest): Promise<ImportPreview> {
  const { points, result } = await scan(db, req);
  return { ...result, ...(await context(db, req.communityId, points, result)) };
}

async function context(db: Tx, communityId: string, points: KnownPoint[], result: ScanResult) {
  const batch = await db.importBatch.findFirst({ where: { communityId, fileSha256: result.sha256, status: "COMPLETED" }, orderBy: { createdAt: "asc" } });
  const codes = new Set(result.channels.map((c) => c.mappedTo).filter((c): c is string => !!c));
  const range = result.range;
  // Within this community's own validity of each point: a meter shared with another community (ADR
  // 0009) may hold readings from before this community had it, which are not this community's to count.
  const spans = range
    ? points
        .filter((p) => codes.has(p.code.toUpperCase()))
        .map((p) => ({ meteringPointId: p.id, intervalStart: { gte: new Date(Math.max(Date.parse(range.start), p.validFrom)), lt: new Date(Math.min(Date.parse(range.end), p.validTo ?? Infinity)) } }))
        .filter((w) => w.intervalStart.gte < w.intervalStart.lt)
    : [];
  const existingReadings = spans.length ? await db.reading.count({ where: { OR: spans } }) : 0;
  return { alreadyImported: batch ? { batchId: batch.id, createdAt: batch.createdAt.toISOString() } : null, existingReadings };
}

function mappedPointIds(points: KnownPoint[], result: ScanResult): string[] {
  const codes = new Set(result.channels.map((c) => c.mappedTo).filter((c): c is string => !!c));
  return points.filter((p) => codes.has(p.code.toUpperCase())).map((p) => p.id);
}

/**
 * Imports the file. New data (the common case) goes through one pass: parse, validate and COPY
 * straight into `reading` at once, rolled back if the file has a problem. When that cannot work —
 * stored readings overlap (a correction or a re-import) or readings fall outside the partitions
 * prepared for the community — the two-pass import below takes over.
 */
export async function importFile(db: Tx, req: ImportRequest): Promise<ImportResult> {
  const points = await loadPoints(db, req.communityId);
  const sha256 = await hashFile(req.path);
  const known = await db.importBatch.findFirst({ where: { communityId: req.communityId, fileSha256: sha256, status: "COMPLETED" }, orderBy: { createdAt: "asc" } });
  if (!known) {
    const direct = await importInOnePass(req, points, sha256);
    if (direct) return publicDataChangedWith({ ...direct, alreadyImported: null, existingReadings: 0 });
  }
  return publicDataChangedWith(await importInTwoPasses(db, req));
}

/** New readings change the public figures: kept copies of the public pages are stale (public-data-version.ts). */
function publicDataChangedWith<T>(result: T): T {
  publicDataChanged();
  return result;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** PostgreSQL errors that send an import to the two-pass path: a stored reading, or no partition. */
const FALL_BACK = new Set(["23505", "23514"]);

const QUERIES = {
  lock: "SELECT pg_advisory_xact_lock(hashtext('dajie-import'), hashtext($1))",
  known: "SELECT id FROM import_batch WHERE community_id = $1 AND file_sha256 = $2 AND status = 'COMPLETED' LIMIT 1",
  batch: `INSERT INTO import_batch (id, community_id, file_name, file_sha256, size_bytes, format, source, created_by_id, status)
          VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, 'COMPLETED') RETURNING id`,
  finish: `UPDATE import_batch SET format = $7, size_bytes = $8, reading_count = $2, readings_new = $3, readings_unchanged = $4, readings_corrected = $5, summary = $6 WHERE id = $1`,
  audit: `INSERT INTO audit_event (id, org_id, community_id, actor_user_id, action, object_type, object_id, after, request_id)
          VALUES (gen_random_uuid(), $1, $2, $3, $4, 'import-batch', $5, $6, $7)`,
  columns: "(metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)",
};

/** The months readings of these points can fall in: from the first validity (at most 10 years back) to a month ahead. */
function partitionWindow(points: KnownPoint[], now = Date.now()): [Date, Date] {
  const tenYears = now - 3653 * DAY_MS;
  const from = Math.max(tenYears, Math.min(...points.map((p) => p.validFrom)));
  const openEnded = points.some((p) => p.validTo === null);
  const to = openEnded ? now + 32 * DAY_MS : Math.min(now + 32 * DAY_MS, Math.max(...points.map((p) => p.validTo ?? 0)));
  return [new Date(from), new Date(Math.max(from + 1, to))];
}

async function finish(client: PoolClient, req: ImportRequest, batchId: string, scan: ScanResult, counts: { readingsNew: number; readingsCorrected: number }) {
  const readingsUnchanged = scan.importable - counts.readingsNew - counts.readingsCorrected;
  const summary = batchSummary(scan);
  // The public page's daily rows of these days are recomputed on its next read (daily-energy.ts).
  if (scan.range) await client.query(MARK_IMPORT_SQL, [req.communityId, scan.range.start, scan.range.end]);
  await client.query(QUERIES.finish, [batchId, scan.importable, counts.readingsNew, readingsUnchanged, counts.readingsCorrected, JSON.stringify(summary), scan.format, scan.sizeBytes]);
  await client.query(QUERIES.audit, [
    req.actor.orgId,
    req.communityId,
    req.actor.userId,
    counts.readingsCorrected ? "readings.import-correction" : "readings.import",
    batchId,
    JSON.stringify({ fileName: req.fileName, sha256: scan.sha256, format: scan.format, source: req.source, readings: scan.importable, ...counts, readingsUnchanged, skipped: scan.skippedCount }),
    req.actor.requestId ?? null,
  ]);
  return { batchId, ...counts, readingsUnchanged };
}

function refuse(scan: ScanResult): never {
  const total = Object.values(scan.problemCounts).reduce((a, b) => a + (b ?? 0), 0);
  throw new AppError("BAD_REQUEST", `The file was not imported: ${total} problem${total === 1 ? "" : "s"}. Nothing was changed.`, problemsOf(scan));
}

/** One pass straight into `reading`; null when the two-pass import must take over. */
async function importInOnePass(req: ImportRequest, points: KnownPoint[], sha256: string): Promise<Omit<ImportResult, "alreadyImported" | "existingReadings"> | null> {
  if (points.length === 0) return null;
  // The partitions of the community's window are made in their own short transaction: empty ones are
  // harmless, and other imports never wait for this one's COPY to finish to see them.
  const [from, to] = partitionWindow(points);
  await pgPool().query("SELECT dajie_ensure_reading_partitions($1, $2)", [from, to]);
  const client = await pgPool().connect();
  // On any failure the connection is dropped rather than reused: a COPY may still be open on it, and
  // PostgreSQL rolls back the transaction of a closed connection by itself.
  let broken = true;
  try {
    await client.query("BEGIN");
    await client.query(QUERIES.lock, [req.communityId]);
    if ((await client.query(QUERIES.known, [req.communityId, sha256])).rowCount) {
      await client.query("ROLLBACK");
      broken = false;
      return null;
    }
    // format and size are filled in by finish(); the row is invisible until COMMIT anyway.
    const batchId = (await client.query<{ id: string }>(QUERIES.batch, [req.communityId, req.fileName, sha256, 0, "", req.source, req.actor.userId])).rows[0]!.id;
    const writer = readingCopy(client, "reading", batchId);
    req.onPhase?.("copying");
    let scan: ScanResult;
    try {
      scan = await scanFile(req.path, req.fileName, req.options, points, (r, pointId) => writer.write(r, pointId));
      await writer.end();
    } catch (err) {
      if (err instanceof MeteringOptionsError) throw new AppError("BAD_REQUEST", err.message);
      if (FALL_BACK.has((err as { code?: string }).code ?? "")) return null;
      throw err;
    }
    req.onPhase?.("copied");
    if (scan.sha256 !== sha256) throw new AppError("CONFLICT", "The file changed while it was being imported. Nothing was changed.");
    if (scan.problems.length) refuse(scan);
    if (!scan.range) throw new AppError("BAD_REQUEST", "The file holds no readings for this community's metering points. Nothing was changed.");
    const done = await finish(client, req, batchId, scan, { readingsNew: scan.importable, readingsCorrected: 0 });
    await client.query("COMMIT");
    broken = false;
    req.onPhase?.("committed");
    return { ...scan, ...done };
  } finally {
    client.release(broken);
  }
}

/** Two passes: check the whole file first, then write through a staging table when stored readings overlap. */
async function importInTwoPasses(db: Tx, req: ImportRequest): Promise<ImportResult> {
  const { points, result: first } = await scan(db, req);
  req.onPhase?.("scanned");
  if (first.problems.length) refuse(first);
  const ctx = await context(db, req.communityId, points, first);
  if (ctx.alreadyImported) {
    return { ...first, ...ctx, batchId: ctx.alreadyImported.batchId, readingsNew: 0, readingsUnchanged: first.importable, readingsCorrected: 0 };
  }
  if (!first.range) throw new AppError("BAD_REQUEST", "The file holds no readings for this community's metering points. Nothing was changed.");

  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    // One import per community at a time: overlap detection and corrections stay simple and exact.
    await client.query(QUERIES.lock, [req.communityId]);
    const again = await client.query(QUERIES.known, [req.communityId, first.sha256]);
    if (again.rowCount) {
      await client.query("ROLLBACK");
      return { ...first, ...ctx, batchId: again.rows[0].id as string, alreadyImported: { batchId: again.rows[0].id as string, createdAt: new Date().toISOString() }, readingsNew: 0, readingsUnchanged: first.importable, readingsCorrected: 0 };
    }
    await client.query("SELECT dajie_ensure_reading_partitions($1, $2)", [first.range.start, first.range.end]);
    const batch = await client.query<{ id: string }>(QUERIES.batch, [req.communityId, req.fileName, first.sha256, first.sizeBytes, first.format, req.source, req.actor.userId]);
    const batchId = batch.rows[0]!.id;
    const ids = mappedPointIds(points, first);
    const overlap = await client.query("SELECT 1 FROM reading WHERE metering_point_id = ANY($1::uuid[]) AND interval_start >= $2 AND interval_start < $3 LIMIT 1", [ids, first.range.start, first.range.end]);
    const direct = overlap.rowCount === 0;

    if (!direct) await client.query("CREATE TEMP TABLE import_stage (LIKE reading INCLUDING DEFAULTS) ON COMMIT DROP");
    const writer = readingCopy(client, direct ? "reading" : "import_stage", batchId);
    req.onPhase?.("copying");
    const second = await scanFile(req.path, req.fileName, req.options, points, (r, pointId) => writer.write(r, pointId));
    await writer.end();
    req.onPhase?.("copied");
    if (second.sha256 !== first.sha256 || second.importable !== first.importable) throw new AppError("CONFLICT", "The file changed while it was being imported. Nothing was changed.");

    let readingsNew = first.importable;
    let readingsCorrected = 0;
    if (!direct) {
      const changed = `FROM import_stage s JOIN reading r USING (metering_point_id, interval_start)
        WHERE (r.energy_mwh, r.quality, r.interval_seconds) IS DISTINCT FROM (s.energy_mwh, s.quality, s.interval_seconds)`;
      const revised = await client.query(
        `INSERT INTO reading_revision (metering_point_id, interval_start, old_energy_mwh, old_quality, old_batch_id, new_energy_mwh, new_batch_id)
         SELECT r.metering_point_id, r.interval_start, r.energy_mwh, r.quality, r.batch_id, s.energy_mwh, s.batch_id ${changed}`,
      );
      readingsCorrected = revised.rowCount ?? 0;
      if (readingsCorrected) {
        await client.query(
          `UPDATE reading r SET energy_mwh = s.energy_mwh, quality = s.quality, interval_seconds = s.interval_seconds, batch_id = s.batch_id
           FROM import_stage s WHERE r.metering_point_id = s.metering_point_id AND r.interval_start = s.interval_start
             AND (r.energy_mwh, r.quality, r.interval_seconds) IS DISTINCT FROM (s.energy_mwh, s.quality, s.interval_seconds)`,
        );
      }
      const inserted = await client.query("INSERT INTO reading SELECT * FROM import_stage ON CONFLICT DO NOTHING");
      readingsNew = inserted.rowCount ?? 0;
    }
    const done = await finish(client, req, batchId, first, { readingsNew, readingsCorrected });
    await client.query("COMMIT");
    req.onPhase?.("committed");
    return { ...first, ...ctx, ...done };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
