// The public page's per-member daily energy, precomputed in `daily_energy` so a visit reads a few
// thousand rows instead of a year of readings. The rows are exactly what the reference query
// (memberDays in public-stats.ts) gives: the same query fills them, for the local days marked in
// `daily_energy_dirty` — by the importer inside its transaction (the days of the file, for every
// community that shares one of its meters; code that writes readings itself calls markImportedDays)
// and by triggers on member, metering_point and
// participation_factor (from the earliest date a change touches). The work is done by the first read
// after a change, under a per-community lock, so an import stays as fast as its COPY; the migration
// marks every existing community whole, which is also how to rebuild one (mark it, then read).
import type { Db, Tx } from "@/server/db/client";
import type { MemberDay } from "./public-figures";
import { memberDays } from "./public-stats";
import { addDays, localMidnightUtc } from "@/server/settlement/periods";

interface Community {
  id: string;
  timeZone: string;
  intervalMinutes: number;
}

/** Local days per query of a recompute (a month of a 1,000-member community is ~3.5 M readings). */
const CHUNK_DAYS = 31;

/** A full recompute of a large community takes minutes; nothing else waits on this transaction. */
const REFRESH_TIMEOUT_MS = 30 * 60_000;

/**
 * Marks, inside an import's transaction, the local days from `from` to `to` (instants; a day more on
 * each side for readings that cross midnight) of every community with a point on the importing
 * community's meters. `query` is the import's own connection.
 */
export const MARK_IMPORT_SQL = `
  INSERT INTO daily_energy_dirty (community_id, from_day, to_day)
  SELECT DISTINCT o.community_id, ($2::timestamptz AT TIME ZONE c.time_zone)::date - 1, ($3::timestamptz AT TIME ZONE c.time_zone)::date + 2
  FROM metering_point mine JOIN metering_point o ON o.meter_id = mine.meter_id JOIN community c ON c.id = o.community_id
  WHERE mine.community_id = $1::uuid`;

/** MARK_IMPORT_SQL through Prisma: for code that writes readings itself (tests, demo seeds). */
export async function markImportedDays(db: Tx, communityId: string, from: Date, to: Date): Promise<void> {
  await db.$executeRawUnsafe(MARK_IMPORT_SQL, communityId, from, to);
}

/** Recomputes the community's marked days, if any; returns how many marks it consumed. */
export async function refreshDailyEnergy(db: Db, c: Community, chunkDays = CHUNK_DAYS): Promise<number> {
  const pending = await db.dailyEnergyDirty.count({ where: { communityId: c.id } });
  if (pending === 0) return 0;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('dajie-daily-energy'), hashtext(${c.id}))`;
      // Under the lock: another reader may have done it meanwhile; marks added after this read stay.
      const [m] = await tx.$queryRaw<{ last: bigint | null; whole: boolean; from: string | null; open: boolean; to: string | null }[]>`
        SELECT max(id) AS last, bool_or(from_day IS NULL) AS whole, to_char(min(from_day), 'YYYY-MM-DD') AS from,
               bool_or(to_day IS NULL) AS open, to_char(max(to_day), 'YYYY-MM-DD') AS to
        FROM daily_energy_dirty WHERE community_id = ${c.id}::uuid`;
      if (!m || m.last === null) return 0;
      // Open ends narrowed to the community's readings (a day more each side for readings over midnight).
      const [span] = await tx.$queryRaw<{ first: string | null; last: string | null }[]>`
        SELECT to_char((min(r.interval_start) AT TIME ZONE ${c.timeZone})::date - 1, 'YYYY-MM-DD') AS first,
               to_char((max(r.interval_start) AT TIME ZONE ${c.timeZone})::date + 2, 'YYYY-MM-DD') AS last
        FROM reading r WHERE r.metering_point_id IN (SELECT meter_id FROM metering_point WHERE community_id = ${c.id}::uuid)`;
      await tx.$executeRaw`
        DELETE FROM daily_energy WHERE community_id = ${c.id}::uuid
          AND (${m.whole}::boolean OR day >= ${m.from}::date) AND (${m.open}::boolean OR day < ${m.to}::date)`;
      const later = (x: string | null | undefined, y: string | null | undefined) => (!x ? y : !y ? x : x > y ? x : y);
      const earlier = (x: string | null | undefined, y: string | null | undefined) => (!x ? y : !y ? x : x < y ? x : y);
      const fromDay = span?.first ? later(m.whole ? null : m.from, span.first) : null;
      const toDay = span?.last ? earlier(m.open ? null : m.to, span.last) : null;
      // No readings at all: nothing to compute. Else chunk by chunk, so each aggregate stays in memory.
      if (fromDay && toDay) {
        for (let d = fromDay; d < toDay; d = addDays(d, chunkDays)) {
          const end = addDays(d, chunkDays) < toDay ? addDays(d, chunkDays) : toDay;
          const rows = await memberDays(tx, c, new Date(localMidnightUtc(end, c.timeZone)), d);
          for (let i = 0; i < rows.length; i += 50_000) await insertDays(tx, c.id, rows.slice(i, i + 50_000));
        }
      }
      const done = await tx.$executeRaw`DELETE FROM daily_energy_dirty WHERE community_id = ${c.id}::uuid AND id <= ${m.last}`;
      return done;
    },
    { timeout: REFRESH_TIMEOUT_MS, maxWait: REFRESH_TIMEOUT_MS },
  );
}

async function insertDays(tx: Tx, communityId: string, rows: MemberDay[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO daily_energy (community_id, day, member_id, consumption_mwh, injection_mwh, shared_mwh)
    SELECT ${communityId}::uuid, d, m, c, p, s
    FROM unnest(${rows.map((r) => r.day)}::date[], ${rows.map((r) => r.member)}::uuid[], ${rows.map((r) => r.consumptionMWh?.toString() ?? null)}::bigint[],
                ${rows.map((r) => r.injectionMWh?.toString() ?? null)}::bigint[], ${rows.map((r) => r.sharedMWh.toString())}::bigint[]) AS t(d, m, c, p, s)`;
}

/** The community's daily rows before local date `until` (exclusive), refreshed first: equal to memberDays(…, until). */
export async function dailyEnergy(db: Db, c: Community, until: string, chunkDays = CHUNK_DAYS): Promise<MemberDay[]> {
  await refreshDailyEnergy(db, c, chunkDays);
  const rows = await db.$queryRaw<{ member: string; day: string; c: bigint | null; p: bigint | null; s: bigint }[]>`
    SELECT member_id::text AS member, to_char(day, 'YYYY-MM-DD') AS day, consumption_mwh AS c, injection_mwh AS p, shared_mwh AS s
    FROM daily_energy WHERE community_id = ${c.id}::uuid AND day < ${until}::date
    ORDER BY day, member_id::text`;
  return rows.map((r) => ({ member: r.member, day: r.day, consumptionMWh: r.c, injectionMWh: r.p, sharedMWh: r.s }));
}
