import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { settleDenseDynamic, type DenseSeries } from "./dense-dynamic";
import { resultToJson, settle, settleDense, type SettlementInterval, type SettlementResult } from "./engine";

// The dense fast path against the bigint engine (the reference) on random periods: the same series
// become per-interval maps exactly as run-computation.ts `intervalsOf` builds them.
const MEMBERS = ["a", "b", "m1", "m10", "é", "\uFF61", "\u{1F600}", "z"];
const INTERVALS = 6;
const BIG = 2n ** 52n;

const energy = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt(0n, 3n) }, // equal remainders: the tie-break by member order
  { weight: 2, arbitrary: fc.bigInt(0n, 1_000n) },
  { weight: 2, arbitrary: fc.bigInt(2n ** 25n, 2n ** 27n) }, // products just above 2^52 (bigints for that interval)
  { weight: 2, arbitrary: fc.bigInt(0n, 10n ** 9n) },
  { weight: 1, arbitrary: fc.constant(0n) },
  // Products beyond 2^52 (the bigint fallback of one interval) and values near the 2^52 limit.
  { weight: 1, arbitrary: fc.bigInt(10n ** 12n, BIG / 4n) },
  { weight: 1, arbitrary: fc.bigInt(BIG - 3n, BIG + 1n) },
);

const series: fc.Arbitrary<DenseSeries> = fc
  .record({
    memberId: fc.constantFrom(...MEMBERS),
    side: fc.constantFrom("consumption" as const, "production" as const),
    window: fc.tuple(fc.nat(INTERVALS), fc.nat(INTERVALS)),
    energy: fc.array(fc.option(energy, { nil: undefined, freq: 4 }), { minLength: INTERVALS, maxLength: INTERVALS }),
  })
  .map(({ memberId, side, window: [x, y], energy }) => ({ memberId, side, fromIdx: Math.min(x, y), toIdx: Math.max(x, y), energy }));

/** run-computation.ts intervalsOf, over DenseSeries. */
function intervalsOf(all: readonly DenseSeries[]): SettlementInterval[] {
  const slots: (SettlementInterval | undefined)[] = new Array(INTERVALS);
  for (const s of all) {
    for (let k = s.fromIdx; k < s.toIdx; k++) {
      const e = s.energy[k];
      if (e === undefined) continue;
      const slot = (slots[k] ??= { start: new Date(Date.UTC(2026, 2, 1, 0, 15 * k)).toISOString(), consumption: new Map(), production: new Map() });
      const side = slot[s.side] as Map<string, bigint>;
      side.set(s.memberId, (side.get(s.memberId) ?? 0n) + e);
    }
  }
  return slots.filter((s): s is SettlementInterval => s !== undefined);
}

const json = (r: SettlementResult) => JSON.stringify(resultToJson(r));

describe("settleDense (fast path) equals settle (bigint reference)", () => {
  it("gives byte-identical totals, shared energy, debits and credits for the dynamic rule on random periods", () => {
    fc.assert(
      fc.property(fc.array(series, { maxLength: 12 }), fc.option(fc.bigInt(0n, 1_000_000n), { nil: undefined }), (all, price) => {
        const problem = { rule: { kind: "dynamic" as const }, participation: new Map<string, bigint>(), valuation: price === undefined ? undefined : { kind: "flat" as const, priceMicroEurPerKWh: price } };
        const fast = settleDense(problem, all, INTERVALS);
        // Declines only for an interval sum of 2^52 mWh or more; then the reference runs.
        const tooLarge = intervalsOf(all).some((iv) => [iv.consumption, iv.production].some((m) => [...m.values()].reduce((a, b) => a + b, 0n) >= BIG));
        expect(fast === null).toBe(tooLarge);
        if (fast) expect(json(fast)).toBe(json(settle({ ...problem, intervals: intervalsOf(all) }, { keepIntervals: false })));
      }),
      { numRuns: 1000 },
    );
  });

  it("matches the reference on 300 members × 96 intervals (ties, zero production, scarcity and plenty)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        // A deterministic pseudo-random community from the seed: many equal remainders, empty intervals.
        let x = seed;
        const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
        const all: DenseSeries[] = [];
        for (let m = 0; m < 300; m++) {
          const side = m % 4 === 0 ? "production" : "consumption";
          const energy = Array.from({ length: 96 }, () => {
            const r = next() % 10;
            return r === 0 ? undefined : r < 3 ? 0n : BigInt(next() % (side === "production" ? 5_000_000 : 300_000));
          });
          all.push({ memberId: `m${m}`, side, fromIdx: 0, toIdx: 96, energy });
        }
        const problem = { rule: { kind: "dynamic" as const }, participation: new Map<string, bigint>(), valuation: { kind: "flat" as const, priceMicroEurPerKWh: 123_457n } };
        const slots: SettlementInterval[] = [];
        for (let k = 0; k < 96; k++) {
          const iv: SettlementInterval = { start: new Date(Date.UTC(2026, 2, 1, 0, 15 * k)).toISOString(), consumption: new Map(), production: new Map() };
          for (const s of all) if (s.energy[k] !== undefined) (iv[s.side] as Map<string, bigint>).set(s.memberId, s.energy[k]!);
          slots.push(iv);
        }
        expect(json(settleDense(problem, all, 96)!)).toBe(json(settle({ ...problem, intervals: slots }, { keepIntervals: false })));
      }),
      { numRuns: 20 },
    );
  });

  it("declines what it does not compute: static rule, participation factors, it-cer, negative energy", () => {
    const all: DenseSeries[] = [{ memberId: "a", side: "consumption", fromIdx: 0, toIdx: 1, energy: [5n] }];
    expect(settleDense({ rule: { kind: "static", shares: new Map(), redistribute: false }, participation: new Map() }, all, 1)).toBeNull();
    expect(settleDense({ rule: { kind: "dynamic" }, participation: new Map([["a", 1n]]) }, all, 1)).toBeNull();
    expect(settleDenseDynamic([{ ...all[0]!, energy: [-1n] }], 1)).toBeNull();
    // 2^52 − 1 mWh fits; two readings summing to 2^52 do not.
    expect(settleDenseDynamic([{ ...all[0]!, energy: [BIG - 1n] }], 1)?.consumption.get("a")).toBe(BIG - 1n);
    expect(settleDenseDynamic([all[0]!, { ...all[0]!, energy: [BIG - 5n] }], 1)).toBeNull();
  });
});
