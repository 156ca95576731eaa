import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDecimal, parseDecimal } from "../decimal";
import { settleJson } from "../engine";

// Random market problems in exact integers (mWh, micro-EUR/kWh), sent through the JSON API.
const IDS = ["a", "b", "m1", "m10", "é", "\uFF61", "\u{1F600}", "p1", "p2"];
// Equal quantities (the constant) make equal remainders, where only the id order breaks ties.
const energy = fc.oneof(fc.bigInt(0n, 5n), fc.constant(1_000n), fc.bigInt(0n, 2_000n), fc.bigInt(0n, 10n ** 9n));

interface Model {
  retail: bigint;
  feedIn: bigint;
  fee: bigint;
  pricing: "midpoint" | "uniform";
  bids: Map<string, bigint>;
  asks: Map<string, bigint>;
  intervals: { quarter: number; consumption: Map<string, bigint>; production: Map<string, bigint> }[];
}

const energyMap = (ids: string[]) =>
  fc.subarray(ids).chain((keys) => fc.tuple(...keys.map(() => energy)).map((vs) => new Map(keys.map((k, i) => [k, vs[i]!]))));

/** Limits in [F, R]: often one of five shared steps (so levels hold several members), else anywhere. */
const limits = (feedIn: bigint, retail: bigint) =>
  fc
    .subarray(IDS)
    .chain((ids) =>
      fc
        .tuple(...ids.map(() => fc.oneof(fc.integer({ min: 0, max: 4 }).map((k) => feedIn + ((retail - feedIn) * BigInt(k)) / 4n), fc.bigInt(feedIn, retail))))
        .map((ps) => new Map(ids.map((id, k) => [id, ps[k]!]))),
    );

const intervals = (ids: string[]) =>
  fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 5 }).chain((quarters) =>
    fc.tuple(...quarters.map((quarter) => fc.record({ quarter: fc.constant(quarter), consumption: energyMap(ids), production: energyMap(ids) }))),
  );

const model: fc.Arbitrary<Model> = fc
  .record({ feedIn: fc.bigInt(0n, 300_000n), spread: fc.oneof(fc.constant(0n), fc.bigInt(0n, 300_000n)), fee: fc.oneof(fc.constant(0n), fc.bigInt(0n, 50_000n)) })
  .chain(({ feedIn, spread, fee }) =>
    fc.record({
      retail: fc.constant(feedIn + spread),
      feedIn: fc.constant(feedIn),
      fee: fc.constant(fee),
      pricing: fc.constantFrom("midpoint" as const, "uniform" as const),
      bids: limits(feedIn, feedIn + spread),
      asks: limits(feedIn, feedIn + spread),
      intervals: intervals(IDS),
    }),
  );

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const startOf = (quarter: number) => `2025-06-01T${String(10 + Math.floor(quarter / 4)).padStart(2, "0")}:${String((quarter % 4) * 15).padStart(2, "0")}:00.000Z`;
const obj = (m: Map<string, bigint>, scale: number, seed: number) => Object.fromEntries(shuffle([...m], seed).map(([k, v]) => [k, formatDecimal(v, scale)]));

function toJson(m: Model, seed = 0) {
  return {
    rule: {
      kind: "market",
      retailEurPerKWh: formatDecimal(m.retail, 6),
      feedInEurPerKWh: formatDecimal(m.feedIn, 6),
      gridFeeEurPerKWh: formatDecimal(m.fee, 6),
      pricing: m.pricing,
      bids: obj(m.bids, 6, seed + 1),
      asks: obj(m.asks, 6, seed + 2),
    },
    intervals: shuffle(m.intervals, seed).map((iv, k) => ({
      start: startOf(iv.quarter),
      consumption: obj(iv.consumption, 3, seed + 3 + k),
      production: obj(iv.production, 3, seed + 4 + k),
    })),
  };
}

const mwh = (s: string) => parseDecimal(s, 3);
const money = (s: string) => parseDecimal(s, 13); // exact market money, 10^-13 EUR
const cents = (s: string) => parseDecimal(s, 2, { signed: true });
const total = (o: Record<string, string>, parse: (s: string) => bigint) => Object.values(o).reduce((a, s) => a + parse(s), 0n);

/** Net positions after own use: bid quantity (> 0) or ask quantity (< 0) per member. */
function netOf(iv: Model["intervals"][number]): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const id of new Set([...iv.consumption.keys(), ...iv.production.keys()])) net.set(id, (iv.consumption.get(id) ?? 0n) - (iv.production.get(id) ?? 0n));
  return net;
}

describe("market invariants (fast-check)", () => {
  it("volume is maximal: no buyer with energy left has a limit ≥ the ask (+ fee) of a seller with energy left; bought ≤ bid, sold ≤ ask, Σ bought = Σ sold", () => {
    fc.assert(
      fc.property(model, (m) => {
        const out = settleJson(toJson(m));
        const byStart = new Map(m.intervals.map((iv) => [startOf(iv.quarter), iv]));
        for (const iv of out.intervals) {
          const net = netOf(byStart.get(iv.start)!);
          let openBid: bigint | null = null; // the highest limit of a buyer with something left
          let openAsk: bigint | null = null; // the lowest ask + fee of a seller with something left
          let bought = 0n;
          let sold = 0n;
          for (const [id, q] of net) {
            if (q > 0n) {
              const b = mwh(iv.allocated[id]!);
              expect(b).toBeLessThanOrEqual(q);
              bought += b;
              const limit = m.bids.get(id) ?? m.retail;
              if (b < q && (openBid === null || limit > openBid)) openBid = limit;
            } else if (q < 0n) {
              const s = mwh(iv.delivered[id]!);
              expect(s).toBeLessThanOrEqual(-q);
              sold += s;
              const limit = (m.asks.get(id) ?? m.feedIn) + m.fee;
              if (s < -q && (openAsk === null || limit < openAsk)) openAsk = limit;
            }
          }
          expect(bought).toBe(sold);
          expect(bought).toBe(mwh(iv.shared));
          if (openBid !== null && openAsk !== null) expect(openBid).toBeLessThan(openAsk);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("every buyer pays at most its limit per kWh, every seller gets at least its own after the fee", () => {
    fc.assert(
      fc.property(model, (m) => {
        const out = settleJson(toJson(m));
        for (const iv of out.intervals) {
          // Limits are micro-EUR/kWh, money 10^-13 EUR, energy mWh: price × 10 × mWh is money.
          for (const [id, paid] of Object.entries(iv.paidEur!)) {
            expect(money(paid)).toBeLessThanOrEqual((m.bids.get(id) ?? m.retail) * 10n * mwh(iv.allocated[id]!));
          }
          for (const [id, earned] of Object.entries(iv.earnedEur!)) {
            expect(money(earned)).toBeGreaterThanOrEqual((m.asks.get(id) ?? m.feedIn) * 10n * mwh(iv.delivered[id]!));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("Σ paid = Σ earned + grid fee: exactly per interval, and to the cent per period (credits sum to −fee)", () => {
    fc.assert(
      fc.property(model, (m) => {
        const out = settleJson(toJson(m));
        for (const iv of out.intervals) {
          expect(total(iv.paidEur!, money)).toBe(total(iv.earnedEur!, money) + money(iv.gridFeeEur!));
          expect(money(iv.gridFeeEur!)).toBe(m.fee * 10n * mwh(iv.shared));
        }
        const t = out.totals;
        expect(total(t.paidEur!, cents)).toBe(total(t.earnedEur!, cents) + cents(t.gridFeeEur!));
        expect(total(t.credits!, cents)).toBe(-cents(t.gridFeeEur!));
        expect(cents(t.valueEur!)).toBe(total(t.paidEur!, cents));
      }),
      { numRuns: 150 },
    );
  });

  it("the result is byte-identical for any order of members and intervals", () => {
    fc.assert(
      fc.property(model, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (m, seed) => {
        expect(JSON.stringify(settleJson(toJson(m, seed)))).toBe(JSON.stringify(settleJson(toJson(m))));
      }),
      { numRuns: 100 },
    );
  });

  it("no limits and no fee ≡ dynamic pro-rata (members consume or produce, not both); midpoint price = (R + F) / 2", () => {
    const consumers = ["a", "b", "m1", "m10", "é", "\u{1F600}"];
    const producers = ["p1", "p2", "\uFF61"];
    const plain = fc.record({
      feedIn: fc.bigInt(0n, 300_000n),
      spread: fc.bigInt(0n, 300_000n),
      intervals: fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 5 }).chain((quarters) =>
        fc.tuple(...quarters.map((quarter) => fc.record({ quarter: fc.constant(quarter), consumption: energyMap(consumers), production: energyMap(producers) }))),
      ),
    });
    fc.assert(
      fc.property(plain, ({ feedIn, spread, intervals }) => {
        const m: Model = { retail: feedIn + spread, feedIn, fee: 0n, pricing: "midpoint", bids: new Map(), asks: new Map(), intervals };
        const json = toJson(m);
        const market = settleJson(json);
        const dynamic = settleJson({ ...json, rule: { kind: "dynamic" } });
        market.intervals.forEach((iv, k) => {
          const d = dynamic.intervals[k]!;
          expect(iv.allocated).toEqual(d.allocated);
          expect(iv.delivered).toEqual(d.delivered);
          expect(iv.residual).toEqual(d.residual);
          expect(iv.surplus).toEqual(d.surplus);
          if (mwh(iv.shared) > 0n) expect(parseDecimal(iv.priceEurPerKWh!, 9)).toBe((m.retail + m.feedIn) * 500n);
        });
        expect(market.totals.allocated).toEqual(dynamic.totals.allocated);
      }),
      { numRuns: 150 },
    );
  });

  it("no limits and no fee, prosumers too ≡ dynamic pro-rata on the net positions (after own use)", () => {
    fc.assert(
      fc.property(
        fc.record({ feedIn: fc.bigInt(0n, 300_000n), spread: fc.bigInt(0n, 300_000n), intervals: intervals(IDS) }),
        ({ feedIn, spread, intervals: ivs }) => {
          const m: Model = { retail: feedIn + spread, feedIn, fee: 0n, pricing: "uniform", bids: new Map(), asks: new Map(), intervals: ivs };
          const market = settleJson(toJson(m));
          // The same intervals with each member's net position only: buyers consume, sellers produce.
          const netted = ivs.map((iv) => {
            const net = netOf(iv);
            return {
              quarter: iv.quarter,
              consumption: new Map([...net].filter(([, q]) => q > 0n)),
              production: new Map([...net].filter(([, q]) => q < 0n).map(([id, q]) => [id, -q])),
            };
          });
          const dynamic = settleJson({ ...toJson({ ...m, intervals: netted }), rule: { kind: "dynamic" } });
          market.intervals.forEach((iv, k) => {
            const d = dynamic.intervals[k]!;
            for (const [id, a] of Object.entries(d.allocated)) expect(iv.allocated[id]).toBe(a);
            for (const [id, e] of Object.entries(d.delivered)) expect(iv.delivered[id]).toBe(e);
            expect(iv.shared).toBe(d.shared);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
