// The settlement engine: a problem (intervals of metered energy, a rule, an optional valuation) in,
// exact energies and money out. Pure and order-independent: member ids and intervals are put in
// canonical order first, so any permutation of the same input gives byte-identical JSON.
import { AppError, type FieldProblem } from "../errors";
import {
  allocateInterval,
  ENERGY_DECIMALS,
  FRACTION_ONE,
  type AllocationRule,
  type EnergyMap,
  type MemberId,
} from "./allocation";
import { compareCodePoints, sortedIds } from "./code-point-order";
import { settleDenseDynamic, type DenseSeries } from "./dense-dynamic";
import { formatDecimal, formatDecimalTrimmed } from "./decimal";
import { GRANTED_TIP_DECIMALS, itCerValuation, tipBand, type CerInterval, type ItCerParams, type ItCerValuation } from "./it-cer";
import { formatMarketMoney, SHOWN_PRICE_DECIMALS } from "./market/prices";
import { marketRuleProblems, settleMarket, type MarketIntervalView, type MarketRule } from "./market/settle-market";
import type { MarketValuation } from "./market/valuation";
import { fieldPath, parseProblem } from "./problem-schema";
import { flatValuation, MONEY_DECIMALS, PRICE_DECIMALS, type FlatValuation } from "./valuation";

export interface SettlementInterval {
  /** Canonical UTC instant "YYYY-MM-DDTHH:MM:SS.sssZ" (sorts chronologically as text). */
  start: string;
  /** mWh per member; a missing member is 0. */
  consumption: EnergyMap;
  production: EnergyMap;
  /** Pz for this interval in micro-EUR/MWh; required for the it-cer valuation only. */
  zonalPrice?: bigint;
}

export type SettlementValuation =
  | { kind: "flat"; priceMicroEurPerKWh: bigint }
  | ({ kind: "it-cer" } & ItCerParams);

export interface SettlementProblem {
  rule: AllocationRule | MarketRule;
  /** Participation factors, parts per 10^12 (see eligibleEnergy); absent = 1. */
  participation: ReadonlyMap<MemberId, bigint>;
  valuation?: SettlementValuation;
  intervals: readonly SettlementInterval[];
}

export interface EnergyFlows {
  consumption: Map<MemberId, bigint>;
  production: Map<MemberId, bigint>;
  allocated: Map<MemberId, bigint>;
  residual: Map<MemberId, bigint>;
  delivered: Map<MemberId, bigint>;
  surplus: Map<MemberId, bigint>;
  shared: bigint;
}

export interface SettlementResult {
  /** `market`: set by the market rule only (self-supply, price, exact money of the interval). */
  intervals: (EnergyFlows & { start: string; market?: MarketIntervalView })[];
  totals: EnergyFlows;
  valuation?: ({ kind: "flat" } & FlatValuation) | ({ kind: "it-cer" } & ItCerValuation);
  /**
   * The market rule's money (the rule values itself, so `valuation` stays empty). Kept apart from
   * `valuation` so that callers narrowing flat | it-cer stay exhaustive until they handle the market.
   */
  market?: MarketValuation;
  /**
   * Market rule: per interval in time order, the volume traded (mWh) and what buyers paid for it
   * (exact, 10^-13 EUR) — kept even without `keepIntervals`, for daily volume-weighted prices.
   */
  trades?: { start: string; volume: bigint; paid: bigint }[];
}

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function bad(problems: FieldProblem[]): AppError {
  return new AppError("BAD_REQUEST", problems.map((p) => `${p.where}: ${p.message}`).join("; "), problems);
}

/** Everything the rules rely on; throws AppError("BAD_REQUEST") naming the fields. */
export function validateProblem(problem: SettlementProblem): void {
  const problems: FieldProblem[] = [];
  const inUnit = (where: string, f: bigint) => {
    if (f < 0n || f > FRACTION_ONE) problems.push({ where, message: "must be between 0 and 1" });
  };
  if (problem.rule.kind === "static") {
    let total = 0n;
    for (const [id, s] of problem.rule.shares) {
      inUnit(fieldPath(["rule", "shares", id]), s);
      total += s;
    }
    if (total > FRACTION_ONE) problems.push({ where: "rule.shares", message: "shares sum to more than 1" });
  }
  if (problem.rule.kind === "market") {
    problems.push(...marketRuleProblems(problem.rule));
    if (problem.valuation) problems.push({ where: "valuation", message: "the market rule values the trades itself; leave out valuation" });
  }
  for (const [id, f] of problem.participation) inUnit(fieldPath(["participation", id]), f);
  const seen = new Set<string>();
  problem.intervals.forEach((iv, k) => {
    if (!CANONICAL_INSTANT.test(iv.start)) problems.push({ where: `intervals[${k}].start`, message: "not a canonical UTC instant" });
    if (seen.has(iv.start)) problems.push({ where: `intervals[${k}].start`, message: `duplicate interval start ${iv.start}` });
    seen.add(iv.start);
    for (const side of ["consumption", "production"] as const) {
      for (const [id, e] of iv[side]) if (e < 0n) problems.push({ where: fieldPath(["intervals", k, side, id]), message: "must not be negative" });
    }
    if (problem.valuation?.kind === "it-cer" && iv.zonalPrice === undefined) {
      problems.push({ where: "valuation.zonalPriceEurPerMWh", message: `no zonal price for the interval starting ${iv.start}` });
    }
  });
  const v = problem.valuation;
  if (v?.kind === "flat" && v.priceMicroEurPerKWh < 0n) problems.push({ where: "valuation.priceEurPerKWh", message: "must not be negative" });
  if (v?.kind === "it-cer") {
    if (v.arera < 0n) problems.push({ where: "valuation.areraEurPerMWh", message: "must not be negative" });
    try {
      tipBand(v.plantW);
    } catch (e) {
      if (e instanceof AppError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length > 0) throw bad(problems);
}

function addInto(total: Map<MemberId, bigint>, part: ReadonlyMap<MemberId, bigint>): void {
  for (const [id, v] of part) total.set(id, (total.get(id) ?? 0n) + v);
}

function sortedMap(m: ReadonlyMap<MemberId, bigint>): Map<MemberId, bigint> {
  return new Map(sortedIds(m.keys()).map((id) => [id, m.get(id)!]));
}

export interface SettleOptions {
  /** Keep each interval's flows in the result (the CLI prints them); runs need only the totals. */
  keepIntervals?: boolean;
}

/** Settles a problem. Throws AppError("BAD_REQUEST") for invalid input (see validateProblem). */
export function settle(problem: SettlementProblem, options: SettleOptions = {}): SettlementResult {
  const keepIntervals = options.keepIntervals ?? true;
  validateProblem(problem);
  const ordered = [...problem.intervals].sort((a, b) => compareCodePoints(a.start, b.start));
  if (problem.rule.kind === "market") return settleMarket(problem.rule, problem.participation, ordered, keepIntervals);
  const rule = problem.rule;
  const totals: EnergyFlows = {
    consumption: new Map(),
    production: new Map(),
    allocated: new Map(),
    residual: new Map(),
    delivered: new Map(),
    surplus: new Map(),
    shared: 0n,
  };
  const cer: CerInterval[] = [];
  const intervals: (EnergyFlows & { start: string })[] = [];
  for (const iv of ordered) {
    const a = allocateInterval(iv.consumption, iv.production, rule, problem.participation);
    cer.push({ start: iv.start, injected: a.pooledProduction, withdrawn: a.pooledConsumption, zonalPrice: iv.zonalPrice ?? 0n });
    totals.shared += a.shared;
    if (!keepIntervals) {
      // Totals only: residual and surplus follow from the sums (Σ(C − A) = ΣC − ΣA).
      for (const key of ["allocated", "delivered"] as const) addInto(totals[key], a[key]);
      addInto(totals.consumption, iv.consumption);
      addInto(totals.production, iv.production);
      continue;
    }
    const flows: EnergyFlows = {
      consumption: sortedMap(iv.consumption),
      production: sortedMap(iv.production),
      allocated: a.allocated,
      residual: a.residual,
      delivered: a.delivered,
      surplus: a.surplus,
      shared: a.shared,
    };
    for (const key of ["consumption", "production", "allocated", "residual", "delivered", "surplus"] as const) addInto(totals[key], flows[key]);
    intervals.push({ start: iv.start, ...flows });
  }
  if (!keepIntervals) {
    for (const [id, c] of totals.consumption) totals.residual.set(id, c - (totals.allocated.get(id) ?? 0n));
    for (const [id, p] of totals.production) totals.surplus.set(id, p - (totals.delivered.get(id) ?? 0n));
  }
  for (const key of ["consumption", "production", "allocated", "residual", "delivered", "surplus"] as const) totals[key] = sortedMap(totals[key]);

  const v = problem.valuation;
  const result: SettlementResult = { intervals, totals };
  if (v?.kind === "flat") result.valuation = { kind: "flat", ...flatValuation(totals.allocated, totals.delivered, v.priceMicroEurPerKWh) };
  if (v?.kind === "it-cer") result.valuation = { kind: "it-cer", ...itCerValuation(cer, v, totals.delivered, totals.allocated) };
  return result;
}

/**
 * The fast path of `settle(…, { keepIntervals: false })` for a period given as dense series (what a
 * run reads) rather than per-interval maps: the dynamic rule without participation factors, valued
 * flat or not at all. Null when it does not apply or an input is outside its exact range; the
 * caller then builds the intervals and runs `settle` (the reference, proven equal by
 * dense-dynamic.property.test.ts).
 */
export function settleDense(
  problem: Omit<SettlementProblem, "intervals">,
  series: readonly DenseSeries[],
  intervalCount: number,
): SettlementResult | null {
  const v = problem.valuation;
  if (problem.rule.kind !== "dynamic" || problem.participation.size > 0 || v?.kind === "it-cer") return null;
  if (v?.kind === "flat" && v.priceMicroEurPerKWh < 0n) return null; // the reference names the field
  const totals = settleDenseDynamic(series, intervalCount);
  if (!totals) return null;
  const result: SettlementResult = { intervals: [], totals };
  if (v?.kind === "flat") result.valuation = { kind: "flat", ...flatValuation(totals.allocated, totals.delivered, v.priceMicroEurPerKWh) };
  return result;
}

// ───────────── JSON shape (used by the CLI; strings for every exact number) ─────────────

const wh = (mWh: bigint): string => formatDecimal(mWh, ENERGY_DECIMALS);
const eurFromCents = (cents: bigint): string => formatDecimal(cents, MONEY_DECIMALS);
const record = (m: ReadonlyMap<MemberId, bigint>, fmt: (v: bigint) => string): Record<string, string> =>
  Object.fromEntries([...m].map(([id, v]) => [id, fmt(v)]));

function flowsJson(f: EnergyFlows) {
  return {
    consumption: record(f.consumption, wh),
    production: record(f.production, wh),
    allocated: record(f.allocated, wh),
    residual: record(f.residual, wh),
    delivered: record(f.delivered, wh),
    surplus: record(f.surplus, wh),
    shared: wh(f.shared),
  };
}

export type SettlementJson = ReturnType<typeof resultToJson>;

/**
 * Member maps list ids in code-point order (except that JavaScript always puts integer-like keys such
 * as "10" first, in numeric order — still the same bytes for the same input). Energies: Wh strings with exactly 3 decimals. Money: EUR strings with exactly 2 decimals (cents);
 * credits are signed (negative = the member pays). Rates: EUR/MWh, exact, at least 2 decimals.
 */
const marketMoney = (m: ReadonlyMap<MemberId, bigint>) => record(m, formatMarketMoney);

function marketIntervalJson(m: MarketIntervalView) {
  return {
    selfSupplied: record(m.selfSupplied, wh),
    ...(m.price === null ? {} : { priceEurPerKWh: formatDecimalTrimmed(m.price, SHOWN_PRICE_DECIMALS, 2) }),
    paidEur: marketMoney(m.paid),
    earnedEur: marketMoney(m.earned),
    gridFeeEur: formatMarketMoney(m.fee),
  };
}

export function resultToJson(result: SettlementResult) {
  const v = result.valuation;
  const mv = result.market;
  const totals = {
    ...flowsJson(result.totals),
    ...(v?.kind === "flat" ? { valueEur: eurFromCents(v.valueCents), credits: record(v.net, eurFromCents) } : {}),
    ...(v?.kind === "it-cer"
      ? {
          cerShared: wh(v.shared),
          incentiveEur: eurFromCents(v.incentive.totalCents),
          areraEur: eurFromCents(v.arera.totalCents),
          fundEur: eurFromCents(v.fundCents),
          credits: record(v.credits, eurFromCents),
        }
      : {}),
    ...(mv
      ? {
          valueEur: eurFromCents(mv.valueCents),
          paidEur: record(mv.debits, eurFromCents),
          earnedEur: record(mv.credits, eurFromCents),
          gridFeeEur: eurFromCents(mv.feeCents),
          credits: record(mv.net, eurFromCents),
          winEur: record(mv.win, eurFromCents),
        }
      : {}),
  };
  return {
    intervals: result.intervals.map(({ start, market, ...flows }) => ({ start, ...flowsJson(flows), ...(market ? marketIntervalJson(market) : {}) })),
    totals,
    ...(v?.kind === "it-cer"
      ? {
          hours: v.hours.map((h) => ({
            start: h.start,
            injected: wh(h.injected),
            withdrawn: wh(h.withdrawn),
            shared: wh(h.shared),
            zonalPriceEurPerMWh: formatDecimalTrimmed(h.zonalPrice, PRICE_DECIMALS, 2),
            tipEurPerMWh: formatDecimalTrimmed(h.grantedTip, GRANTED_TIP_DECIMALS, 2),
          })),
        }
      : {}),
  };
}

/** The JSON-shaped API: a parsed JSON problem in, the JSON result out. Throws AppError("BAD_REQUEST"). */
export function settleJson(input: unknown): SettlementJson {
  return resultToJson(settle(parseProblem(input)));
}
