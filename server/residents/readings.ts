// A resident's energy per local day or month, from their own metering points' readings.
import type { Tx } from "@/server/db/client";
import { keptFigure } from "./kept-figures";
import type { OwnMember } from "./own-member";

export type Resolution = "day" | "month";

export interface EnergyBucket {
  /** Local date "YYYY-MM-DD" (day) or month "YYYY-MM", in the community's time zone. */
  bucket: string;
  consumptionMWh: string;
  injectionMWh: string;
  intervals: number;
}

/** Daily view: the last 31 days up to the latest reading; monthly: the last 24 months. */
const SPAN = { day: "30 days", month: "23 months" } as const; // back from the latest bucket, which counts too

export interface MyEnergy {
  resolution: Resolution;
  timeZone: string;
  buckets: EnergyBucket[];
}

/** Kept per member until their points or the data change (kept-figures.ts). */
export async function myEnergy(db: Tx, member: OwnMember, resolution: Resolution): Promise<MyEnergy> {
  return keptFigure(db, member, `energy/${resolution}/${member.communityId}/${member.community.timeZone}`, () => readMyEnergy(db, member, resolution));
}

async function readMyEnergy(db: Tx, member: OwnMember, resolution: Resolution): Promise<MyEnergy> {
  const tz = member.community.timeZone;
  const unit = resolution === "day" ? "day" : "month";
  const format = resolution === "day" ? "YYYY-MM-DD" : "YYYY-MM";
  // Aggregated in PostgreSQL over the (metering_point_id, interval_start) key; local buckets via AT TIME ZONE.
  const rows = await db.$queryRaw<{ bucket: string; consumption: string; injection: string; intervals: number }[]>`
    WITH mine AS (
      -- Readings belong to the meter; only the member's own points' validity counts (ADR 0009).
      SELECT meter_id AS id, direction, valid_from::timestamp AT TIME ZONE ${tz} AS f, coalesce(valid_to::timestamp AT TIME ZONE ${tz}, 'infinity'::timestamptz) AS t
      FROM metering_point WHERE member_id = ${member.id}::uuid AND community_id = ${member.communityId}::uuid),
    latest AS (SELECT max(r.interval_start) AS t FROM reading r JOIN mine m ON m.id = r.metering_point_id AND r.interval_start >= m.f AND r.interval_start < m.t)
    SELECT to_char(date_trunc(${unit}, r.interval_start AT TIME ZONE ${tz}), ${format}) AS bucket,
           coalesce(sum(r.energy_mwh) FILTER (WHERE m.direction = 'CONSUMPTION'), 0)::text AS consumption,
           coalesce(sum(r.energy_mwh) FILTER (WHERE m.direction = 'INJECTION'), 0)::text AS injection,
           count(*)::int AS intervals
    FROM reading r JOIN mine m ON m.id = r.metering_point_id AND r.interval_start >= m.f AND r.interval_start < m.t, latest
    WHERE r.interval_start >= date_trunc(${unit}, (latest.t AT TIME ZONE ${tz}) - ${SPAN[resolution]}::interval) AT TIME ZONE ${tz}
    GROUP BY 1 ORDER BY 1`;
  return {
    resolution,
    timeZone: tz,
    buckets: rows.map((r) => ({ bucket: r.bucket, consumptionMWh: r.consumption, injectionMWh: r.injection, intervals: r.intervals })),
  };
}
