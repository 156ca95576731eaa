import { describe, expect, it } from "vitest";
import { compareCodePoints, sortedIds } from "./code-point-order";
import { apportion } from "./largest-remainder";

describe("apportion", () => {
  it("100 000 mWh over three equal quotas → 33 334/33 333/33 333 (the first item takes the unit)", () => {
    expect(apportion([100_000n, 100_000n, 100_000n], 3n)).toEqual([33_334n, 33_333n, 33_333n]);
  });

  it("largest remainder wins before position: 2.40 + 3.35 + 4.25 = 10 → 3/3/4", () => {
    // remainders .40, .35, .25 → floors 2+3+4 = 9, the one missing unit goes to .40
    expect(apportion([240n, 335n, 425n], 100n)).toEqual([3n, 3n, 4n]);
  });

  it("a non-integer total is rounded once, half up: 0.5 + 0.5 + 0.5 = 1.5 → 2 → 1/1/0", () => {
    expect(apportion([1n, 1n, 1n], 2n)).toEqual([1n, 1n, 0n]);
  });

  it("0.4 + 0.4 = 0.8 → 1 → 1/0", () => {
    expect(apportion([4n, 4n], 10n)).toEqual([1n, 0n]);
  });

  it("exact quotas come back unchanged: 6/3 + 9/3 = 2 + 3", () => {
    expect(apportion([6n, 9n], 3n)).toEqual([2n, 3n]);
  });

  it("no items → nothing", () => {
    expect(apportion([], 7n)).toEqual([]);
  });

  it("refuses a zero denominator and negative quotas", () => {
    expect(() => apportion([1n], 0n)).toThrow(RangeError);
    expect(() => apportion([-1n], 1n)).toThrow(RangeError);
  });
});

describe("code-point order", () => {
  it("U+FF61 sorts before U+1F600 (UTF-16 code-unit order would say the opposite)", () => {
    expect(compareCodePoints("\uFF61", "\u{1F600}")).toBeLessThan(0);
    expect(["\u{1F600}", "\uFF61"].sort()).toEqual(["\u{1F600}", "\uFF61"]); // the trap avoided
    expect(sortedIds(["\u{1F600}", "\uFF61"])).toEqual(["\uFF61", "\u{1F600}"]);
  });

  it("a prefix sorts first; equal strings compare equal; duplicates collapse", () => {
    expect(compareCodePoints("m1", "m10")).toBeLessThan(0);
    expect(compareCodePoints("m1", "m1")).toBe(0);
    expect(sortedIds(["b", "a"], ["a", "B"])).toEqual(["B", "a", "b"]);
  });
});
