import { describe, expect, it } from "vitest";
import { applyFactors, pointShare } from "./participation";

describe("participation factors of a point", () => {
  it("60 % and 40 % of 1,000,000 mWh are exactly 600,000 and 400,000 mWh", () => {
    expect(pointShare(1_000_000n, 6000)).toBe(600_000n);
    expect(pointShare(1_000_000n, 4000)).toBe(400_000n);
  });

  it("33.33 % of 1,000 mWh is floored to 333 mWh (never more than the agreed share)", () => {
    expect(pointShare(1000n, 3333)).toBe(333n);
    expect(pointShare(1000n, 3334)).toBe(333n);
  });

  it("a factor from interval 2 scales only intervals 2 and 3: 1000,1000,500,500 mWh at 50 %; 0 % counts 0, not missing", () => {
    const e: (bigint | undefined)[] = [1000n, 1000n, 1000n, 1000n];
    expect(applyFactors(e, 0, 4, [{ fromIdx: 2, basisPoints: 5000 }])).toBe(true);
    expect(e).toEqual([1000n, 1000n, 500n, 500n]);
    const gap: (bigint | undefined)[] = [undefined, undefined, 7n];
    expect(applyFactors(gap, 0, 3, [{ fromIdx: 1, basisPoints: 0 }])).toBe(true);
    expect(gap).toEqual([undefined, 0n, 0n]);
  });

  it("a factor of 0 over the whole window takes the point out", () => {
    const e: (bigint | undefined)[] = [5n, 5n];
    expect(applyFactors(e, 0, 2, [{ fromIdx: 0, basisPoints: 0 }])).toBe(false);
    expect(e).toEqual([0n, 0n]);
  });
});
