// The dynamic pro-rata rule over a whole period at once, on dense per-interval arrays of doubles
// instead of one Map per interval and side: the fast path of engine.ts `settle()` for runs (totals
// only, no participation factors). Pure. The bigint engine stays the reference; the property test
// (dense-dynamic.property.test.ts) proves both give identical totals.
//
// Exactness: every energy, sum and product computed in doubles is an integer below 2^52, checked
// before it is formed (a double product a·b with fl(a·b) < 2^52 is below 2^52 and so exact), and
// quotients are corrected by their exact remainder. An interval whose products would not fit is
// apportioned with bigints (the reference `apportion`); an input of 2^52 mWh or more (4.5 TWh in
// one interval) makes the whole fast path decline (null), and the caller runs the reference.
import { compareCodePoints } from "./code-point-order";
import type { MemberId } from "./allocation";
import { apportion } from "./largest-remainder";

const LIMIT = 2 ** 52;

export interface DenseSeries {
  memberId: MemberId;
  side: "consumption" | "production";
  fromIdx: number;
  toIdx: number;
  /** mWh per interval index; undefined = no reading. */
  energy: readonly (bigint | undefined)[];
}

export interface DenseTotals {
  consumption: Map<MemberId, bigint>;
  production: Map<MemberId, bigint>;
  allocated: Map<MemberId, bigint>;
  residual: Map<MemberId, bigint>;
  delivered: Map<MemberId, bigint>;
  surplus: Map<MemberId, bigint>;
  shared: bigint;
}

/** One side's energies: row k (interval) × column i (member in code-point order). */
interface Side {
  ids: MemberId[];
  values: Float64Array;
  /** Whether the member had at least one reading on this side (it is then listed in the totals). */
  seen: Uint8Array;
}

function sideOf(series: readonly DenseSeries[], side: DenseSeries["side"], intervalCount: number): Side | null {
  const mine = series.filter((s) => s.side === side);
  const ids = [...new Set(mine.map((s) => s.memberId))].sort(compareCodePoints);
  const column = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const values = new Float64Array(intervalCount * n);
  const seen = new Uint8Array(n);
  for (const s of mine) {
    const i = column.get(s.memberId)!;
    for (let k = s.fromIdx; k < s.toIdx; k++) {
      const e = s.energy[k];
      if (e === undefined) continue;
      const v = Number(e);
      if (!(v >= 0 && v < LIMIT)) return null; // negative (the reference refuses it) or too large
      const sum = values[k * n + i]! + v; // both < 2^52: exact
      if (sum >= LIMIT) return null;
      values[k * n + i] = sum;
      seen[i] = 1;
    }
  }
  return { ids, values, seen };
}

/** Per-member totals of values below 2^52: a double that is flushed into a bigint before it could lose a unit. */
class Totals {
  readonly #small: Float64Array;
  readonly #big: bigint[];
  constructor(n: number) {
    this.#small = new Float64Array(n);
    this.#big = new Array<bigint>(n).fill(0n);
  }
  add(i: number, v: number): void {
    const s = this.#small[i]! + v; // both < 2^52: exact
    if (s >= LIMIT) {
      this.#big[i]! += BigInt(s);
      this.#small[i] = 0;
    } else this.#small[i] = s;
  }
  get(i: number): bigint {
    return this.#big[i]! + BigInt(this.#small[i]!);
  }
}

/**
 * Apportions quotas x_i = v[off + i] · mult over `denominator` (all < 2^52, each product checked by
 * the caller) into out[0..n): floors, then one unit each to the `target − Σ floors` largest
 * remainders, ties to the lower index — `apportion` of largest-remainder.ts, in doubles.
 */
function apportionDoubles(v: Float64Array, off: number, n: number, mult: number, denominator: number, target: number, out: Float64Array, rem: Float64Array, scratch: Float64Array): void {
  let floors = 0;
  let positive = 0;
  for (let i = 0; i < n; i++) {
    const x = v[off + i]! * mult;
    let q = Math.floor(x / denominator);
    let r = x - q * denominator; // q · denominator ≤ x + denominator < 2^53: exact
    if (r < 0) {
      q -= 1;
      r += denominator;
    } else if (r >= denominator) {
      q += 1;
      r -= denominator;
    }
    out[i] = q;
    rem[i] = r;
    floors += q;
    if (r > 0) scratch[positive++] = r;
  }
  let missing = target - floors;
  if (missing === 0) return;
  if (missing < 0 || missing > positive) throw new Error("apportion: remainder left over (impossible)");
  // The missing-th largest remainder is the threshold: every larger one gets a unit, equal ones in index order.
  const sorted = scratch.subarray(0, positive).sort();
  const threshold = sorted[positive - missing]!;
  for (let i = 0; i < n; i++) {
    if (rem[i]! > threshold) {
      out[i]! += 1;
      missing--;
    }
  }
  for (let i = 0; i < n && missing > 0; i++) {
    if (rem[i] === threshold) {
      out[i]! += 1;
      missing--;
    }
  }
}

/** The same apportionment with the reference's bigints, for an interval whose products exceed 2^52. */
function apportionBigints(v: Float64Array, off: number, n: number, mult: number, denominator: number, out: Float64Array): void {
  const m = BigInt(mult);
  const a = apportion(
    Array.from({ length: n }, (_, i) => BigInt(v[off + i]!) * m),
    BigInt(denominator),
  );
  for (let i = 0; i < n; i++) out[i] = Number(a[i]!); // each ≤ v[off + i] < 2^52
}

function apportionRow(v: Float64Array, off: number, n: number, max: number, mult: number, denominator: number, out: Float64Array, rem: Float64Array, scratch: Float64Array): void {
  if (max * mult < LIMIT) apportionDoubles(v, off, n, mult, denominator, mult, out, rem, scratch);
  else apportionBigints(v, off, n, mult, denominator, out);
}

/**
 * Dynamic pro-rata over every interval: per interval A_i = min(C_i, G · C_i / ΣC) by largest
 * remainder, D_j = ΣA · P_j / G, exactly as allocation.ts `allocateInterval` (no participation
 * factors); returns the period totals as `settle(…, { keepIntervals: false })` does, or null when
 * an input is outside the exact range (then the reference must run).
 */
export function settleDenseDynamic(series: readonly DenseSeries[], intervalCount: number): DenseTotals | null {
  const cons = sideOf(series, "consumption", intervalCount);
  const prod = sideOf(series, "production", intervalCount);
  if (!cons || !prod) return null;
  const nc = cons.ids.length;
  const np = prod.ids.length;
  const consumed = new Totals(nc);
  const allocated = new Totals(nc);
  const produced = new Totals(np);
  const delivered = new Totals(np);
  const rowC = new Float64Array(nc);
  const rowP = new Float64Array(np);
  const rem = new Float64Array(Math.max(nc, np));
  const scratch = new Float64Array(Math.max(nc, np));
  let shared = 0n;
  for (let k = 0; k < intervalCount; k++) {
    const oc = k * nc;
    const op = k * np;
    let c = 0;
    let maxC = 0;
    for (let i = 0; i < nc; i++) {
      const v = cons.values[oc + i]!;
      c += v;
      if (v > maxC) maxC = v;
      consumed.add(i, v);
    }
    let g = 0;
    let maxP = 0;
    for (let j = 0; j < np; j++) {
      const v = prod.values[op + j]!;
      g += v;
      if (v > maxP) maxP = v;
      produced.add(j, v);
    }
    if (c >= LIMIT || g >= LIMIT) return null; // the partial sums were exact, so these are too
    let s: number;
    if (g >= c) {
      // Enough for everyone (also ΣC = 0): each consumer gets its consumption.
      for (let i = 0; i < nc; i++) allocated.add(i, cons.values[oc + i]!);
      s = c;
    } else {
      // Σ C_i · G / ΣC = G exactly: the rounded total is G.
      apportionRow(cons.values, oc, nc, maxC, g, c, rowC, rem, scratch);
      for (let i = 0; i < nc; i++) allocated.add(i, rowC[i]!);
      s = g;
    }
    shared += BigInt(s);
    if (s > 0) {
      // Σ P_j · S / G = S exactly.
      apportionRow(prod.values, op, np, maxP, s, g, rowP, rem, scratch);
      for (let j = 0; j < np; j++) delivered.add(j, rowP[j]!);
    }
  }
  const out: DenseTotals = { consumption: new Map(), production: new Map(), allocated: new Map(), residual: new Map(), delivered: new Map(), surplus: new Map(), shared };
  cons.ids.forEach((id, i) => {
    if (!cons.seen[i]) return;
    const total = consumed.get(i);
    const a = allocated.get(i);
    out.consumption.set(id, total);
    out.allocated.set(id, a);
    out.residual.set(id, total - a);
  });
  prod.ids.forEach((id, j) => {
    if (!prod.seen[j]) return;
    const total = produced.get(j);
    const d = delivered.get(j);
    out.production.set(id, total);
    out.delivered.set(id, d);
    out.surplus.set(id, total - d);
  });
  return out;
}
