// The market rule inside a settlement run: the rule rebuilt from the run's plain snapshot (what
// server/market/limits.ts reads from the database: tariffs and members' limits as decimal strings),
// and the traded volume and volume-weighted price per local day. Pure.
import { parseDecimal, divRoundHalfUp, formatDecimalTrimmed } from "./decimal";
import type { SettlementResult } from "./engine";
import type { LimitVersion } from "./market/limits";
import { MARKET_PRICE_DECIMALS, SHOWN_PRICE_DECIMALS } from "./market/prices";
import type { MarketRule } from "./market/settle-market";
import { localDate } from "./periods";
import type { MarketSnapshot } from "./run-schemas";
import { PRICE_DECIMALS } from "./valuation";

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const price = (eur: string) => parseDecimal(eur, PRICE_DECIMALS);

/** The engine's market rule from a run's snapshot (limits keyed by member id, as the run's series). */
export function marketRuleFromSnapshot(s: MarketSnapshot): MarketRule {
  const versions: LimitVersion[] = s.limits.map((v) => ({
    member: v.member,
    side: v.side,
    validFrom: v.validFrom,
    bands: v.bands.map((b) => ({ startMinute: minutes(b.from), endMinute: minutes(b.to), price: price(b.priceEurPerKWh) })),
  }));
  return { kind: "market", retail: price(s.retailEurPerKWh), feedIn: price(s.feedInEurPerKWh), gridFee: price(s.gridFeeEurPerKWh), pricing: s.pricing, limits: { timeZone: s.timeZone, versions } };
}

export interface MarketDay {
  /** Local date in the community's time zone. */
  date: string;
  tradedMWh: string;
  /** Volume-weighted average price of the day, EUR/kWh (9 decimals at most, half up). */
  priceEurPerKWh: string;
}

/**
 * Per local day with trades: the volume and the volume-weighted average price, Σ paid / Σ volume
 * (money in 10^-13 EUR over mWh gives 10^-7 EUR/kWh; shown like an interval's price).
 */
export function marketDays(trades: NonNullable<SettlementResult["trades"]>, timeZone: string): MarketDay[] {
  const days = new Map<string, { volume: bigint; paid: bigint }>();
  for (const t of trades) {
    const date = localDate(new Date(t.start), timeZone);
    const d = days.get(date) ?? { volume: 0n, paid: 0n };
    d.volume += t.volume;
    d.paid += t.paid;
    days.set(date, d);
  }
  const scaleUp = 10n ** BigInt(SHOWN_PRICE_DECIMALS - MARKET_PRICE_DECIMALS);
  return [...days]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, d]) => ({ date, tradedMWh: d.volume.toString(), priceEurPerKWh: formatDecimalTrimmed(divRoundHalfUp(d.paid * scaleUp, d.volume), SHOWN_PRICE_DECIMALS, 2) }));
}
