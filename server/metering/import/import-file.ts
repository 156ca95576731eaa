// Importing a metering file into a community, all-or-nothing:
//   1. a first streaming pass parses, validates and maps every reading; any blocking problem stops here
//      (nothing written, every problem with its line or element);
//   2. in one transaction: the batch row, the monthly partitions, then a second pass streams the same
//      readings through COPY — straight into `reading` when no stored reading overlaps (new data, the
//      common case), otherwise through a staging table that separates new, unchanged and corrected
//      readings (old values kept in `reading_revision`); the audit event; commit.
// A process killed in the middle leaves nothing: PostgreSQL rolls back the open transaction.
// The same file twice (same SHA-256) changes nothing.
import type { ImportSource } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { pgPool } from "@/server/db/pg";
import { AppError, type FieldProblem } from "@/server/errors";
import { MeteringOptionsError, type Problem, type Reading } from "../types";
import { copyWriter, type CopyWriter } from "./copy-writer";
import type { KnownPoint } from "./point-resolver";
import { scanFile, type ScanOptions, type ScanResult } from "./scan-file";

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
  const rows = await db.meteringPoint.findMany({ where: { communityId }, select: { id: true, code: true, direction: true, validFrom: true, validTo: true } });
  return rows.map((p) => ({ id: p.id, code: p.code, direction: p.direction, validFrom: p.validFrom.getTime(), validTo: p.validTo ? p.validTo.getTime() : null }));
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
  const ids = mappedPointIds(points, result);
  const existingReadings =
    result.range && ids.length
      ? await db.reading.count({ where: { meteringPointId: { in: ids }, intervalStart: { gte: new Date(result.range.start), lt: new Date(result.range.end) } } })
      : 0;
  return { alreadyImported: batch ? { batchId: batch.id, createdAt: batch.createdAt.toISOString() } : null, existingReadings };
}

function mappedPointIds(points: KnownPoint[], result: ScanResult): string[] {
  const codes = new Set(result.channels.map((c) => c.mappedTo).filter((c): c is string => !!c));
  return points.filter((p) => codes.has(p.code.toUpperCase())).map((p) => p.id);
}

const QUALITY = { measured: "MEASURED", substituted: "SUBSTITUTED", estimated: "ESTIMATED" } as const;

/**
 * Renders one COPY text line. Interval starts repeat across the points of a file (and toISOString is
 * a large share of the per-row cost), so their text is kept in a small per-import cache.
 */
function copyLines(batchId: string): (r: Reading, pointId: string) => string {
  const iso = new Map<number, string>();
  const tail = `\t${batchId}\n`;
  return (r, pointId) => {
    let start = iso.get(r.start);
    if (start === undefined) {
      if (iso.size >= 100_000) iso.clear();
      start = new Date(r.start).toISOString();
      iso.set(r.start, start);
    }
    return `${pointId}\t${start}\t${r.intervalSeconds}\t${r.energyMWh}\t${QUALITY[r.quality]}${tail}`;
  };
}

export async function importFile(db: Tx, req: ImportRequest): Promise<ImportResult> {
  const { points, result: first } = await scan(db, req);
  req.onPhase?.("scanned");
  if (first.problems.length) {
    const total = Object.values(first.problemCounts).reduce((a, b) => a + (b ?? 0), 0);
    throw new AppError("BAD_REQUEST", `The file was not imported: ${total} problem${total === 1 ? "" : "s"}. Nothing was changed.`, problemsOf(first));
  }
  const ctx = await context(db, req.communityId, points, first);
  if (ctx.alreadyImported) {
    return { ...first, ...ctx, batchId: ctx.alreadyImported.batchId, readingsNew: 0, readingsUnchanged: first.importable, readingsCorrected: 0 };
  }
  if (!first.range) throw new AppError("BAD_REQUEST", "The file holds no readings for this community's metering points. Nothing was changed.");

  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    // One import per community at a time: overlap detection and corrections stay simple and exact.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('dajie-import'), hashtext($1))", [req.communityId]);
    const again = await client.query("SELECT id FROM import_batch WHERE community_id = $1 AND file_sha256 = $2 AND status = 'COMPLETED' LIMIT 1", [req.communityId, first.sha256]);
    if (again.rowCount) {
      await client.query("ROLLBACK");
      return { ...first, ...ctx, batchId: again.rows[0].id as string, alreadyImported: { batchId: again.rows[0].id as string, createdAt: new Date().toISOString() }, readingsNew: 0, readingsUnchanged: first.importable, readingsCorrected: 0 };
    }
    await client.query("SELECT dajie_ensure_reading_partitions($1, $2)", [first.range.start, first.range.end]);
    const batch = await client.query<{ id: string }>(
      `INSERT INTO import_batch (id, community_id, file_name, file_sha256, size_bytes, format, source, created_by_id, status)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, 'COMPLETED') RETURNING id`,
      [req.communityId, req.fileName, first.sha256, first.sizeBytes, first.format, req.source, req.actor.userId],
    );
    const batchId = batch.rows[0]!.id;
    const ids = mappedPointIds(points, first);
    const overlap = await client.query("SELECT 1 FROM reading WHERE metering_point_id = ANY($1::uuid[]) AND interval_start >= $2 AND interval_start < $3 LIMIT 1", [ids, first.range.start, first.range.end]);
    const direct = overlap.rowCount === 0;

    if (!direct) await client.query("CREATE TEMP TABLE import_stage (LIKE reading INCLUDING DEFAULTS) ON COMMIT DROP");
    const columns = "(metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)";
    const writer: CopyWriter = copyWriter(client, `COPY ${direct ? "reading" : "import_stage"} ${columns} FROM STDIN`);
    req.onPhase?.("copying");
    const copyLine = copyLines(batchId);
    const second = await scanFile(req.path, req.fileName, req.options, points, (r, pointId) => writer.write(copyLine(r, pointId)));
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
    const readingsUnchanged = first.importable - readingsNew - readingsCorrected;
    const summary = { channels: first.channels.map(({ gaps: _gaps, ...c }) => c), skipped: first.skipped, skippedCount: first.skippedCount, range: first.range };
    await client.query(
      `UPDATE import_batch SET reading_count = $2, readings_new = $3, readings_unchanged = $4, readings_corrected = $5, summary = $6 WHERE id = $1`,
      [batchId, first.importable, readingsNew, readingsUnchanged, readingsCorrected, JSON.stringify(summary)],
    );
    await client.query(
      `INSERT INTO audit_event (id, org_id, community_id, actor_user_id, action, object_type, object_id, after, request_id)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 'import-batch', $5, $6, $7)`,
      [
        req.actor.orgId,
        req.communityId,
        req.actor.userId,
        readingsCorrected ? "readings.import-correction" : "readings.import",
        batchId,
        JSON.stringify({ fileName: req.fileName, sha256: first.sha256, format: first.format, source: req.source, readings: first.importable, readingsNew, readingsUnchanged, readingsCorrected, skipped: first.skippedCount }),
        req.actor.requestId ?? null,
      ],
    );
    await client.query("COMMIT");
    req.onPhase?.("committed");
    return { ...first, ...ctx, batchId, readingsNew, readingsUnchanged, readingsCorrected };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
