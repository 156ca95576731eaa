import { describe, expect, it } from "vitest";
import { GLOBAL_MAX_W, implausible, maxReadingMWh, readingBoundMWh, STORABLE_MAX_MWH } from "./reading-bounds";

describe("reading bounds", () => {
  it("6 kW over 15 min × 2 = 3 kWh = 3 000 000 mWh", () => {
    expect(maxReadingMWh(6_000n, 900)).toBe(3_000_000n);
  });
  it("1 W over 5 min × 2 = 166.66… mWh, rounded up to 167", () => {
    expect(maxReadingMWh(1n, 300)).toBe(167n);
  });
  it("capacity 0 or unknown → 100 MW: 15 min × 2 = 50 000 kWh", () => {
    expect(readingBoundMWh(0n, 900).maxMWh).toBe(50_000_000_000n);
    expect(readingBoundMWh(null, 900).maxMWh).toBe(maxReadingMWh(GLOBAL_MAX_W, 900));
  });
  it("every bound fits the database's bigint, even 100 MW over a year", () => {
    expect(readingBoundMWh(null, 366 * 86_400).maxMWh < STORABLE_MAX_MWH).toBe(true);
  });
  it("3 kWh on a 6 kW point over 15 min is within; 3.000001 kWh is not", () => {
    expect(implausible(3_000_000n, 6_000n, 900)).toBeNull();
    expect(implausible(3_000_001n, 6_000n, 900)).toBe("3.000001 kWh is more than the point can deliver in the interval: at most 3 kWh (2 × the point's capacity 6 kW × 900 s)");
  });
  it("99999999999999999999999999999 kWh → named, shortened", () => {
    expect(implausible(99999999999999999999999999999n * 1_000_000n, null, 900)).toMatch(/^999999999999999… \(29 digits\) kWh is more than the point can deliver in the interval: at most 50000 kWh \(2 × 100 MW \(no capacity known\) 100000 kW × 900 s\)$/);
  });
});
