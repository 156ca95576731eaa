// How a member's Prosumer Credit of one period came about, from the run's stored per-member figures
// and its rule snapshot. Pure: exact integers in, decimal strings out (formatting is the page's job).
import { formatDecimalTrimmed, parseDecimal } from "@/server/settlement/decimal";
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
}

// mWh × µEUR/kWh = 10^-6 kWh × 10^-6 EUR/kWh = 10^-12 EUR.
const EXACT_SCALE = 6 + PRICE_DECIMALS;

export function creditCalculation(rule: RuleSnapshot, f: MemberFigures): CreditCalculation {
  const base = { ruleKind: rule.kind, ...figuresToStrings(f) };
  if (rule.kind === "IT_CER") {
    const split = rule.params.split;
    return { ...base, flat: null, incentive: { creditCents: f.creditCents.toString(), split } };
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
