// What /me says first, in residents' words: for the latest settled period, what came from the
// neighbours' panels and what it cost, what the member's panels gave and what it earned, the net as
// a credit or a charge (never a negative "Prosumer Credit"), and — under the market rule, where the
// supplier's and the grid's prices are known — what that was worth against them. Also which of the
// four energy rows apply to a member's kind. Pure: decimal strings in, message parts out; the page
// words and formats them (one precision for kWh on the whole page: exact Wh, three decimals).
import type { CreditCalculation } from "./credit-calculation";

export type MemberKind = "CONSUMER" | "PRODUCER" | "PROSUMER";
export type EnergyRowKey = "consumption" | "allocated" | "injection" | "delivered";

/** Decimals of kWh everywhere on /me: mWh → kWh with 3 decimals is exact to the Wh shown in statements. */
export const RESIDENT_KWH_DECIMALS = 3;

export type SummaryPart =
  /** Energy from the neighbours' panels (mWh) and what was paid for it (cents); price: average EUR/kWh under the market rule. */
  | { part: "got"; energyMWh: string; paidCents: string; priceEurPerKWh: string | null }
  /** Energy the member's panels gave the neighbours (mWh) and what it was credited (cents). */
  | { part: "gave"; energyMWh: string; creditedCents: string; priceEurPerKWh: string | null }
  /** Nothing shared this period (the member's side of it). */
  | { part: "nothing" }
  /** Italy CER: the member's share of the incentive (cents). */
  | { part: "incentive"; creditCents: string }
  /** The period's net: credit (owed to the member), charge (owed by the member) or even; `cents` is never negative. */
  | { part: "net"; direction: "credit" | "charge" | "even"; cents: string }
  /** Market rule: the saving against the supplier's retail price (buyers) and/or the extra above the grid's feed-in (sellers). */
  | { part: "saved"; cents: string; side: "buy" | "sell" | "both"; retailEurPerKWh: string; feedInEurPerKWh: string };

const abs = (v: bigint) => (v < 0n ? -v : v);

/** The net of a period as a credit or a charge, from the signed PC in cents: −118 → charge 118. */
export function netWording(pcCents: string): { direction: "credit" | "charge" | "even"; cents: string } {
  const pc = BigInt(pcCents);
  return { direction: pc > 0n ? "credit" : pc < 0n ? "charge" : "even", cents: abs(pc).toString() };
}

/** Rows of the period card that apply: a consumer has no panels, a producer no consumption; a row with energy in it always shows. */
export function rowsFor(kind: MemberKind, f: Pick<CreditCalculation, "consumptionMWh" | "allocatedMWh" | "injectionMWh" | "deliveredMWh">): EnergyRowKey[] {
  const consumes = kind !== "PRODUCER" || f.consumptionMWh !== "0" || f.allocatedMWh !== "0";
  const injects = kind !== "CONSUMER" || f.injectionMWh !== "0" || f.deliveredMWh !== "0";
  return [...(consumes ? (["consumption", "allocated"] as const) : []), ...(injects ? (["injection", "delivered"] as const) : [])];
}

/** The summary of one settled period for a member of `kind`, in the order it is read. */
export function residentSummary(kind: MemberKind, c: CreditCalculation): SummaryPart[] {
  const parts: SummaryPart[] = [];
  const rows = rowsFor(kind, c);
  const got = rows.includes("allocated") && c.allocatedMWh !== "0";
  const gave = rows.includes("delivered") && c.deliveredMWh !== "0";
  if (got) parts.push({ part: "got", energyMWh: c.allocatedMWh, paidCents: c.debitCents, priceEurPerKWh: c.market?.buyPriceEurPerKWh ?? null });
  if (gave) parts.push({ part: "gave", energyMWh: c.deliveredMWh, creditedCents: c.creditCents, priceEurPerKWh: c.market?.sellPriceEurPerKWh ?? null });
  if (!got && !gave) parts.push({ part: "nothing" });
  if (c.incentive && c.incentive.creditCents !== "0") parts.push({ part: "incentive", creditCents: c.incentive.creditCents });
  parts.push({ part: "net", ...netWording(c.pcCents) });
  if (c.market && BigInt(c.market.winCents) > 0n && (got || gave)) {
    parts.push({ part: "saved", cents: c.market.winCents, side: got && gave ? "both" : got ? "buy" : "sell", retailEurPerKWh: c.market.retailEurPerKWh, feedInEurPerKWh: c.market.feedInEurPerKWh });
  }
  return parts;
}

/** Settled periods newest first; a period settled late (or corrected) still takes its calendar place. */
export function byPeriodNewestFirst<T extends { periodStart: string; periodEnd: string; version: number }>(periods: readonly T[]): T[] {
  return [...periods].sort((a, b) => (a.periodStart !== b.periodStart ? (a.periodStart < b.periodStart ? 1 : -1) : a.periodEnd !== b.periodEnd ? (a.periodEnd < b.periodEnd ? 1 : -1) : b.version - a.version));
}
