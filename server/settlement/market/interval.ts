// The market rule for one interval: net each member's own consumption and production, put the net
// positions into price levels by the limits in force, clear the levels (clearing.ts), then share each
// level's fill and money among its members pro rata to quantity. Pure; exact integers throughout.
import { FRACTION_ONE, type EnergyMap, type MemberId } from "../allocation";
import { compareCodePoints } from "../code-point-order";
import { divRoundHalfUp } from "../decimal";
import { apportion } from "../largest-remainder";
import { clearLevels, type Level, type Pricing } from "./clearing";
import type { ResolvedLimits } from "./limits";
import { marketPrice, SHOWN_PRICE_DECIMALS, MARKET_PRICE_DECIMALS } from "./prices";

export interface MarketTerms {
  /** Retail tariff R and feed-in tariff F, micro-EUR/kWh, F ≤ R. */
  retail: bigint;
  feedIn: bigint;
  /** Grid fee per kWh, micro-EUR/kWh, ≥ 0: added to every ask when matching, paid to GRID_FEE. */
  gridFee: bigint;
  pricing: Pricing;
}

/** The price levels of one set of limits, in market units; built once per distinct resolution. */
export interface LevelBook {
  /** Distinct bid prices, highest first (R is always one of them: buyers without a limit). */
  bidPrices: bigint[];
  bidLevel: Map<MemberId, number>;
  defaultBid: number;
  /** Distinct ask prices including the grid fee, lowest first (F + fee is always one of them). */
  askPrices: bigint[];
  askLevel: Map<MemberId, number>;
  defaultAsk: number;
  /** The grid fee in market units. */
  fee: bigint;
}

export function levelBook(limits: ResolvedLimits, terms: MarketTerms): LevelBook {
  const fee = marketPrice(terms.gridFee);
  const side = (own: ReadonlyMap<MemberId, bigint>, fallback: bigint, descending: boolean) => {
    const prices = [...new Set([fallback, ...own.values()])].map((p) => marketPrice(p) + (descending ? 0n : fee));
    prices.sort((x, y) => (x === y ? 0 : (x < y) !== descending ? -1 : 1));
    const index = new Map(prices.map((p, k) => [p, k]));
    const level = new Map([...own].map(([id, p]) => [id, index.get(marketPrice(p) + (descending ? 0n : fee))!]));
    return { prices, level, fallback: index.get(marketPrice(fallback) + (descending ? 0n : fee))! };
  };
  const b = side(limits.bids, terms.retail, true);
  const a = side(limits.asks, terms.feedIn, false);
  return { bidPrices: b.prices, bidLevel: b.level, defaultBid: b.fallback, askPrices: a.prices, askLevel: a.level, defaultAsk: a.fallback, fee };
}

export interface MarketInterval {
  /** min(C, P) of members who both consume and produce: supplied by themselves, no money moves. */
  selfSupplied: Map<MemberId, bigint>;
  /** mWh bought in the market, per buyer (a member with a net bid quantity > 0; 0 if unmatched). */
  bought: Map<MemberId, bigint>;
  /** mWh sold in the market, per seller. */
  sold: Map<MemberId, bigint>;
  /** Σ bought = Σ sold. */
  volume: bigint;
  /** What each buyer pays / each seller earns after the grid fee, market money units (10^-13 EUR). */
  paid: Map<MemberId, bigint>;
  earned: Map<MemberId, bigint>;
  /** Grid fee on the traded volume, market money units. Σ paid = Σ earned + fee exactly. */
  fee: bigint;
  /**
   * The interval's price at SHOWN_PRICE_DECIMALS: the uniform price, or the volume-weighted average
   * of the pieces (rounded half up if it has more decimals). Null when nothing trades.
   */
  price: bigint | null;
}

type Entry = [MemberId, bigint];
const byId = (x: Entry, y: Entry) => compareCodePoints(x[0], y[0]);

interface Side {
  members: Entry[][];
  quantity: bigint[];
}

function emptySide(levels: number): Side {
  return { members: Array.from({ length: levels }, () => []), quantity: new Array<bigint>(levels).fill(0n) };
}

/**
 * Shares each level's filled energy and money among its members: a full level gives everyone their
 * quantity, a partly filled one shares the fill pro rata by largest remainder (1 mWh, ties by member
 * id); a level traded at one price pays price × energy, one traded at several prices shares its exact
 * money pro rata to energy (largest remainder at 10^-13 EUR, so the level's total stays exact).
 */
function distribute(
  side: Side,
  used: number[],
  filled: bigint[],
  money: bigint[],
  singlePrice: (bigint | null)[],
  energyOut: Map<MemberId, bigint>,
  moneyOut: Map<MemberId, bigint>,
): void {
  used.forEach((level, k) => {
    const members = side.members[level]!;
    const total = side.quantity[level]!;
    const fill = filled[k]!;
    if (fill === 0n) {
      for (const [id] of members) {
        energyOut.set(id, 0n);
        moneyOut.set(id, 0n);
      }
      return;
    }
    const price = singlePrice[k]!;
    let sorted = false;
    let energy: bigint[];
    if (fill === total) energy = members.map((m) => m[1]);
    else {
      members.sort(byId);
      sorted = true;
      energy = apportion(
        members.map((m) => m[1] * fill),
        total,
      );
    }
    if (price !== null) {
      members.forEach(([id], n) => {
        energyOut.set(id, energy[n]!);
        moneyOut.set(id, price * energy[n]!);
      });
      return;
    }
    if (!sorted) {
      // Ties in the money's remainders go by member id, so the members must be in id order here.
      members.sort(byId);
      energy = members.map((m) => m[1]);
    }
    const shares = apportion(
      energy.map((e) => money[k]! * e),
      fill,
    );
    members.forEach(([id], n) => {
      energyOut.set(id, energy[n]!);
      moneyOut.set(id, shares[n]!);
    });
  });
}

/** One interval of the market rule (see docs/market.md). */
export function marketInterval(
  consumption: EnergyMap,
  production: EnergyMap,
  participation: ReadonlyMap<MemberId, bigint>,
  book: LevelBook,
  terms: MarketTerms,
): MarketInterval {
  const bids = emptySide(book.bidPrices.length);
  const asks = emptySide(book.askPrices.length);
  const selfSupplied = new Map<MemberId, bigint>();
  const pooled = (id: MemberId, q: bigint) => (participation.size === 0 ? q : (q * (participation.get(id) ?? FRACTION_ONE)) / FRACTION_ONE);
  const bid = (id: MemberId, q: bigint) => {
    if (q <= 0n) return;
    const level = book.bidLevel.get(id) ?? book.defaultBid;
    bids.members[level]!.push([id, q]);
    bids.quantity[level]! += q;
  };
  const ask = (id: MemberId, q: bigint) => {
    if (q <= 0n) return;
    const level = book.askLevel.get(id) ?? book.defaultAsk;
    asks.members[level]!.push([id, q]);
    asks.quantity[level]! += q;
  };
  // 1. Net own consumption against own production: the member supplies itself first.
  for (const [id, c] of consumption) {
    const p = production.get(id);
    if (p === undefined) {
      bid(id, pooled(id, c));
      continue;
    }
    selfSupplied.set(id, c < p ? c : p);
    if (c > p) bid(id, pooled(id, c - p));
    else ask(id, pooled(id, p - c));
  }
  for (const [id, p] of production) if (!consumption.has(id)) ask(id, pooled(id, p));

  // 2. Levels with someone in them, clear.
  const bidUsed: number[] = [];
  const askUsed: number[] = [];
  const bidLevels: Level[] = [];
  const askLevels: Level[] = [];
  bids.quantity.forEach((q, k) => {
    if (q > 0n) {
      bidUsed.push(k);
      bidLevels.push({ price: book.bidPrices[k]!, quantity: q });
    }
  });
  asks.quantity.forEach((q, k) => {
    if (q > 0n) {
      askUsed.push(k);
      askLevels.push({ price: book.askPrices[k]!, quantity: q });
    }
  });
  const clearing = clearLevels(bidLevels, askLevels, terms.pricing);

  // 3. Money per level: buyers pay the piece price, sellers get it less the grid fee.
  const bidMoney = bidLevels.map(() => 0n);
  const askMoney = askLevels.map(() => 0n);
  const bidPrice: (bigint | null | undefined)[] = bidLevels.map(() => undefined);
  const askPrice: (bigint | null | undefined)[] = askLevels.map(() => undefined);
  const note = (prices: (bigint | null | undefined)[], k: number, p: bigint) => {
    const seen = prices[k];
    prices[k] = seen === undefined || seen === p ? p : null;
  };
  let paidTotal = 0n;
  for (const piece of clearing.pieces) {
    const value = piece.price * piece.quantity;
    bidMoney[piece.bid]! += value;
    askMoney[piece.ask]! += value - book.fee * piece.quantity;
    paidTotal += value;
    note(bidPrice, piece.bid, piece.price);
    note(askPrice, piece.ask, piece.price - book.fee);
  }
  const bought = new Map<MemberId, bigint>();
  const sold = new Map<MemberId, bigint>();
  const paid = new Map<MemberId, bigint>();
  const earned = new Map<MemberId, bigint>();
  distribute(bids, bidUsed, clearing.bidFilled, bidMoney, bidPrice.map((p) => p ?? null), bought, paid);
  distribute(asks, askUsed, clearing.askFilled, askMoney, askPrice.map((p) => p ?? null), sold, earned);

  const scaleUp = 10n ** BigInt(SHOWN_PRICE_DECIMALS - MARKET_PRICE_DECIMALS);
  const price =
    clearing.volume === 0n ? null : clearing.uniformPrice !== null ? clearing.uniformPrice * scaleUp : divRoundHalfUp(paidTotal * scaleUp, clearing.volume);
  return { selfSupplied, bought, sold, volume: clearing.volume, paid, earned, fee: book.fee * clearing.volume, price };
}
