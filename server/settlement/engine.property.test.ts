import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FRACTION_ONE } from "./allocation";
import { formatDecimal, parseDecimal } from "./decimal";
import { resultToJson, settle, settleJson, type SettlementJson } from "./engine";
import { parseProblem } from "./problem-schema";

// Random problems in exact integers (mWh, parts per 10^12, micro-euro), sent through the JSON API.
const CONSUMERS = ["a", "b", "m1", "m10", "é", "\uFF61", "\u{1F600}"];
const PRODUCERS = ["p1", "p2", "a"]; // "a" is a prosumer

const energy = fc.oneof(fc.bigInt(0n, 5n), fc.bigInt(0n, 2_000n), fc.bigInt(0n, 10n ** 9n));
const fraction = fc.oneof(fc.constant(0n), fc.constant(FRACTION_ONE), fc.bigInt(0n, FRACTION_ONE), fc.constant(FRACTION_ONE / 3n));

const energyMap = (ids: string[]) =>
  fc.subarray(ids).chain((keys) => fc.tuple(...keys.map(() => energy)).map((vs) => new Map(keys.map((k, i) => [k, vs[i]!]))));

/** Shares for a subset of consumers, scaled so that Σ ≤ 1 (sometimes exactly 1). */
const shares = fc
  .tuple(fc.subarray(CONSUMERS, { minLength: 1 }), fc.array(fc.bigInt(1n, 1000n), { minLength: 7, maxLength: 7 }), fc.bigInt(0n, FRACTION_ONE), fc.boolean())
  .map(([ids, weights, cap, full]) => {
    const total = ids.reduce((s, _id, k) => s + weights[k]!, 0n);
    const limit = full ? FRACTION_ONE : cap;
    return new Map(ids.map((id, k) => [id, (weights[k]! * limit) / total]));
  });

type Rule = { kind: "dynamic" } | { kind: "static"; shares: Map<string, bigint>; redistribute: boolean };
const rule: fc.Arbitrary<Rule> = fc.oneof(
  fc.constant({ kind: "dynamic" as const }),
  fc.tuple(shares, fc.boolean()).map(([s, redistribute]) => ({ kind: "static" as const, shares: s, redistribute })),
);

const split = fc.tuple(fc.bigInt(0n, FRACTION_ONE), fc.bigInt(0n, FRACTION_ONE)).map(([x, y]) => {
  const [lo, hi] = x < y ? [x, y] : [y, x];
  return { producers: lo, consumers: hi - lo, fund: FRACTION_ONE - hi };
});

type Valuation =
  | { kind: "none" }
  | { kind: "flat"; price: bigint }
  | { kind: "it-cer"; plantKw: string; zone: "north" | "centre" | "south"; pv: boolean; grant: bigint; hourPrices: bigint[]; arera: bigint; split: { producers: bigint; consumers: bigint; fund: bigint } };
const valuation: fc.Arbitrary<Valuation> = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.bigInt(0n, 1_000_000n).map((price) => ({ kind: "flat" as const, price })),
  fc.record({
    kind: fc.constant("it-cer" as const),
    plantKw: fc.constantFrom("20", "200", "450.5", "1000"),
    zone: fc.constantFrom("north" as const, "centre" as const, "south" as const),
    pv: fc.boolean(),
    grant: fraction,
    hourPrices: fc.array(fc.bigInt(-50_000_000n, 400_000_000n), { minLength: 3, maxLength: 3 }),
    arera: fc.bigInt(0n, 20_000_000n),
    split,
  }),
);

interface Model {
  rule: Rule;
  participation: Map<string, bigint>;
  valuation: Valuation;
  /** Quarter index 0..11 (three hours) → consumption, production. */
  intervals: { quarter: number; consumption: Map<string, bigint>; production: Map<string, bigint> }[];
}

const model: fc.Arbitrary<Model> = fc.record({
  rule,
  participation: fc.subarray([...CONSUMERS, ...PRODUCERS]).chain((ids) => fc.tuple(...ids.map(() => fraction)).map((fs) => new Map(ids.map((id, k) => [id, fs[k]!])))),
  valuation,
  intervals: fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 6 }).chain((quarters) =>
    fc.tuple(...quarters.map((quarter) => fc.record({ quarter: fc.constant(quarter), consumption: energyMap(CONSUMERS), production: energyMap(PRODUCERS) }))),
  ),
});

/** A deterministic shuffle driven by a seed (for key and interval orders). */
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

const startOf = (quarter: number) => `2025-06-01T${String(10 + Math.floor(quarter / 4)).padStart(2, "0")}:${String((quarter % 4) * 15).padStart(2, "0")}:00Z`;
const obj = (m: Map<string, bigint>, scale: number, seed: number) => Object.fromEntries(shuffle([...m], seed).map(([k, v]) => [k, formatDecimal(v, scale)]));

function toJson(m: Model, seed = 0): unknown {
  const order = shuffle(
    m.intervals.map((_, k) => k),
    seed,
  );
  const v = m.valuation;
  return {
    rule: m.rule.kind === "dynamic" ? m.rule : { kind: "static", shares: obj(m.rule.shares, 12, seed + 1), redistribute: m.rule.redistribute },
    participation: obj(m.participation, 12, seed + 2),
    ...(v.kind === "flat" ? { valuation: { kind: "flat", priceEurPerKWh: formatDecimal(v.price, 6) } } : {}),
    ...(v.kind === "it-cer"
      ? {
          valuation: {
            kind: "it-cer",
            plantKw: v.plantKw,
            zone: v.zone,
            pv: v.pv,
            grantFactor: formatDecimal(v.grant, 12),
            zonalPriceEurPerMWh: order.map((k) => formatDecimal(v.hourPrices[Math.floor(m.intervals[k]!.quarter / 4)]!, 6)),
            areraEurPerMWh: formatDecimal(v.arera, 6),
            split: { fund: formatDecimal(v.split.fund, 12), producers: formatDecimal(v.split.producers, 12), consumers: formatDecimal(v.split.consumers, 12) },
          },
        }
      : {}),
    intervals: order.map((k) => {
      const iv = m.intervals[k]!;
      return { start: startOf(iv.quarter), consumption: obj(iv.consumption, 3, seed + 3 + k), production: obj(iv.production, 3, seed + 4 + k) };
    }),
  };
}

const mwh = (s: string) => parseDecimal(s, 3);
const cents = (s: string) => parseDecimal(s, 2, { signed: true });
const sumOf = (o: Record<string, string>, parse = mwh) => Object.values(o).reduce((a, s) => a + parse(s), 0n);
const pooled = (m: Model, id: string, e: bigint) => (e * (m.participation.get(id) ?? FRACTION_ONE)) / FRACTION_ONE;

function byStart(m: Model) {
  return new Map(m.intervals.map((iv) => [new Date(startOf(iv.quarter)).toISOString(), iv]));
}

describe("settlement invariants (fast-check)", () => {
  it("per interval: 0 ≤ A_i ≤ pooled C_i ≤ C_i, D_j ≤ pooled P_j, Σ A = Σ D = shared ≤ Σ P, residual and surplus add up", () => {
    fc.assert(
      fc.property(model, (m) => {
        const out = settleJson(toJson(m));
        const input = byStart(m);
        for (const iv of out.intervals) {
          const src = input.get(iv.start)!;
          for (const [id, a] of Object.entries(iv.allocated)) {
            const c = src.consumption.get(id)!;
            expect(mwh(a)).toBeGreaterThanOrEqual(0n);
            expect(mwh(a)).toBeLessThanOrEqual(pooled(m, id, c));
            expect(mwh(a) + mwh(iv.residual[id]!)).toBe(c);
          }
          for (const [id, d] of Object.entries(iv.delivered)) {
            const p = src.production.get(id)!;
            expect(mwh(d)).toBeLessThanOrEqual(pooled(m, id, p));
            expect(mwh(d) + mwh(iv.surplus[id]!)).toBe(p);
          }
          expect(sumOf(iv.allocated)).toBe(mwh(iv.shared));
          expect(sumOf(iv.delivered)).toBe(mwh(iv.shared));
          expect(mwh(iv.shared)).toBeLessThanOrEqual(sumOf(iv.production));
        }
        expect(sumOf(out.totals.allocated)).toBe(sumOf(out.totals.delivered));
        expect(sumOf(out.totals.allocated)).toBe(mwh(out.totals.shared));
      }),
    );
  });

  it("rules: dynamic shares min(ΣC, ΣP) within 1 mWh of each exact quota; static ≤ ⌈s_i·G⌉; redistribution ≥ static − 1 mWh and uses min(G, demand)", () => {
    fc.assert(
      fc.property(model, (m) => {
        const out = settleJson(toJson(m));
        const input = byStart(m);
        const staticOut = m.rule.kind === "static" && m.rule.redistribute ? settleJson(toJson({ ...m, rule: { ...m.rule, redistribute: false } })) : undefined;
        out.intervals.forEach((iv, k) => {
          const src = input.get(iv.start)!;
          const c = new Map([...src.consumption].map(([id, e]) => [id, pooled(m, id, e)]));
          const g = [...src.production].reduce((s, [id, e]) => s + pooled(m, id, e), 0n);
          const demand = [...c.values()].reduce((a, b) => a + b, 0n);
          if (m.rule.kind === "dynamic") {
            expect(mwh(iv.shared)).toBe(demand < g ? demand : g);
            for (const [id, ci] of c) {
              // |A_i − C_i·G/ΣC| < 1 when scarce
              if (g < demand) expect(((mwh(iv.allocated[id]!) * demand - ci * g) ** 2n) < demand * demand).toBe(true);
            }
          } else if (!m.rule.redistribute) {
            for (const [id, ci] of c) {
              const entitled = ((m.rule.shares.get(id) ?? 0n) * g + FRACTION_ONE - 1n) / FRACTION_ONE;
              expect(mwh(iv.allocated[id]!)).toBeLessThanOrEqual(entitled < ci ? entitled : ci);
            }
          } else {
            const holders = [...c].filter(([id]) => (m.rule.kind === "static" ? (m.rule.shares.get(id) ?? 0n) : 0n) > 0n);
            const holderDemand = holders.reduce((s, [, ci]) => s + ci, 0n);
            expect(mwh(iv.shared)).toBe(holderDemand < g ? holderDemand : g);
            const plain = staticOut!.intervals[k]!;
            for (const id of c.keys()) expect(mwh(iv.allocated[id]!) + 1n).toBeGreaterThanOrEqual(mwh(plain.allocated[id]!));
          }
        });
      }),
    );
  });

  it("money balances to the cent: flat Σ credits = 0 and Σ debits = value; IT-CER Σ credits + fund = incentive + ARERA", () => {
    fc.assert(
      fc.property(model, (m) => {
        const out: SettlementJson = settleJson(toJson(m));
        const t = out.totals;
        if (m.valuation.kind === "flat") {
          expect(sumOf(t.credits!, cents)).toBe(0n);
          const debits = Object.values(t.credits!).reduce((a, s) => a + (cents(s) < 0n ? -cents(s) : 0n), 0n);
          // a prosumer nets, so debits can only be ≤ the value
          expect(debits).toBeLessThanOrEqual(cents(t.valueEur!));
        }
        if (m.valuation.kind === "it-cer") {
          expect(sumOf(t.credits!, cents) + cents(t.fundEur!)).toBe(cents(t.incentiveEur!) + cents(t.areraEur!));
          for (const s of Object.values(t.credits!)) expect(cents(s)).toBeGreaterThanOrEqual(0n);
          expect(out.hours!.reduce((a, h) => a + mwh(h.shared), 0n)).toBe(mwh(t.cerShared!));
        }
      }),
    );
  });

  it("flat, without prosumers: debits sum to exactly the value", () => {
    const noProsumer = model.filter((m) => m.valuation.kind === "flat" && m.intervals.every((iv) => !iv.production.has("a")));
    fc.assert(
      fc.property(noProsumer, (m) => {
        const t = settleJson(toJson(m)).totals;
        const debits = Object.entries(t.credits!).filter(([id]) => !id.startsWith("p"));
        expect(-debits.reduce((a, [, s]) => a + cents(s), 0n)).toBe(cents(t.valueEur!));
      }),
      { numRuns: 50 },
    );
  });

  it("permutation invariance: any order of member keys and intervals → byte-identical JSON", () => {
    fc.assert(
      fc.property(model, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (m, seed) => {
        expect(JSON.stringify(settleJson(toJson(m, seed)))).toBe(JSON.stringify(settleJson(toJson(m, 0))));
      }),
    );
  });

  it("totals only (as runs use it) → the same totals and money as with every interval kept", () => {
    fc.assert(
      fc.property(model, (m) => {
        const problem = parseProblem(toJson(m));
        const full = resultToJson(settle(problem));
        const lean = resultToJson(settle(problem, { keepIntervals: false }));
        expect(lean.intervals).toEqual([]);
        expect(JSON.stringify(lean.totals)).toBe(JSON.stringify(full.totals));
      }),
    );
  });
});
