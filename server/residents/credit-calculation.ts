// How a member's Prosumer Credit of one period came about, from the run's stored per-member figures
// and its rule snapshot. Pure: exact integers in, decimal strings out (formatting is the page's job).
import { divRoundHalfUp, formatDecimalTrimmed, parseDecimal } from "@/server/settlement/decimal";
import { figuresToStrings, type MemberFigures } from "@/server/settlement/member-figures";
import type { RuleSnapshot } from "@/server/settlement/run-schemas";
import { PRICE_DECIMALS } from "@/server/settlement/valuation";

export type { RuleSnapshot };

export interface CreditCalculation extends MemberFigures<string> {
  ruleKind: RuleSnapshot["kind"];
  /** Flat rules: the community price (EUR/kWh) the run used, and the exact values before rounding. */
  flat: {
    priceEurPerKWh: string;
    /** allocated × price, exact EUR (what you pay before the once-only rounding to the cent). */
    debitExactEur: string;
    /** delivered × price, exact EUR. */
    creditExactEur: string;
  } | null;
  /** Italy CER: your share of the incentive and ARERA valorisation, and the community's split. */
  incentive: { creditCents: string; split: { producers: string; consumers: string; fund: string } } | null;
  /**
   * Market rule: bought (allocated) and sold (delivered) energy, what you paid and earned (debit and
   * credit), your average prices, the tariffs you compare against, and your win: the saving against
   * buying at R plus the extra against selling at F (cents, shown, not posted).
   */
  market: {
    retailEurPerKWh: string;
    feedInEurPerKWh: string;
    /** paid ÷ bought, EUR/kWh (5 decimals at most); null when nothing was bought. */
    buyPriceEurPerKWh: string | null;
    sellPriceEurPerKWh: string | null;
    winCents: string;
  } | null;
}

/** Average price of an amount in cents over energy in mWh, EUR/kWh with 5 decimals at most (half up), or null for no energy. */
export function averagePriceEurPerKWh(cents: bigint, energyMWh: bigint): string | null {
  if (energyMWh === 0n) return null;
  // cents / mWh = 10^-2 EUR / 10^-6 kWh = 10^4 EUR/kWh; at 10^-5 EUR/kWh: × 10^9.
  return formatDecimalTrimmed(divRoundHalfUp(cents * 1_000_000_000n, energyMWh), 5, 2);
}

// mWh × µEUR/kWh = 10^-6 kWh × 10^-6 EUR/kWh = 10^-12 EUR.
const EXACT_SCALE = 6 + PRICE_DECIMALS;

export function creditCalculation(rule: RuleSnapshot, f: MemberFigures & { winCents?: bigint | null }): CreditCalculation {
  const base = { ruleKind: rule.kind, ...figuresToStrings(f), market: null };
  if (rule.kind === "IT_CER") {
    const split = rule.params.split;
    return { ...base, flat: null, incentive: { creditCents: f.creditCents.toString(), split } };
  }
  if (rule.kind === "MARKET") {
    const trim = (eur: string) => formatDecimalTrimmed(parseDecimal(eur, PRICE_DECIMALS), PRICE_DECIMALS, 2);
    return {
      ...base,
      flat: null,
      incentive: null,
      market: {
        retailEurPerKWh: trim(rule.market.retailEurPerKWh),
        feedInEurPerKWh: trim(rule.market.feedInEurPerKWh),
        buyPriceEurPerKWh: averagePriceEurPerKWh(f.debitCents, f.allocatedMWh),
        sellPriceEurPerKWh: averagePriceEurPerKWh(f.creditCents, f.deliveredMWh),
        winCents: (f.winCents ?? 0n).toString(),
      },
    };
  }
  const price = parseDecimal(rule.priceEurPerKWh, PRICE_DECIMALS);
  return {
    ...base,
    flat: {
      priceEurPerKWh: formatDecimalTrimmed(price, PRICE_DECIMALS, 2),
      debitExactEur: formatDecimalTrimmed(f.allocatedMWh * price, EXACT_SCALE, 2),
      creditExactEur: formatDecimalTrimmed(f.deliveredMWh * price, EXACT_SCALE, 2),
    },
    incentive: null,
  };
}
