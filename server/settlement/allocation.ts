// The allocation rules for one interval, in integer mWh. Pure: maps in, maps out, no rounding except
// through `apportion` (one rounded total, remainder by largest remainder, ties by member id).
import { sortedIds } from "./code-point-order";
import { apportion } from "./largest-remainder";

export type MemberId = string;
/** Energy per member in mWh (1 Wh = 1000 mWh). */
export type EnergyMap = ReadonlyMap<MemberId, bigint>;

/** Energies are exchanged as Wh with 3 decimals, i.e. integer mWh inside. */
export const ENERGY_DECIMALS = 3;

/** Fractions (shares, participation factors, split shares, grant factor) are parts per 10^12. */
export const FRACTION_DECIMALS = 12;
export const FRACTION_ONE = 10n ** BigInt(FRACTION_DECIMALS);

export type AllocationRule =
  | { kind: "dynamic" }
  /** `shares`: s_i in parts per 10^12, Σ ≤ 10^12. Consumers without a share get nothing. */
  | { kind: "static"; shares: ReadonlyMap<MemberId, bigint>; redistribute: boolean };

export interface IntervalAllocation {
  /** A_i per consumer (every id of the consumption map, in code-point order). */
  allocated: Map<MemberId, bigint>;
  /** C_i − A_i: what the consumer still draws from the grid. */
  residual: Map<MemberId, bigint>;
  /** D_j per producer (every id of the production map). */
  delivered: Map<MemberId, bigint>;
  /** P_j − D_j: what the producer sends to the grid beyond the community. */
  surplus: Map<MemberId, bigint>;
  /** Σ A = Σ D. */
  shared: bigint;
  /** Σ of consumption and of injection put into the pool (after participation factors). */
  pooledConsumption: bigint;
  pooledProduction: bigint;
}

const sum = (values: Iterable<bigint>): bigint => {
  let s = 0n;
  for (const v of values) s += v;
  return s;
};

const get = (m: ReadonlyMap<MemberId, bigint>, id: MemberId): bigint => m.get(id) ?? 0n;

/**
 * Participation factor f ∈ [0, 1] of a member: only floor(f · E) of its metered energy E (consumption
 * and injection alike) is put into the community pool in each interval; the rest stays a plain grid
 * exchange (it shows up as residual draw or as surplus). Floor, so the pool never holds more than
 * the agreed fraction. Members without a factor take part fully (f = 1).
 */
export function eligibleEnergy(energy: EnergyMap, participation: ReadonlyMap<MemberId, bigint>): Map<MemberId, bigint> {
  // Everyone takes part fully (the usual case): the same energies, only put in id order.
  if (participation.size === 0) return new Map(sortedIds(energy.keys()).map((id) => [id, get(energy, id)]));
  const out = new Map<MemberId, bigint>();
  for (const id of sortedIds(energy.keys())) {
    const f = participation.get(id) ?? FRACTION_ONE;
    out.set(id, (get(energy, id) * f) / FRACTION_ONE);
  }
  return out;
}

/** Dynamic pro-rata: A_i = min(C_i, G · C_i / ΣC). */
export function allocateDynamic(consumption: EnergyMap, generation: bigint): Map<MemberId, bigint> {
  const ids = sortedIds(consumption.keys());
  const c = ids.map((id) => get(consumption, id));
  const total = sum(c);
  // Enough for everyone (also covers ΣC = 0): each gets exactly its consumption, nothing to round.
  if (generation >= total) return new Map(ids.map((id, k) => [id, c[k]!]));
  const a = apportion(
    c.map((ci) => ci * generation),
    total,
  );
  return new Map(ids.map((id, k) => [id, a[k]!]));
}

/** Static keys: A_i = min(C_i, s_i · G); what a member does not use is surplus. */
export function allocateStatic(consumption: EnergyMap, generation: bigint, shares: ReadonlyMap<MemberId, bigint>): Map<MemberId, bigint> {
  const ids = sortedIds(consumption.keys());
  // Exact quotas over the common denominator 10^12; the rounded total never exceeds G because the
  // exact total is at most Σs · G ≤ G and G is an integer.
  const quotas = ids.map((id) => {
    const capped = get(consumption, id) * FRACTION_ONE;
    const entitled = (shares.get(id) ?? 0n) * generation;
    return capped < entitled ? capped : entitled;
  });
  const a = apportion(quotas, FRACTION_ONE);
  return new Map(ids.map((id, k) => [id, a[k]!]));
}

/**
 * Static keys with redistribution (water-filling): all of G is poured into the members holding a
 * share, each in proportion to its share, a member stopping when its consumption is met. The result
 * is A_i = min(C_i, s_i · λ) for the level λ ≥ G at which Σ A = min(G, Σ C of share holders), so
 * every member gets at least its plain static allotment. Unused shares and the unassigned part
 * 1 − Σs both flow to members still short; members without a share get nothing.
 */
export function allocateStaticRedistributed(
  consumption: EnergyMap,
  generation: bigint,
  shares: ReadonlyMap<MemberId, bigint>,
): Map<MemberId, bigint> {
  const ids = sortedIds(consumption.keys());
  const out = new Map<MemberId, bigint>(ids.map((id) => [id, 0n]));
  const holders = ids.filter((id) => (shares.get(id) ?? 0n) > 0n && get(consumption, id) > 0n);
  const demand = sum(holders.map((id) => get(consumption, id)));
  if (demand <= generation) {
    for (const id of holders) out.set(id, get(consumption, id));
    return out;
  }
  // Fill in order of the level C_i / s_i at which each member becomes full (ties by id: the sort is
  // stable and `holders` is in code-point order). A member is full if its level is at most the
  // current level R / S of the energy R still to pour over the shares S still open.
  const byLevel = [...holders].sort((x, y) => {
    const lx = get(consumption, x) * shares.get(y)!;
    const ly = get(consumption, y) * shares.get(x)!;
    return lx === ly ? 0 : lx < ly ? -1 : 1;
  });
  let rest = generation;
  let openShares = sum(holders.map((id) => shares.get(id)!));
  const full = new Set<MemberId>();
  for (const id of byLevel) {
    const c = get(consumption, id);
    const s = shares.get(id)!;
    if (c * openShares > s * rest) break;
    full.add(id);
    rest -= c;
    openShares -= s;
  }
  // Since demand > G, someone stays open, so openShares > 0. Exact quotas over openShares: full
  // members C_i · S, open members s_i · R; they sum to G · S exactly, so the rounded total is G.
  const quotas = holders.map((id) => (full.has(id) ? get(consumption, id) * openShares : shares.get(id)! * rest));
  const a = apportion(quotas, openShares);
  holders.forEach((id, k) => out.set(id, a[k]!));
  return out;
}

/** D_j = ΣA · P_j / G: what each producer delivered to the community, in proportion to its injection. */
export function deliverShared(production: EnergyMap, shared: bigint): Map<MemberId, bigint> {
  const ids = sortedIds(production.keys());
  const p = ids.map((id) => get(production, id));
  const generation = sum(p);
  if (shared > generation) throw new RangeError("shared energy exceeds generation");
  if (shared === 0n) return new Map(ids.map((id) => [id, 0n]));
  const d = apportion(
    p.map((pj) => pj * shared),
    generation,
  );
  return new Map(ids.map((id, k) => [id, d[k]!]));
}

/**
 * One interval: participation factors scale what enters the pool, the rule allocates the pool's
 * generation to consumers, producers deliver the shared total pro rata. Residual and surplus are
 * measured against the full metered energy.
 */
export function allocateInterval(
  consumption: EnergyMap,
  production: EnergyMap,
  rule: AllocationRule,
  participation: ReadonlyMap<MemberId, bigint> = new Map(),
): IntervalAllocation {
  const eligibleC = eligibleEnergy(consumption, participation);
  const eligibleP = eligibleEnergy(production, participation);
  const generation = sum(eligibleP.values());
  const allocated =
    rule.kind === "dynamic"
      ? allocateDynamic(eligibleC, generation)
      : rule.redistribute
        ? allocateStaticRedistributed(eligibleC, generation, rule.shares)
        : allocateStatic(eligibleC, generation, rule.shares);
  const shared = sum(allocated.values());
  const delivered = deliverShared(eligibleP, shared);
  const residual = new Map([...allocated].map(([id, a]) => [id, get(consumption, id) - a]));
  const surplus = new Map([...delivered].map(([id, d]) => [id, get(production, id) - d]));
  return { allocated, residual, delivered, surplus, shared, pooledConsumption: sum(eligibleC.values()), pooledProduction: generation };
}
