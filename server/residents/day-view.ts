// A resident's one local day, interval by interval: their consumption and how much of it came from the
// community (the rest from the grid), and for producers what went to neighbours versus to the grid.
// The split is the settlement engine's dynamic pro-rata (allocated = C_i × min(1, G/ΣC)) over the whole
// community's readings of that day — computed here, exact in mWh. Only the member's own figures leave
// this module: other members' readings are read to do the arithmetic and never returned.
import { z } from "zod";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { settle, type SettlementInterval } from "@/server/settlement/engine";
import { localDate, localMidnightUtc } from "@/server/settlement/periods";
import { addDays, isIsoDate } from "@/server/shared/iso-date";
import { KeptPromises } from "@/server/shared/kept-promises";
import { publicDataVersion } from "@/server/transparency/public-data-version";
import { keptFigure } from "./kept-figures";
import type { OwnMember } from "./own-member";

export const dayInput = z.string().refine(isIsoDate, "Give the day as YYYY-MM-DD.");

export interface DayFigures {
  consumptionMWh: string;
  /** Allocated: the part of the consumption covered by the community's production. */
  fromCommunityMWh: string;
  /** Residual: consumption − from community. */
  fromGridMWh: string;
  productionMWh: string;
  /** Delivered: the part of the production that covered neighbours' consumption. */
  toNeighboursMWh: string;
  /** Surplus: production − to neighbours. */
  toGridMWh: string;
}

export interface DayView {
  day: string;
  timeZone: string;
  intervalMinutes: number;
  /** Every interval of the local day (92, 96 or 100 quarter hours); `measured`: the member has a reading in it. */
  intervals: (DayFigures & { start: string; measured: boolean })[];
  totals: DayFigures;
}

interface Row {
  start: Date;
  member_id: string;
  direction: "CONSUMPTION" | "INJECTION";
  energy: bigint;
}

/** [from, to) of a local day in UTC. */
export function localDayUtc(day: string, timeZone: string): { from: Date; to: Date } {
  return { from: new Date(localMidnightUtc(day, timeZone)), to: new Date(localMidnightUtc(addDays(day, 1), timeZone)) };
}

const ZERO: Record<keyof DayFigures, bigint> = { consumptionMWh: 0n, fromCommunityMWh: 0n, fromGridMWh: 0n, productionMWh: 0n, toNeighboursMWh: 0n, toGridMWh: 0n };
const asText = (f: Record<keyof DayFigures, bigint>): DayFigures => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.toString()])) as unknown as DayFigures;

/** The whole community's split of one local day: the engine's flows per interval, and who measured when. */
interface CommunityDay {
  intervalMinutes: number;
  from: Date;
  to: Date;
  flows: Map<string, ReturnType<typeof settle>["intervals"][number]>;
  /** Per member, the interval starts they have a reading in. */
  measured: Map<string, Set<string>>;
}

// The split is the same for every member of the community who asks for that day, and the whole day's
// readings are ~100 k rows in a large community: so it is kept per community, day and public data
// version (an import, a member or point change, a finalize moves it: public-data-version.ts) for at most
// a minute, and computed once when many residents ask at once. It stays in this process's memory; only
// a member's own figures ever leave this module.
const keptDays = new KeptPromises<CommunityDay>(60_000, 200);

async function communityDay(db: Tx, communityId: string, timeZone: string, day: string, now = Date.now()): Promise<CommunityDay> {
  return keptDays.get(`${communityId}/${day}`, await publicDataVersion(now), now, () => computeCommunityDay(db, communityId, timeZone, day));
}

async function computeCommunityDay(db: Tx, communityId: string, tz: string, day: string): Promise<CommunityDay> {
  const { intervalMinutes } = await db.community.findUniqueOrThrow({ where: { id: communityId }, select: { intervalMinutes: true } });
  const { from, to } = localDayUtc(day, tz);
  // The whole community's readings of the day, summed per interval, member and direction (a member may
  // have several points): the engine needs everyone's to split the shared energy.
  const rows = await db.$queryRaw<Row[]>`
    SELECT start, member_id, direction, sum(energy)::bigint AS energy FROM (
      -- Per point and interval, the community's share of its meter (ADR 0009), as settlement takes it.
      SELECT r.interval_start AS start, mp.member_id::text AS member_id, mp.direction::text AS direction,
             sum(r.energy_mwh) * coalesce(f.bp, 10000) / 10000 AS energy
      FROM reading r JOIN metering_point mp ON mp.meter_id = r.metering_point_id
      LEFT JOIN LATERAL (SELECT pf.basis_points AS bp FROM participation_factor pf
                         WHERE pf.community_id = mp.community_id AND pf.meter_id = mp.meter_id AND pf.valid_from <= ${day}::date
                         ORDER BY pf.valid_from DESC LIMIT 1) f ON true
      WHERE mp.community_id = ${communityId}::uuid AND r.interval_start >= ${from} AND r.interval_start < ${to}
        AND mp.valid_from <= ${day}::date AND (mp.valid_to IS NULL OR mp.valid_to > ${day}::date)
      GROUP BY 1, 2, 3, mp.id, f.bp
    ) p
    GROUP BY 1, 2, 3`;

  const byStart = new Map<string, SettlementInterval & { consumption: Map<string, bigint>; production: Map<string, bigint> }>();
  const measured = new Map<string, Set<string>>();
  for (const r of rows) {
    const start = r.start.toISOString();
    let iv = byStart.get(start);
    if (!iv) byStart.set(start, (iv = { start, consumption: new Map(), production: new Map() }));
    (r.direction === "CONSUMPTION" ? iv.consumption : iv.production).set(r.member_id, BigInt(r.energy));
    let own = measured.get(r.member_id);
    if (!own) measured.set(r.member_id, (own = new Set()));
    own.add(start);
  }
  const result = settle({ rule: { kind: "dynamic" }, participation: new Map(), intervals: [...byStart.values()] }, { keepIntervals: true });
  return { intervalMinutes, from, to, flows: new Map(result.intervals.map((f) => [f.start, f])), measured };
}

/** The member's day view of local day `day` (YYYY-MM-DD in the community's time zone). */
export async function myDay(db: Tx, member: OwnMember, day: string): Promise<DayView> {
  const parsed = dayInput.safeParse(day);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]!.message, [{ where: "day", message: parsed.error.issues[0]!.message }]);
  // The member's share of the community's kept split, itself kept per member (kept-figures.ts).
  return keptFigure(db, member, `day/${member.communityId}/${member.community.timeZone}/${day}`, () => memberDay(db, member, day));
}

async function memberDay(db: Tx, member: OwnMember, day: string): Promise<DayView> {
  const tz = member.community.timeZone;
  const { intervalMinutes, from, to, flows, measured: measuredBy } = await communityDay(db, member.communityId, tz, day);
  const measured = measuredBy.get(member.id) ?? new Set<string>();

  const totals = { ...ZERO };
  const intervals: DayView["intervals"] = [];
  const step = intervalMinutes * 60_000;
  for (let t = from.getTime(); t < to.getTime(); t += step) {
    const start = new Date(t).toISOString();
    const f = flows.get(start);
    const mine = (m: Map<string, bigint> | undefined) => m?.get(member.id) ?? 0n;
    const figures = {
      consumptionMWh: mine(f?.consumption),
      fromCommunityMWh: mine(f?.allocated),
      fromGridMWh: mine(f?.residual),
      productionMWh: mine(f?.production),
      toNeighboursMWh: mine(f?.delivered),
      toGridMWh: mine(f?.surplus),
    };
    for (const k of Object.keys(totals) as (keyof DayFigures)[]) totals[k] += figures[k];
    intervals.push({ start, measured: measured.has(start), ...asText(figures) });
  }
  return { day, timeZone: tz, intervalMinutes, intervals, totals: asText(totals) };
}

/** The member's own readings of local day `day`, per interval: consumption and injection (mWh). */
export async function myReadings(db: Tx, member: OwnMember, day: string) {
  const view = await myDay(db, member, day);
  return {
    day: view.day,
    timeZone: view.timeZone,
    intervalMinutes: view.intervalMinutes,
    intervals: view.intervals.filter((i) => i.measured).map((i) => ({ start: i.start, consumptionMWh: i.consumptionMWh, injectionMWh: i.productionMWh })),
  };
}

/** The last local day with a reading of the member's own, or null when they have none yet. */
export async function myLatestDay(db: Tx, member: OwnMember): Promise<string | null> {
  // Kept per member until their points or the data change (kept-figures.ts).
  return keptFigure(db, member, `latest-day/${member.communityId}/${member.community.timeZone}`, () => readMyLatestDay(db, member));
}

async function readMyLatestDay(db: Tx, member: OwnMember): Promise<string | null> {
  // The meter's readings within the member's own points' validity only (a meter may have been someone else's).
  const tz = member.community.timeZone;
  const [latest] = await db.$queryRaw<{ t: Date | null }[]>`
    SELECT max(r.interval_start) AS t FROM metering_point mp JOIN reading r ON r.metering_point_id = mp.meter_id
      AND r.interval_start >= mp.valid_from::timestamp AT TIME ZONE ${tz}
      AND (mp.valid_to IS NULL OR r.interval_start < mp.valid_to::timestamp AT TIME ZONE ${tz})
    WHERE mp.member_id = ${member.id}::uuid AND mp.community_id = ${member.communityId}::uuid`;
  return latest?.t ? localDate(latest.t, tz) : null;
}
