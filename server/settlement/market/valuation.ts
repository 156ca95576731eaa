// The market's money per member and period, in cents. The exact amounts (10^-13 EUR) are summed over
// the period first and rounded once per member: buyers' debits from one rounded total, sellers'
// credits and the grid fee from the same total, so Σ debits = Σ credits + fee to the cent.
import type { MemberId } from "../allocation";
import { sortedIds } from "../code-point-order";
import { divRoundHalfUp } from "../decimal";
import { apportion } from "../largest-remainder";
import { marketPrice, MONEY_UNITS_PER_CENT } from "./prices";

/** Period sums of one market run, exact (money in 10^-13 EUR, energy in mWh). */
export interface MarketSums {
  paid: ReadonlyMap<MemberId, bigint>;
  earned: ReadonlyMap<MemberId, bigint>;
  bought: ReadonlyMap<MemberId, bigint>;
  sold: ReadonlyMap<MemberId, bigint>;
  fee: bigint;
}

export interface MarketValuation {
  /** Σ debits in cents: the value traded in the community. */
  valueCents: bigint;
  /** What each buyer pays (PC debit), cents. */
  debits: Map<MemberId, bigint>;
  /** What each seller earns after the grid fee (PC credit), cents. */
  credits: Map<MemberId, bigint>;
  /** The grid fee (to the GRID_FEE account), cents. Σ debits = Σ credits + feeCents. */
  feeCents: bigint;
  /** credit − debit per member (a prosumer can be both over a period). */
  net: Map<MemberId, bigint>;
  /**
   * The "win", cents, rounded half up per member (shown, not posted): a buyer's saving against
   * buying the same energy at R, plus a seller's extra earning against selling it at F.
   */
  win: Map<MemberId, bigint>;
}

function sum(values: Iterable<bigint>): bigint {
  let s = 0n;
  for (const v of values) s += v;
  return s;
}

export function marketValuation(sums: MarketSums, retail: bigint, feedIn: bigint): MarketValuation {
  const buyers = sortedIds(sums.paid.keys());
  const sellers = sortedIds(sums.earned.keys());
  if (sum(sums.paid.values()) !== sum(sums.earned.values()) + sums.fee) throw new Error("market: paid ≠ earned + fee (impossible)");
  const debitCents = apportion(
    buyers.map((id) => sums.paid.get(id)!),
    MONEY_UNITS_PER_CENT,
  );
  // Sellers then the grid fee, over the same exact total: the rounded totals are equal.
  const creditCents = apportion([...sellers.map((id) => sums.earned.get(id)!), sums.fee], MONEY_UNITS_PER_CENT);
  const debits = new Map(buyers.map((id, k) => [id, debitCents[k]!]));
  const credits = new Map(sellers.map((id, k) => [id, creditCents[k]!]));
  const feeCents = creditCents[sellers.length]!;
  const r = marketPrice(retail);
  const f = marketPrice(feedIn);
  const net = new Map<MemberId, bigint>();
  const win = new Map<MemberId, bigint>();
  for (const id of sortedIds(buyers, sellers)) {
    net.set(id, (credits.get(id) ?? 0n) - (debits.get(id) ?? 0n));
    const saving = r * (sums.bought.get(id) ?? 0n) - (sums.paid.get(id) ?? 0n);
    const extra = (sums.earned.get(id) ?? 0n) - f * (sums.sold.get(id) ?? 0n);
    win.set(id, divRoundHalfUp(saving + extra, MONEY_UNITS_PER_CENT));
  }
  return { valueCents: sum(debits.values()), debits, credits, feeCents, net, win };
}
