import { describe, expect, it } from "vitest";
import { formatKWhFromMWh } from "./format";

describe("formatKWhFromMWh", () => {
  it("1,234,567 mWh → 1.2 kWh; 1,250,000 → 1.3 (half up); 0 → 0.0", () => {
    expect(formatKWhFromMWh("1234567", "en")).toBe("1.2 kWh");
    expect(formatKWhFromMWh("1250000", "en")).toBe("1.3 kWh");
    expect(formatKWhFromMWh("0", "en")).toBe("0.0 kWh");
  });
  it("groups thousands for the locale: 12,345,678,901 mWh → 12,345.7 (en) / 12.345,7 (de)", () => {
    expect(formatKWhFromMWh(12_345_678_901n, "en")).toBe("12,345.7 kWh");
    expect(formatKWhFromMWh(12_345_678_901n, "de")).toBe("12.345,7 kWh");
  });
});
