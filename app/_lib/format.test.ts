import { describe, expect, it } from "vitest";
import { formatEurFromCents, formatKWhFromMWh, formatPeriod, shortHash } from "./format";

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

describe("formatEurFromCents", () => {
  it("123456 cents → €1,234.56 (en) / 1.234,56 € (de); exact for amounts beyond 2^53", () => {
    expect(formatEurFromCents("123456", "en")).toBe("€1,234.56");
    expect(formatEurFromCents("123456", "de").replace(/\s/g, " ")).toBe("1.234,56 €");
    expect(formatEurFromCents(900719925474099301n, "en")).toBe("€9,007,199,254,740,993.01");
  });
  it("−5 cents → −€0.05; signed: 5 → +€0.05, 0 → €0.00", () => {
    expect(formatEurFromCents("-5", "en")).toBe("−€0.05");
    expect(formatEurFromCents("5", "en", { signed: true })).toBe("+€0.05");
    expect(formatEurFromCents("0", "en", { signed: true })).toBe("€0.00");
  });
});

describe("formatPeriod", () => {
  it("[2026-11-02, 2026-11-09) → Nov 2 – 8, 2026 (end exclusive); a one-day period → one date", () => {
    expect(formatPeriod("2026-11-02", "2026-11-09", "en-US").replace(/\s/g, " ")).toBe("Nov 2 – 8, 2026");
    expect(formatPeriod("2026-11-02", "2026-11-03", "en-US")).toBe("Nov 2, 2026");
  });
});

describe("shortHash", () => {
  it("64 hex digits → first 12 and an ellipsis", () => {
    expect(shortHash("ab".repeat(32))).toBe(`${"ab".repeat(6)}…`);
  });
});

describe("public figures", () => {
  it("CO₂: 3,600,000,000 µg → 3.6 kg; 1,234,550,000,000 µg → 1,234.6 kg (half up)", async () => {
    const { formatKgFromMicrograms } = await import("./format");
    expect(formatKgFromMicrograms("3600000000", "en")).toBe("3.6 kg");
    expect(formatKgFromMicrograms("1234550000000", "en")).toBe("1,234.6 kg");
  });
  it("rates: 30.0 → 30.0 % (en), 87,3 % (de)", async () => {
    const { formatPercent } = await import("./format");
    expect(formatPercent("30.0", "en")).toBe("30.0 %");
    expect(formatPercent("87.3", "de")).toBe("87,3 %");
  });
  it("months: 2026-11 → November 2026", async () => {
    const { formatMonth } = await import("./format");
    expect(formatMonth("2026-11", "en")).toBe("November 2026");
  });
});
