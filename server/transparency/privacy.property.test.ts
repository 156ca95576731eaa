// Property tests of the privacy rule, checked independently of how privacy.ts reasons: an observer
// who sees the shown figures knows every linear combination of them (exact linear algebra over the
// integers here). For random communities — members with random contributions who join, leave and have
// meter gaps, days grouped into months, years and a total — no combination of shown figures that sums
// some days may break rule 1 (k members) or rule 2 (30 %), no hidden figure may be such a combination,
// and neighbours in time that are both shown have the same members.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { protectFigures, type FigureTree, type Verdict } from "./privacy";

interface World {
  k: number;
  tree: FigureTree;
  /** Leaf index → its splits. */
  leafViews: Map<string, bigint>[][];
  /** Node id → indices of its leaves. */
  leavesOf: Map<string, number[]>;
  forced: Map<string, "PROTECTS_HIDDEN">;
}

/** A member's day: mostly near their usual amount, sometimes nothing, sometimes a spike. */
const dayFactor = fc.oneof({ weight: 8, arbitrary: fc.bigInt(8n, 12n) }, { weight: 1, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: fc.bigInt(20n, 200n) });
/** A member's usual amount: most are alike, a few are big (a large plant). */
const usual = fc.oneof({ weight: 12, arbitrary: fc.bigInt(5n, 15n) }, { weight: 1, arbitrary: fc.bigInt(30n, 100n) });

/** A random community over `maxDays` days or fewer. */
function world(maxDays: number, maxMembers: number): fc.Arbitrary<World> {
  return fc
    .record({
      days: fc.integer({ min: 1, max: maxDays }),
      k: fc.integer({ min: 1, max: 6 }),
      viewCount: fc.integer({ min: 1, max: 2 }),
      total: fc.boolean(),
      members: fc.integer({ min: 1, max: maxMembers }),
      scale: fc.oneof(fc.constant(1n), fc.constant(10n ** 9n)),
      seed: fc.array(fc.boolean(), { minLength: 2 * maxDays, maxLength: 2 * maxDays }),
    })
    .chain(({ days, k, viewCount, total, members, scale, seed }) =>
      fc
        .array(
          fc.record({
            // Most members stay throughout; some join late, leave early or have meter gaps.
            join: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: days }) }),
            stay: fc.oneof({ weight: 8, arbitrary: fc.constant(days) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: days }) }),
            gaps: fc.array(fc.integer({ min: 0, max: 5 }).map((x) => x === 0), { minLength: days, maxLength: days }),
            gapsLikely: fc.integer({ min: 0, max: 8 }).map((x) => x === 0),
            usual,
            factors: fc.array(fc.array(dayFactor, { minLength: viewCount, maxLength: viewCount }), { minLength: days, maxLength: days }),
          }),
          { minLength: members, maxLength: members },
        )
        .map((ms) => {
          // Consecutive days form months; consecutive months form years (cuts from the seed).
          const monthOf: number[] = [];
          let month = 0;
          for (let d = 0; d < days; d++) {
            if (d > 0 && seed[d]) month++;
            monthOf.push(month);
          }
          const yearOfMonth: number[] = [];
          let year = 0;
          for (let m = 0; m <= month; m++) {
            if (m > 0 && seed[maxDays + m]) year++;
            yearOfMonth.push(year);
          }
          const leafViews = Array.from({ length: days }, (_, d) =>
            Array.from({ length: viewCount }, (_, v) => {
              const map = new Map<string, bigint>();
              ms.forEach((m, i) => {
                const present = d >= m.join && d < m.join + m.stay && !(m.gapsLikely && m.gaps[d]);
                if (present) map.set(`m${i}`, scale * m.usual * m.factors[d]![v]!);
              });
              return map;
            }),
          );
          const groups = [
            ...(total ? [{ id: "total", parent: null }] : []),
            ...Array.from({ length: year + 1 }, (_, y) => ({ id: `y${y}`, parent: total ? "total" : null })),
            ...Array.from({ length: month + 1 }, (_, m) => ({ id: `m${m}`, parent: `y${yearOfMonth[m]}` })),
          ];
          const leaves = leafViews.map((views, d) => ({ id: `d${d}`, parent: `m${monthOf[d]}`, views }));
          const leavesOf = new Map<string, number[]>();
          const addLeaf = (id: string, d: number) => leavesOf.set(id, [...(leavesOf.get(id) ?? []), d]);
          for (let d = 0; d < days; d++) {
            addLeaf(`d${d}`, d);
            addLeaf(`m${monthOf[d]}`, d);
            addLeaf(`y${yearOfMonth[monthOf[d]!]}`, d);
            if (total) addLeaf("total", d);
          }
          const series = [leaves.map((l) => l.id), groups.filter((g) => g.id.startsWith("m")).map((g) => g.id), groups.filter((g) => g.id.startsWith("y")).map((g) => g.id)];
          // Now and then a figure is hidden for a reason from outside (as credits are for hidden days).
          const forced = new Map([...leavesOf.keys()].filter((_, i) => seed[(i * 7) % seed.length] && seed[(i * 3 + 1) % seed.length] && i % 5 === 0).map((id) => [id, "PROTECTS_HIDDEN" as const]));
          return { k, tree: { groups, leaves, series }, leafViews, leavesOf, forced };
        }),
    );
}

/** Rules 1 and 2, written again here: every split has ≥ k members above 0 and none above 30 %. */
function passes(views: Map<string, bigint>[], k: number): boolean {
  return views.every((v) => {
    const positive = [...v.values()].filter((c) => c > 0n);
    const sum = positive.reduce((a, b) => a + b, 0n);
    return positive.length >= k && positive.every((c) => c * 10n <= sum * 3n);
  });
}

function sumOf(w: World, days: number[]): Map<string, bigint>[] {
  const n = w.leafViews[0]!.length;
  return Array.from({ length: n }, (_, v) => {
    const out = new Map<string, bigint>();
    for (const d of days) for (const [m, c] of w.leafViews[d]![v]!) out.set(m, (out.get(m) ?? 0n) + c);
    return out;
  });
}

/** Integer row echelon form of the shown figures' day indicators: what an observer can combine. */
class Span {
  readonly rows: { pivot: number; row: bigint[] }[] = [];
  constructor(readonly size: number) {}
  reduce(vector: bigint[]): bigint[] {
    let v = [...vector];
    for (const { pivot, row } of this.rows) {
      if (v[pivot] === 0n) continue;
      const f = v[pivot]!;
      const p = row[pivot]!;
      v = v.map((x, i) => x * p - row[i]! * f);
      const g = v.reduce((a, b) => gcd(a, b < 0n ? -b : b), 0n);
      if (g > 1n) v = v.map((x) => x / g);
    }
    return v;
  }
  add(vector: bigint[]) {
    const v = this.reduce(vector);
    const pivot = v.findIndex((x) => x !== 0n);
    if (pivot >= 0) this.rows.push({ pivot, row: v });
  }
  contains(vector: bigint[]): boolean {
    return this.reduce(vector).every((x) => x === 0n);
  }
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
const indicator = (size: number, days: number[]) => Array.from({ length: size }, (_, d) => (days.includes(d) ? 1n : 0n));

function membersOf(w: World, days: number[]): Set<string> {
  const s = new Set<string>();
  for (const d of days) for (const v of w.leafViews[d]!) for (const m of v.keys()) s.add(m);
  return s;
}

function checkWorld(w: World, verdicts: Map<string, Verdict>, everySubset: boolean) {
  const size = w.leafViews.length;
  const span = new Span(size);
  for (const [id, v] of verdicts) if (v.shown) span.add(indicator(size, w.leavesOf.get(id)!));

  // Every figure gets a verdict; every shown one passes rules 1 and 2.
  expect(new Set(verdicts.keys())).toEqual(new Set(w.leavesOf.keys()));
  for (const [id, v] of verdicts) if (v.shown) expect(passes(sumOf(w, w.leavesOf.get(id)!), w.k), `${id} is shown`).toBe(true);
  for (const id of w.forced.keys()) expect(verdicts.get(id)!.shown, `${id} must stay hidden`).toBe(false);
  // No hidden figure can be computed from the shown ones.
  for (const [id, v] of verdicts) if (!v.shown) expect(span.contains(indicator(size, w.leavesOf.get(id)!)), `${id} is hidden but can be worked out`).toBe(false);
  // Any sum of days that can be computed passes rules 1 and 2 (all 2^days sums, when few days).
  if (everySubset) {
    for (let mask = 1; mask < 1 << size; mask++) {
      const days = [...Array(size).keys()].filter((d) => mask & (1 << d));
      if (span.contains(indicator(size, days))) expect(passes(sumOf(w, days), w.k), `days ${days.join(",")} can be worked out`).toBe(true);
    }
  }
  // Rule 3: neighbours in a series that are both shown have the same members.
  for (const series of w.tree.series) {
    for (let i = 1; i < series.length; i++) {
      const [a, b] = [series[i - 1]!, series[i]!];
      if (verdicts.get(a)!.shown && verdicts.get(b)!.shown) expect(membersOf(w, w.leavesOf.get(a)!), `${a} and ${b}`).toEqual(membersOf(w, w.leavesOf.get(b)!));
    }
  }
}

describe("privacy rule, property: nothing shown breaks it, alone or combined", () => {
  it("up to 9 days, 10 members: every computable sum of days passes k and 30 %, no hidden figure is computable, shown neighbours share members", () => {
    fc.assert(
      fc.property(world(9, 10), (w) => checkWorld(w, protectFigures(w.tree, { k: w.k }, w.forced), true)),
      { numRuns: 300 },
    );
  });

  it("up to 60 days, 14 members: shown figures pass, hidden ones cannot be computed, shown neighbours share members", () => {
    fc.assert(
      fc.property(world(60, 14), (w) => checkWorld(w, protectFigures(w.tree, { k: w.k }, w.forced), false)),
      { numRuns: 60 },
    );
  });

  it("a quiet community (10 members, equal days, nobody joins) shows everything", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.bigInt(1n, 10n ** 9n), (days, energy) => {
        const views = [new Map(Array.from({ length: 10 }, (_, i) => [`m${i}`, energy]))];
        const tree: FigureTree = {
          groups: [{ id: "y", parent: null }],
          leaves: Array.from({ length: days }, (_, d) => ({ id: `d${d}`, parent: "y", views })),
          series: [Array.from({ length: days }, (_, d) => `d${d}`)],
        };
        expect([...protectFigures(tree, { k: 5 }).values()].every((v) => v.shown)).toBe(true);
      }),
    );
  });
});
