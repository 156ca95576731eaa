// The console's read model of a community's meter data: its import batches, and per metering point
// the energy per local day and the missing intervals. Every query is filtered by the community.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { addDays, DAY_MS, utcToday } from "@/server/shared/iso-date";
import { dateToIso } from "@/server/shared/validation";
import { formatWh } from "./energy-units";
import { parseBatchSummary } from "./import/batch-summary";

/** The longest period the daily totals and the gap search look at. */
export const MAX_VIEW_DAYS = 366;

/** Newest first, at most 200. */
export async function importBatches(db: Tx, communityId: string) {
  const rows = await db.importBatch.findMany({
    where: { communityId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, fileName: true, format: true, source: true, status: true, createdAt: true, sizeBytes: true, readingCount: true, readingsNew: true, readingsUnchanged: true, readingsCorrected: true, summary: true },
  });
  return rows.map(({ summary, sizeBytes, createdAt, ...b }) => ({
    ...b,
    createdAt: createdAt.toISOString(),
    sizeBytes: Number(sizeBytes),
    skippedCount: parseBatchSummary(summary).skippedCount,
  }));
}

/** The metering point, looked up within the community, with the community's clock. */
async function pointOf(db: Tx, communityId: string, meteringPointId: string) {
  const point = await db.meteringPoint.findFirst({
    where: { id: meteringPointId, communityId },
    select: { id: true, meterId: true, code: true, direction: true, validFrom: true, validTo: true, community: { select: { timeZone: true, intervalMinutes: true } } },
  });
  if (!point) throw notFound("Metering point");
  return point;
}

/**
 * Readings belong to the meter (ADR 0009), which may have been another member's or another
 * community's before or after this point: only the point's own validity is shown.
 */
function within(point: { validFrom: Date; validTo: Date | null }, tz: string) {
  const to = point.validTo ? dateToIso(point.validTo) : null;
  return Prisma.sql`AND interval_start >= (${dateToIso(point.validFrom)}::date::timestamp AT TIME ZONE ${tz})
    AND (${to}::date IS NULL OR interval_start < (${to}::date::timestamp AT TIME ZONE ${tz}))`;
}

/** Energy per local day of [from, to); by default the 31 days up to the last day with data. */
export async function dailyReadings(db: Tx, communityId: string, q: { meteringPointId: string; from?: string; to?: string }, now = new Date()) {
  const point = await pointOf(db, communityId, q.meteringPointId);
  const tz = point.community.timeZone;
  let to = q.to;
  if (!to) {
    // The day after the last day with data, in the community's time zone.
    const [last] = await db.$queryRaw<{ day: string | null }[]>`
      SELECT to_char((max(interval_start) AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day FROM reading WHERE metering_point_id = ${point.meterId}::uuid ${within(point, tz)}`;
    to = addDays(last?.day ?? utcToday(now), 1);
  }
  const from = q.from ?? addDays(to, -31);
  if (from >= to || Date.parse(to) - Date.parse(from) > MAX_VIEW_DAYS * DAY_MS) throw new AppError("BAD_REQUEST", `Choose a period of 1 to ${MAX_VIEW_DAYS} days.`);
  const rows = await db.$queryRaw<{ day: string; mwh: string; intervals: number }[]>`
    SELECT to_char((interval_start AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day, sum(energy_mwh)::text AS mwh, count(*)::int AS intervals
    FROM reading
    WHERE metering_point_id = ${point.meterId}::uuid ${within(point, tz)}
      AND interval_start >= (${from}::date::timestamp AT TIME ZONE ${tz})
      AND interval_start < (${to}::date::timestamp AT TIME ZONE ${tz})
    GROUP BY 1 ORDER BY 1`;
  return {
    meteringPoint: { id: point.id, code: point.code, direction: point.direction },
    timeZone: tz,
    from,
    to,
    days: rows.map((r) => ({ date: r.day, mwh: r.mwh, wh: formatWh(BigInt(r.mwh)), intervals: r.intervals })),
  };
}

const MAX_GAPS = 1000;

/** Runs of missing intervals of [from, to) within the point's validity and the past, at most 1000. */
export async function missingIntervals(db: Tx, communityId: string, q: { meteringPointId: string; from: string; to: string }) {
  const point = await pointOf(db, communityId, q.meteringPointId);
  const tz = point.community.timeZone;
  const stepSeconds = point.community.intervalMinutes * 60;
  // Slots of the community's interval inside the period, the point's validity and the past; a
  // slot is covered when a reading's [start, start + seconds) contains it. Missing slots are
  // merged into runs (gaps and islands).
  const rows = await db.$queryRaw<{ start: Date; end: Date; intervals: number }[]>`
    WITH bounds AS (
      SELECT greatest((${q.from}::date::timestamp AT TIME ZONE ${tz}), (${dateToIso(point.validFrom)}::date::timestamp AT TIME ZONE ${tz})) AS lo,
             least((${q.to}::date::timestamp AT TIME ZONE ${tz}),
                   coalesce((${point.validTo ? dateToIso(point.validTo) : null}::date::timestamp AT TIME ZONE ${tz}), 'infinity'::timestamptz),
                   to_timestamp(floor(extract(epoch FROM now()) / ${stepSeconds}) * ${stepSeconds})) AS hi,
             make_interval(secs => ${stepSeconds}) AS step
    ),
    slots AS (
      SELECT s FROM bounds, generate_series(bounds.lo, bounds.hi - bounds.step, bounds.step) AS s
    ),
    covered AS (
      SELECT generate_series(r.interval_start, r.interval_start + make_interval(secs => r.interval_seconds) - b.step, b.step) AS s
      FROM reading r, bounds b
      WHERE r.metering_point_id = ${point.meterId}::uuid AND r.interval_start >= b.lo - interval '1 day' AND r.interval_start < b.hi
    ),
    missing AS (SELECT s FROM slots EXCEPT SELECT s FROM covered),
    runs AS (SELECT s, s - (row_number() OVER (ORDER BY s)) * (SELECT step FROM bounds) AS grp FROM missing)
    SELECT min(s) AS start, max(s) + (SELECT step FROM bounds) AS "end", count(*)::int AS intervals
    FROM runs GROUP BY grp ORDER BY 1 LIMIT ${MAX_GAPS + 1}`;
  return {
    meteringPoint: { id: point.id, code: point.code, direction: point.direction },
    intervalMinutes: point.community.intervalMinutes,
    gaps: rows.slice(0, MAX_GAPS).map((r) => ({ start: r.start.toISOString(), end: r.end.toISOString(), intervals: r.intervals })),
    more: rows.length > MAX_GAPS,
  };
}
