// One interval's double auction over price levels. Pure and small: levels in (quantities already
// summed per limit), matched pieces and the fill of every level out. Who gets what inside a level is
// decided by the caller (pro rata, see interval.ts); prices are market units (prices.ts).
import { midpoint } from "./prices";

export type Pricing = "midpoint" | "uniform";

export interface Level {
  /** Bid: the buyers' limit. Ask: the sellers' limit plus the grid fee. */
  price: bigint;
  /** mWh, > 0. */
  quantity: bigint;
}

export interface Piece {
  /** Index into the bid and ask level lists. */
  bid: number;
  ask: number;
  quantity: bigint;
  /** What the buyer pays per kWh (the seller gets this less the grid fee). */
  price: bigint;
}

export interface Clearing {
  pieces: Piece[];
  /** mWh filled per bid level and per ask level. */
  bidFilled: bigint[];
  askFilled: bigint[];
  /** Σ pieces: the matched volume, maximal for the levels given. */
  volume: bigint;
  /** The uniform price (set for "uniform" when anything trades), else null. */
  uniformPrice: bigint | null;
}

function checkOrder(levels: readonly Level[], descending: boolean, side: string): void {
  for (let k = 0; k < levels.length; k++) {
    const l = levels[k]!;
    if (l.quantity <= 0n) throw new RangeError(`${side} level ${k}: quantity must be positive`);
    if (k > 0 && (descending ? l.price >= levels[k - 1]!.price : l.price <= levels[k - 1]!.price)) {
      throw new RangeError(`${side} levels must be strictly ${descending ? "decreasing" : "increasing"} in price`);
    }
  }
}

/**
 * Greedy matching: the highest bid level against the lowest ask level while bid ≥ ask, each piece as
 * large as the smaller remainder. This fills the most volume any matching of these levels can.
 *
 * Uniform price (k-double auction, k = ½): with the last matched levels b_m, a_m and the first
 * unmatched ones b′, a′ (a partly filled level is both; a missing one is −∞ / +∞), every matched kWh
 * trades at the midpoint of [max(a_m, b′), min(b_m, a′)]. That range is never empty: b′ < a′ or the
 * greedy loop would have matched them. Midpoint pricing: each piece at the midpoint of its two levels.
 */
export function clearLevels(bids: readonly Level[], asks: readonly Level[], pricing: Pricing): Clearing {
  checkOrder(bids, true, "bid");
  checkOrder(asks, false, "ask");
  const bidFilled = bids.map(() => 0n);
  const askFilled = asks.map(() => 0n);
  const pieces: Piece[] = [];
  let volume = 0n;
  let i = 0;
  let j = 0;
  while (i < bids.length && j < asks.length && bids[i]!.price >= asks[j]!.price) {
    const b = bids[i]!;
    const a = asks[j]!;
    const restB = b.quantity - bidFilled[i]!;
    const restA = a.quantity - askFilled[j]!;
    const q = restB < restA ? restB : restA;
    pieces.push({ bid: i, ask: j, quantity: q, price: pricing === "midpoint" ? midpoint(b.price, a.price) : 0n });
    bidFilled[i]! += q;
    askFilled[j]! += q;
    volume += q;
    if (bidFilled[i] === b.quantity) i++;
    if (askFilled[j] === a.quantity) j++;
  }
  let uniformPrice: bigint | null = null;
  if (pricing === "uniform" && pieces.length > 0) {
    const last = pieces[pieces.length - 1]!;
    const bm = bids[last.bid]!.price;
    const am = asks[last.ask]!.price;
    // i and j point at the first level with something left (the last matched one if partly filled).
    const bNext = i < bids.length ? bids[i]!.price : null;
    const aNext = j < asks.length ? asks[j]!.price : null;
    const low = bNext !== null && bNext > am ? bNext : am;
    const high = aNext !== null && aNext < bm ? aNext : bm;
    uniformPrice = midpoint(low, high);
    for (const p of pieces) p.price = uniformPrice;
  }
  return { pieces, bidFilled, askFilled, volume, uniformPrice };
}
