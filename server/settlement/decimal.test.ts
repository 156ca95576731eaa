import { describe, expect, it } from "vitest";
import { decimalProblem, divFloor, divRoundHalfUp, formatDecimal, formatDecimalTrimmed, parseDecimal } from "./decimal";

describe("parseDecimal", () => {
  it.each([
    ["572", 3, 572_000n],
    ["0.001", 3, 1n],
    ["33.334", 3, 33_334n],
    ["1.2340", 3, 1_234n], // extra zero decimals are exact, so accepted
    ["0", 3, 0n],
    ["0.25", 12, 250_000_000_000n],
    ["123456789012345678901234567890", 0, 123456789012345678901234567890n],
  ])('"%s" at %i decimals → %s', (text, scale, value) => {
    expect(parseDecimal(text, scale)).toBe(value);
  });

  it('"-20.5" € is −20 500 000 micro-euro when signed', () => {
    expect(parseDecimal("-20.5", 6, { signed: true })).toBe(-20_500_000n);
  });

  it.each(["1.2345", "-1", "1e3", ".5", "5.", "+1", " 1", "1 ", "01", "1,5", "", "NaN", "Infinity", "0x10", "１"])(
    'refuses "%s" at 3 decimals',
    (text) => {
      expect(decimalProblem(text, 3)).not.toBeNull();
      expect(() => parseDecimal(text, 3)).toThrow(RangeError);
    },
  );

  it("refuses more than 30 integer digits", () => {
    expect(() => parseDecimal("1".repeat(31), 0)).toThrow(/too many digits/);
  });
});

describe("formatDecimal", () => {
  it.each([
    [1n, 3, "0.001"],
    [50_000n, 3, "50.000"],
    [-5n, 2, "-0.05"],
    [0n, 2, "0.00"],
    [1234n, 2, "12.34"],
    [7n, 0, "7"],
  ])("%s at %i decimals → %s", (value, scale, text) => {
    expect(formatDecimal(value, scale)).toBe(text);
  });

  it("round-trips every value it prints", () => {
    for (const v of [0n, 1n, 999n, 1000n, 123_456_789n]) expect(parseDecimal(formatDecimal(v, 3), 3)).toBe(v);
  });

  it.each([
    [120_000_000n, 6, "120.00"],
    [55_250_000n, 6, "55.25"],
    [1_234_567n, 6, "1.234567"],
    [-20_000_000n, 6, "-20.00"],
  ])("trimmed: %s at %i decimals → %s", (value, scale, text) => {
    expect(formatDecimalTrimmed(value, scale, 2)).toBe(text);
  });
});

describe("integer division", () => {
  it.each([
    [5n, 10n, 1n], // 0.5 → 1
    [4n, 10n, 0n], // 0.4 → 0
    [15n, 10n, 2n], // 1.5 → 2
    [-5n, 10n, -1n], // −0.5 → −1 (halves away from zero)
    [-4n, 10n, 0n],
    [12n, 10n, 1n],
  ])("%s / %s rounded half up → %s", (n, d, q) => {
    expect(divRoundHalfUp(n, d)).toBe(q);
  });

  it("floor(−7 / 2) = −4, floor(7 / 2) = 3", () => {
    expect(divFloor(-7n, 2n)).toBe(-4n);
    expect(divFloor(7n, 2n)).toBe(3n);
  });
});
