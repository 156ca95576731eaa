// Reads what a settlement run needs from the database: the community's rule, every metering point
// that belongs to a member during the period (clipped to both validities), and its readings summed
// per settlement interval. Readings come back as one row per metering point (8-byte binary integers
// in one bytea), which is many times faster than one row per interval.
import type { Tx } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { loadMarketRule, marketRuleSnapshot } from "@/server/market/limits";
import { periodUtc, type Period } from "./periods";
import { parseDecimal } from "./decimal";
import { applyFactors, type FactorStep } from "./participation";
import { inputsDigest, missingOf } from "./run-computation";
import type { MarketSnapshot } from "./run-schemas";
import { PRICE_DECIMALS } from "./valuation";

export interface RunCommunity {
  id: string;
  slug: string;
  name: string;
  municipalityId: string;
  timeZone: string;
  intervalMinutes: number;
  ruleKind: "DYNAMIC" | "STATIC" | "STATIC_REDISTRIBUTE" | "IT_CER" | "MARKET";
  ruleParams: Record<string, unknown>;
  /** Market rule: tariffs and every member's limits for the period (in the snapshot and the digest). */
  market?: MarketSnapshot;
  /** EUR/kWh with 5 decimals. */
  priceEurPerKWh: string;
}

export interface SeriesWindow {
  meteringPointId: string;
  code: string;
  direction: "CONSUMPTION" | "INJECTION";
  memberId: string;
  pseudonym: string;
  reference: string;
  memberKind: string;
  /** Interval indices [from, to) within the period in which this point counts. */
  fromIdx: number;
  toIdx: number;
}

export interface Series extends SeriesWindow {
  /** mWh per interval index (undefined = no reading), after spreading readings longer than the interval. */
  energy: (bigint | undefined)[];
  /** Indices of the window with no reading. */
  missing: number;
  firstMissingIdx: number | null;
}

export interface RunInputs {
  community: RunCommunity;
  period: Period;
  from: Date;
  to: Date;
  intervalSeconds: number;
  intervalCount: number;
  series: Series[];
  /** SHA-256 (hex) of everything above that affects the result (run-computation.ts: inputsDigest). */
  inputsDigest: string;
}

export async function loadCommunity(db: Tx, communityId: string): Promise<RunCommunity> {
  const c = await db.community.findUnique({ where: { id: communityId } });
  if (!c) throw notFound("Community");
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    municipalityId: c.municipalityId,
    timeZone: c.timeZone,
    intervalMinutes: c.intervalMinutes,
    ruleKind: c.ruleKind,
    ruleParams: (c.ruleParams ?? {}) as Record<string, unknown>,
    priceEurPerKWh: c.priceEurPerKWh.toFixed(5),
  };
}

interface WindowRow {
  id: string;
  /** The meter whose readings this point counts (readings are keyed by it; ADR 0009). */
  meter_id: string;
  code: string;
  direction: "CONSUMPTION" | "INJECTION";
  member_id: string;
  pseudonym: string;
  reference: string;
  kind: string;
  w_from: Date;
  w_to: Date;
}

/** A point whose readings are one per interval from `first` on: only the energies travel. */
interface RegularRow {
  id: string;
  /** Index of the first reading. */
  first: number;
  /** The energies as big-endian int8, 8 bytes each (int8send), in interval order. */
  e: Uint8Array;
}

interface SeriesRow {
  id: string;
  e: string;
  idx: string;
  s: string;
}

export async function loadRunInputs(db: Tx, communityId: string, period: Period): Promise<RunInputs> {
  const community = await loadCommunity(db, communityId);
  // Limits from versions starting before the period's end: a later change cannot alter this period.
  if (community.ruleKind === "MARKET") community.market = marketRuleSnapshot(await loadMarketRule(db, communityId, community.timeZone, period.end));
  const { from, to } = periodUtc(period, community.timeZone);
  const intervalSeconds = community.intervalMinutes * 60;
  const intervalMs = intervalSeconds * 1000;
  const intervalCount = Math.ceil((to.getTime() - from.getTime()) / intervalMs);
  const tz = community.timeZone;

  // Each point counts while it is valid and its member belongs to the community (local dates).
  const windows = await db.$queryRaw<WindowRow[]>`
    SELECT * FROM (
      SELECT mp.id::text AS id, mp.meter_id::text AS meter_id, mp.code, mp.direction::text AS direction, m.id::text AS member_id, m.pseudonym, m.reference, m.kind::text AS kind,
             greatest(${from}::timestamptz, mp.valid_from::timestamp AT TIME ZONE ${tz}, m.joined_on::timestamp AT TIME ZONE ${tz}) AS w_from,
             least(${to}::timestamptz, coalesce(mp.valid_to::timestamp AT TIME ZONE ${tz}, ${to}::timestamptz),
                   coalesce(m.left_on::timestamp AT TIME ZONE ${tz}, ${to}::timestamptz)) AS w_to
      FROM metering_point mp JOIN member m ON m.id = mp.member_id
      WHERE mp.community_id = ${communityId}::uuid
    ) w WHERE w_from < w_to ORDER BY id`;

  // One aggregate per point over its primary-key range, fed in interval order by the ordered
  // subquery (so the aggregate's ORDER BY finds its input presorted: no sort per point). Most points
  // are regular (every interval present, each exactly one interval long): for those only the
  // energies travel, as one bytea of 8-byte binary integers — no text to format on the server or to
  // parse here. The others (gaps, other lengths) are read again with their indices and lengths.
  // The points are split in two queries run at once: on the plain client they take two connections,
  // so two server processes (two cores) aggregate; in a transaction they simply run one after the other.
  const fromEpoch = Math.round(from.getTime() / 1000);
  const readRegular = (part: WindowRow[]) =>
    part.length === 0
      ? Promise.resolve([])
      : db.$queryRaw<(RegularRow & { regular: boolean })[]>`
    SELECT w.id::text AS id, x.first, (x.n = x.last - x.first + 1 AND x.max_s = ${intervalSeconds} AND x.min_s = ${intervalSeconds}) AS regular,
           CASE WHEN x.n = x.last - x.first + 1 AND x.max_s = ${intervalSeconds} AND x.min_s = ${intervalSeconds} THEN x.e END AS e
    FROM unnest(${part.map((w) => w.id)}::uuid[], ${part.map((w) => w.meter_id)}::uuid[], ${part.map((w) => w.w_from)}::timestamptz[], ${part.map((w) => w.w_to)}::timestamptz[]) AS w(id, meter, f, t)
    CROSS JOIN LATERAL (
      SELECT string_agg(int8send(r.energy_mwh), ''::bytea ORDER BY r.interval_start) AS e,
             ((date_part('epoch', min(r.interval_start))::bigint - ${fromEpoch}::bigint) / ${intervalSeconds}::int)::int AS first,
             ((date_part('epoch', max(r.interval_start))::bigint - ${fromEpoch}::bigint) / ${intervalSeconds}::int)::int AS last,
             count(*)::int AS n, max(r.interval_seconds) AS max_s, min(r.interval_seconds) AS min_s
      FROM (
        SELECT r.interval_start, r.energy_mwh, r.interval_seconds FROM reading r
        WHERE r.metering_point_id = w.meter AND r.interval_start >= w.f AND r.interval_start < w.t
        ORDER BY r.interval_start
      ) r
    ) x
    WHERE x.n > 0`;
  const half = Math.ceil(windows.length / 2);
  const rows = (await Promise.all([readRegular(windows.slice(0, half)), readRegular(windows.slice(half))])).flat();
  const irregular = rows.filter((r) => !r.regular).map((r) => r.id);
  const windowOf = new Map(windows.map((w) => [w.id, w]));
  // Arrays as text ("{1,2,3}"): only for the few points that are not regular.
  const others =
    irregular.length === 0
      ? []
      : await db.$queryRaw<SeriesRow[]>`
    SELECT w.id::text AS id, x.e::text AS e, x.idx::text AS idx, x.s::text AS s
    FROM unnest(${irregular}::uuid[], ${irregular.map((id) => windowOf.get(id)!.meter_id)}::uuid[], ${irregular.map((id) => windowOf.get(id)!.w_from)}::timestamptz[], ${irregular.map((id) => windowOf.get(id)!.w_to)}::timestamptz[]) AS w(id, meter, f, t)
    CROSS JOIN LATERAL (
      SELECT array_agg((date_part('epoch', r.interval_start)::bigint - ${fromEpoch}::bigint) / ${intervalSeconds}::int ORDER BY r.interval_start) AS idx,
             array_agg(r.energy_mwh ORDER BY r.interval_start) AS e,
             array_agg(r.interval_seconds ORDER BY r.interval_start) AS s
      FROM reading r
      WHERE r.metering_point_id = w.meter AND r.interval_start >= w.f AND r.interval_start < w.t
    ) x`;
  const regularById = new Map(rows.filter((r) => r.regular).map((r) => [r.id, r]));
  const otherById = new Map(others.map((r) => [r.id, r]));

  const factors = await loadFactorSteps(db, communityId, tz, from, to, intervalMs);
  const series: Series[] = windows.flatMap((w) => {
    const fromIdx = Math.round((w.w_from.getTime() - from.getTime()) / intervalMs);
    const toIdx = Math.min(intervalCount, Math.ceil((w.w_to.getTime() - from.getTime()) / intervalMs));
    const regular = regularById.get(w.id);
    const other = otherById.get(w.id);
    const energy = regular ? unpack(regular, intervalCount) : other ? spread(other, intervalSeconds, intervalCount, toIdx) : new Array<bigint | undefined>(intervalCount);
    // The community's share of the meter (ADR 0009); a point at 0 % for the whole window is out.
    if (!applyFactors(energy, fromIdx, toIdx, factors.get(w.meter_id) ?? [])) return [];
    const { missing, firstMissingIdx } = missingOf(energy, fromIdx, toIdx);
    return [{
      meteringPointId: w.id,
      code: w.code,
      direction: w.direction,
      memberId: w.member_id,
      pseudonym: w.pseudonym,
      reference: w.reference,
      memberKind: w.kind,
      fromIdx,
      toIdx,
      energy,
      missing,
      firstMissingIdx,
    }];
  });
  return { community, period, from, to, intervalSeconds, intervalCount, series, inputsDigest: inputsDigest({ community, period, intervalCount, series }) };
}

/**
 * The community's factor versions per meter as interval indices of the period: versions from before
 * the period start at index 0 (only the last of those counts), later ones at their local midnight.
 */
async function loadFactorSteps(db: Tx, communityId: string, tz: string, from: Date, to: Date, intervalMs: number): Promise<Map<string, FactorStep[]>> {
  const rows = await db.$queryRaw<{ meter_id: string; starts: Date; bp: number }[]>`
    SELECT f.meter_id::text AS meter_id, f.valid_from::timestamp AT TIME ZONE ${tz} AS starts, f.basis_points AS bp
    FROM participation_factor f
    WHERE f.community_id = ${communityId}::uuid AND f.valid_from::timestamp AT TIME ZONE ${tz} < ${to}::timestamptz
    ORDER BY f.meter_id, f.valid_from`;
  const out = new Map<string, FactorStep[]>();
  for (const r of rows) {
    const fromIdx = Math.max(0, Math.ceil((r.starts.getTime() - from.getTime()) / intervalMs));
    const steps = out.get(r.meter_id) ?? [];
    // A later version starting at the same index replaces the earlier one (both before the period).
    if (steps.length > 0 && steps[steps.length - 1]!.fromIdx === fromIdx) steps.pop();
    steps.push({ fromIdx, basisPoints: r.bp });
    out.set(r.meter_id, steps);
  }
  return out;
}

/** A regular point's energies (big-endian int8 each) at their interval indices. */
function unpack(row: RegularRow, intervalCount: number): (bigint | undefined)[] {
  const out = new Array<bigint | undefined>(intervalCount);
  const view = new DataView(row.e.buffer, row.e.byteOffset, row.e.byteLength);
  for (let k = 0; k < row.e.byteLength / 8; k++) out[row.first + k] = view.getBigInt64(8 * k);
  return out;
}

/**
 * Readings → energy per settlement interval. Readings shorter than the interval add up in it; a
 * reading longer than the community's interval (e.g. hourly data in a 15-minute community) is spread
 * evenly over the intervals it covers, the remainder of the integer division going to the first ones,
 * so the sum is kept to the mWh.
 */
function spread(row: SeriesRow, intervalSeconds: number, intervalCount: number, toIdx: number): (bigint | undefined)[] {
  const items = (text: string) => text.slice(1, -1).split(",");
  const e = items(row.e);
  const out = new Array<bigint | undefined>(intervalCount);
  const idx = items(row.idx);
  const s = items(row.s);
  for (let k = 0; k < idx.length; k++) {
    const i = Number(idx[k]);
    const energy = BigInt(e[k]!);
    const seconds = Number(s[k]);
    if (seconds <= intervalSeconds) {
      out[i] = (out[i] ?? 0n) + energy;
      continue;
    }
    const n = Math.min(Math.ceil(seconds / intervalSeconds), toIdx - i);
    const parts = BigInt(Math.ceil(seconds / intervalSeconds));
    const base = energy / parts;
    let rest = energy % parts;
    for (let j = 0; j < n; j++) {
      const part = base + (rest > 0n ? 1n : 0n);
      if (rest > 0n) rest--;
      out[i + j] = (out[i + j] ?? 0n) + part;
    }
  }
  return out;
}

/** The zonal prices a run needs (run-computation.ts: zonalPriceNeed), by UTC hour; missing hours are reported by computeRun. */
export async function loadZonalPrices(db: Tx, need: { zone: string; from: string; to: string } | null): Promise<Map<string, bigint>> {
  if (!need) return new Map();
  const rows = await db.zonalPrice.findMany({
    where: { zone: need.zone, hourStart: { gte: new Date(need.from), lte: new Date(need.to) } },
    select: { hourStart: true, eurPerMWh: true },
  });
  return new Map(rows.map((r) => [r.hourStart.toISOString(), parseDecimal(r.eurPerMWh.toFixed(6), PRICE_DECIMALS)]));
}
