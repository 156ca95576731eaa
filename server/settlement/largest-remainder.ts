// Largest-remainder apportionment: the exact quotas are rounded once as a total, then each item gets
// its floor and the units still missing go to the largest fractional parts. Sums match to the unit.

/**
 * Rounds the exact quotas `numerators[k] / denominator` to integers whose sum is the total
 * `Σ numerators / denominator` rounded half up (exact when that total is an integer, as it is when an
 * integer amount of energy is split). Every item gets its floor or its floor + 1, so nobody receives
 * more than the ceiling of their quota. Equal remainders go to the earlier item: callers list items
 * in code-point order of member id, which makes the tie-break the documented one.
 */
export function apportion(numerators: readonly bigint[], denominator: bigint): bigint[] {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  let sum = 0n;
  for (const n of numerators) {
    if (n < 0n) throw new RangeError("quotas must not be negative");
    sum += n;
  }
  const target = (2n * sum + denominator) / (2n * denominator);
  const shares = numerators.map((n) => n / denominator);
  let missing = target - shares.reduce((a, b) => a + b, 0n);
  if (missing === 0n) return shares;
  // Remainders are below the denominator; when that fits a double exactly (the usual case) they are
  // compared as numbers, which sorts many times faster than bigints and orders them identically.
  const order =
    denominator <= BigInt(Number.MAX_SAFE_INTEGER)
      ? numerators
          .map((n, index) => ({ index, remainder: Number(n % denominator) }))
          .filter((x) => x.remainder > 0)
          .sort((x, y) => y.remainder - x.remainder || x.index - y.index)
      : numerators
          .map((n, index) => ({ index, remainder: n % denominator }))
          .filter((x) => x.remainder > 0n)
          .sort((x, y) => (x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1));
  // At most one unit per item with a fractional part is ever missing (the total is within ½ of the
  // exact sum), so the loop below never runs past the list.
  for (const { index } of order) {
    if (missing === 0n) break;
    shares[index]! += 1n;
    missing -= 1n;
  }
  if (missing !== 0n) throw new Error("apportion: remainder left over (impossible)");
  return shares;
}
