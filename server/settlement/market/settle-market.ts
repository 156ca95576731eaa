// The market rule over a whole problem: every interval cleared with the limits in force at its
// start, period sums valued once per member (valuation.ts). Called by the engine's `settle`, which
// has already validated the problem and put the intervals in time order.
import type { FieldProblem } from "../../errors";
import { assertTimeZone } from "../../metering/local-time";
import type { EnergyMap, MemberId } from "../allocation";
import { sortedIds } from "../code-point-order";
import type { EnergyFlows, SettlementInterval, SettlementResult } from "../engine";
import { marketInterval, levelBook, type LevelBook, type MarketTerms } from "./interval";
import { LimitResolver, limitProblems, type MarketLimits } from "./limits";
import { marketValuation } from "./valuation";

export interface MarketRule extends MarketTerms {
  kind: "market";
  limits: MarketLimits;
}

/** What an interval of the market adds to the energy flows. */
export interface MarketIntervalView {
  selfSupplied: Map<MemberId, bigint>;
  /** SHOWN_PRICE_DECIMALS; null when nothing trades. */
  price: bigint | null;
  /** Exact, 10^-13 EUR, in member id order. */
  paid: Map<MemberId, bigint>;
  earned: Map<MemberId, bigint>;
  fee: bigint;
}

/** The market rule's own checks (tariffs, limits, time zone), for validateProblem. */
export function marketRuleProblems(rule: MarketRule): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (rule.feedIn < 0n) problems.push({ where: "rule.feedInEurPerKWh", message: "must not be negative" });
  if (rule.retail < rule.feedIn) problems.push({ where: "rule.retailEurPerKWh", message: "the retail tariff R must be at least the feed-in tariff F" });
  if (rule.gridFee < 0n) problems.push({ where: "rule.gridFeeEurPerKWh", message: "must not be negative" });
  try {
    assertTimeZone(rule.limits.timeZone);
  } catch {
    problems.push({ where: "rule.limits.timeZone", message: `unknown time zone ${JSON.stringify(rule.limits.timeZone)}` });
  }
  if (problems.length === 0) problems.push(...limitProblems(rule.limits, rule.feedIn, rule.retail));
  return problems;
}

const get = (m: ReadonlyMap<MemberId, bigint>, id: MemberId) => m.get(id) ?? 0n;

function addInto(total: Map<MemberId, bigint>, part: ReadonlyMap<MemberId, bigint>): void {
  for (const [id, v] of part) total.set(id, (total.get(id) ?? 0n) + v);
}

function sorted(m: ReadonlyMap<MemberId, bigint>): Map<MemberId, bigint> {
  return new Map(sortedIds(m.keys()).map((id) => [id, m.get(id)!]));
}

/**
 * Market energies in the engine's terms: allocated = bought in the market (every consumer listed),
 * delivered = sold (every producer listed), residual = C − self-supply − bought (grid draw),
 * surplus = P − self-supply − sold (grid feed-in), shared = Σ bought.
 */
function flows(consumption: EnergyMap, production: EnergyMap, self: EnergyMap, bought: EnergyMap, sold: EnergyMap, shared: bigint): EnergyFlows {
  const c = sorted(consumption);
  const p = sorted(production);
  const allocated = new Map([...c.keys()].map((id) => [id, get(bought, id)]));
  const delivered = new Map([...p.keys()].map((id) => [id, get(sold, id)]));
  return {
    consumption: c,
    production: p,
    allocated,
    residual: new Map([...c].map(([id, v]) => [id, v - get(self, id) - allocated.get(id)!])),
    delivered,
    surplus: new Map([...p].map(([id, v]) => [id, v - get(self, id) - delivered.get(id)!])),
    shared,
  };
}

export function settleMarket(
  rule: MarketRule,
  participation: ReadonlyMap<MemberId, bigint>,
  ordered: readonly SettlementInterval[],
  keepIntervals: boolean,
): SettlementResult {
  const resolver = new LimitResolver(rule.limits);
  const books = new Map<string, LevelBook>();
  const consumption = new Map<MemberId, bigint>();
  const production = new Map<MemberId, bigint>();
  const self = new Map<MemberId, bigint>();
  const bought = new Map<MemberId, bigint>();
  const sold = new Map<MemberId, bigint>();
  const paid = new Map<MemberId, bigint>();
  const earned = new Map<MemberId, bigint>();
  let fee = 0n;
  let shared = 0n;
  const intervals: SettlementResult["intervals"] = [];
  const trades: NonNullable<SettlementResult["trades"]> = [];
  for (const iv of ordered) {
    const limits = resolver.at(Date.parse(iv.start));
    let book = books.get(limits.key);
    if (!book) books.set(limits.key, (book = levelBook(limits, rule)));
    const m = marketInterval(iv.consumption, iv.production, participation, book, rule);
    addInto(consumption, iv.consumption);
    addInto(production, iv.production);
    addInto(self, m.selfSupplied);
    addInto(bought, m.bought);
    addInto(sold, m.sold);
    addInto(paid, m.paid);
    addInto(earned, m.earned);
    fee += m.fee;
    shared += m.volume;
    if (m.volume > 0n) {
      let money = 0n;
      for (const v of m.paid.values()) money += v;
      trades.push({ start: iv.start, volume: m.volume, paid: money });
    }
    if (keepIntervals) {
      intervals.push({
        start: iv.start,
        ...flows(iv.consumption, iv.production, m.selfSupplied, m.bought, m.sold, m.volume),
        market: { selfSupplied: sorted(m.selfSupplied), price: m.price, paid: sorted(m.paid), earned: sorted(m.earned), fee: m.fee },
      });
    }
  }
  return {
    intervals,
    totals: flows(consumption, production, self, bought, sold, shared),
    market: marketValuation({ paid, earned, bought, sold, fee }, rule.retail, rule.feedIn),
    trades,
  };
}
