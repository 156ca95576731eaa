// How a member's Prosumer Credit of one period came about, from the run's stored per-member figures
// and its rule snapshot. Pure: exact integers in, decimal strings out (formatting is the page's job).
import { formatDecimalTrimmed, parseDecimal } from "@/server/settlement/decimal";
import { PRICE_DECIMALS } from "@/server/settlement/valuation";

export interface RunMemberFigures {
  consumptionMWh: bigint;
  injectionMWh: bigint;
  allocatedMWh: bigint;
  deliveredMWh: bigint;
  surplusMWh: bigint;
  debitCents: bigint;
  creditCents: bigint;
  pcCents: bigint;
}

export interface RuleSnapshot {
  kind: string;
  priceEurPerKWh?: string;
  params?: { split?: { producers: string; consumers: string; fund: string } } & Record<string, unknown>;
}

export interface CreditCalculation {
  ruleKind: string;
  consumptionMWh: string;
  allocatedMWh: string;
  injectionMWh: string;
  deliveredMWh: string;
  surplusMWh: string;
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
  debitCents: string;
  creditCents: string;
  pcCents: string;
}

// mWh × µEUR/kWh = 10^-6 kWh × 10^-6 EUR/kWh = 10^-12 EUR.
const EXACT_SCALE = 6 + PRICE_DECIMALS;

export function creditCalculation(rule: RuleSnapshot, f: RunMemberFigures): CreditCalculation {
  const base = {
    ruleKind: rule.kind,
    consumptionMWh: f.consumptionMWh.toString(),
    allocatedMWh: f.allocatedMWh.toString(),
    injectionMWh: f.injectionMWh.toString(),
    deliveredMWh: f.deliveredMWh.toString(),
    surplusMWh: f.surplusMWh.toString(),
    debitCents: f.debitCents.toString(),
    creditCents: f.creditCents.toString(),
    pcCents: f.pcCents.toString(),
  };
  if (rule.kind === "IT_CER") {
    const split = rule.params?.split ?? { producers: "0", consumers: "0", fund: "1" };
    return { ...base, flat: null, incentive: { creditCents: f.creditCents.toString(), split } };
  }
  const price = parseDecimal(rule.priceEurPerKWh ?? "0", PRICE_DECIMALS);
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
