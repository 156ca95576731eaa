import { describe, expect, it } from "vitest";
import { formatWh, parseDecimal, toMilliwattHours } from "./energy-units";

const mWh = (text: string, unit: Parameters<typeof toMilliwattHours>[1], seconds = 900, mark: "." | "," = ".") => {
  const r = toMilliwattHours(text, unit, seconds, mark);
  return r.ok ? r.mWh : r.code;
};

describe("exact energy", () => {
  it("0.003000 kWh → 3000 mWh (trailing zeros add no precision)", () => expect(mWh("0.003000", "kWh")).toBe(3000n));
  it("1,25 kWh with a decimal comma → 1 250 000 mWh", () => expect(mWh("1,25", "kWh", 900, ",")).toBe(1_250_000n));
  it("450 Wh → 450 000 mWh; 2 MWh → 2e9 mWh", () => {
    expect(mWh("450", "Wh")).toBe(450_000n);
    expect(mWh("2", "MWh")).toBe(2_000_000_000n);
  });
  it("4.8e-3 kWh → 4800 mWh", () => expect(mWh("4.8e-3", "kWh")).toBe(4800n));
  it("0.0001 kWh (0.1 Wh) is fine, 0.0000001 kWh (0.1 mWh) is excess precision", () => {
    expect(mWh("0.0001", "kWh")).toBe(100n);
    expect(mWh("0.0000001", "kWh")).toBe("excess-precision");
    expect(mWh("0.0005", "Wh")).toBe("excess-precision");
  });
  it("rejects negatives and non-numbers, never guessing thousands separators", () => {
    expect(mWh("-1", "kWh")).toBe("negative-value");
    expect(mWh("-0", "kWh")).toBe(0n);
    for (const bad of ["", "abc", "1.2.3", "1,5", "1 000", "NaN", "1e999"]) expect(mWh(bad, "kWh")).toBe("non-numeric");
  });
  it("keeps 40 significant digits exact (no float on the way)", () => {
    expect(parseDecimal("123456789012345678901234567.890")).toEqual({ digits: 123456789012345678901234567890n, scale: 3 });
  });
});

describe("average power × interval (rounded half to even per interval)", () => {
  it("330 W over 30 min → 165 Wh = 165 000 mWh (Enedis)", () => expect(mWh("330", "W", 1800)).toBe(165_000n));
  it("0.392 kW over 30 min → 196 000 mWh (Ausgrid)", () => expect(mWh("0.392", "kW", 1800)).toBe(196_000n));
  it("float noise 0.48200000000000004 kW over 30 min → 241 000 mWh", () =>
    expect(mWh("0.48200000000000004", "kW", 1800)).toBe(241_000n));
  it("1 W over 5 min = 83.33 mWh → 83", () => expect(mWh("1", "W", 300)).toBe(83n));
  it("1 W over 9 s = 2.5 mWh → 2 (even); over 27 s = 7.5 mWh → 8 (even)", () => {
    expect(mWh("1", "W", 9)).toBe(2n);
    expect(mWh("1", "W", 27)).toBe(8n);
  });
});

describe("formatWh", () => {
  it("1 234 567 mWh → \"1234.567\", 5000 → \"5\", 1500 → \"1.5\", 0 → \"0\", -20 → \"-0.02\"", () => {
    expect([1_234_567n, 5000n, 1500n, 0n, -20n].map(formatWh)).toEqual(["1234.567", "5", "1.5", "0", "-0.02"]);
  });
});
