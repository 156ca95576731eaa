import { describe, expect, it } from "vitest";
import { formatDecimalString, formatEurFromCents, formatKWhFromMWh, formatPeriod, formatterFor, shortHash } from "./format";

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

describe("formatDecimalString (exact decimal strings, no floating point)", () => {
  it("0.11 € per kWh → €0.11 (en), 0,11 € (it), 0,11 € (de), 0,11 € (fr)", () => {
    const sp = (s: string) => s.replace(/\s/g, " ");
    expect(formatDecimalString("0.11", "en", { currency: true })).toBe("€0.11");
    expect(sp(formatDecimalString("0.11", "it", { currency: true }))).toBe("0,11 €");
    expect(sp(formatDecimalString("0.11", "de", { currency: true }))).toBe("0,11 €");
    expect(sp(formatDecimalString("0.11", "fr", { currency: true }))).toBe("0,11 €");
  });
  it("keeps every digit: 1.728 → €1.728 (en) / 1,728 € (it); 0.1 + 0.2 stays 0.3; 9007199254740993.5 is not rounded", () => {
    expect(formatDecimalString("1.728", "en", { currency: true })).toBe("€1.728");
    expect(formatDecimalString("1.728", "it", { currency: true }).replace(/\s/g, " ")).toBe("1,728 €");
    expect(formatDecimalString("0.3", "de")).toBe("0,3");
    expect(formatDecimalString("9007199254740993.5", "en")).toBe("9,007,199,254,740,993.5");
    expect(formatDecimalString("9007199254740993.5", "de")).toBe("9.007.199.254.740.993,5");
  });
  it("signs and integers: -1234.50 → −1.234,50 (de); 12 → 12; -0.00 → 0.00; garbage is refused", () => {
    expect(formatDecimalString("-1234.50", "de")).toBe("−1.234,50");
    expect(formatDecimalString("12", "en")).toBe("12");
    expect(formatDecimalString("-0.00", "en")).toBe("0.00");
    expect(() => formatDecimalString("1e3", "en")).toThrow(RangeError);
    expect(() => formatDecimalString("0.1.2", "en")).toThrow(RangeError);
  });
});

describe("formatterFor: the same exact values in each language", () => {
  it("12,345,678,901 mWh → 12,345.7 kWh (en) · 12.345,7 kWh (it, de) · 12 345,7 kWh (fr)", () => {
    const sp = (s: string) => s.replace(/[\s\u202f]/g, " ");
    expect(formatterFor("en").kwh(12_345_678_901n)).toBe("12,345.7 kWh");
    expect(formatterFor("it").kwh(12_345_678_901n)).toBe("12.345,7 kWh");
    expect(formatterFor("de").kwh(12_345_678_901n)).toBe("12.345,7 kWh");
    expect(sp(formatterFor("fr").kwh(12_345_678_901n))).toBe("12 345,7 kWh");
  });
  it("12345678 cents → €123,456.78 · 123.456,78 € · 123 456,78 € (Italian money groups from 4 digits too: 1.234,56 €); months and dates in the language", () => {
    const sp = (s: string) => s.replace(/[\s\u202f]/g, " ");
    expect(formatterFor("en").eur("12345678")).toBe("€123,456.78");
    expect(sp(formatterFor("it").eur("12345678"))).toBe("123.456,78 €");
    expect(sp(formatterFor("it").eur("123456"))).toBe("1.234,56 €");
    expect(sp(formatterFor("fr").eur("12345678"))).toBe("123 456,78 €");
    expect(formatterFor("it").month("2026-11")).toBe("novembre 2026");
    expect(formatterFor("de").month("2026-11")).toBe("November 2026");
    expect(formatterFor("fr").date("2026-11-03")).toBe("3 nov. 2026");
    expect(formatterFor("de").count(12345n)).toBe("12.345");
  });
});

describe("Italian grouping is the same for every size (CLDR alone groups only from 5 digits)", () => {
  const sp = (s: string) => s.replace(/[\s\u202f]/g, " ");
  const it_ = formatterFor("it");
  it("3,920,800,000 mWh → 3.920,8 kWh and 13,678,300,000 mWh → 13.678,3 kWh; 999.9 kWh has no separator", () => {
    expect(it_.kwh(3_920_800_000n)).toBe("3.920,8 kWh");
    expect(it_.kwh(13_678_300_000n)).toBe("13.678,3 kWh");
    expect(it_.kwh(999_900_000n)).toBe("999,9 kWh");
    expect(it_.kwh(3_920_812_345n, 3)).toBe("3.920,812 kWh");
  });
  it("counts, decimals, percentages and money: 3920 → 3.920, 3920.8 → 3.920,8, 3920.5 % → 3.920,5 %, 392080 cents → 3.920,80 €", () => {
    expect(it_.count(3920)).toBe("3.920");
    expect(it_.count(13678n)).toBe("13.678");
    expect(it_.decimal("3920.8")).toBe("3.920,8");
    expect(it_.percent("3920.5")).toBe("3.920,5 %");
    expect(sp(it_.eur("392080"))).toBe("3.920,80 €");
    expect(sp(it_.eurDecimal("3920.8"))).toBe("3.920,8 €");
    expect(it_.axis(3920.8)).toBe("3.920,8");
  });
  it("German and French group the same way: 3.920,8 (de) · 3 920,8 (fr); English 3,920.8", () => {
    expect(formatterFor("de").kwh(3_920_800_000n)).toBe("3.920,8 kWh");
    expect(sp(formatterFor("fr").kwh(3_920_800_000n))).toBe("3 920,8 kWh");
    expect(formatterFor("en").kwh(3_920_800_000n)).toBe("3,920.8 kWh");
  });
});

describe("dates in the language; times with their zone", () => {
  const sp = (s: string) => s.replace(/[\s\u202f]/g, " ");
  it("2026-12-04 → Dec 4, 2026 · 4 dic 2026 · 04.12.2026 · 4 déc. 2026", () => {
    expect(sp(formatterFor("en").date("2026-12-04"))).toBe("Dec 4, 2026");
    expect(formatterFor("it").date("2026-12-04")).toBe("4 dic 2026");
    expect(formatterFor("de").date("2026-12-04")).toBe("04.12.2026");
    expect(sp(formatterFor("fr").date("2026-12-04"))).toBe("4 déc. 2026");
  });
  it("13:00 UTC in Europe/Rome (winter, +1) → 14:00 CET (it) · 14:00 MEZ (de) · 2:00 PM GMT+1 (en); in July +2 → 15:00 CEST", () => {
    expect(sp(formatterFor("it").dateTime("2026-12-04T13:00:00Z", "Europe/Rome"))).toBe("4 dic 2026, 14:00 CET");
    expect(sp(formatterFor("de").dateTime("2026-12-04T13:00:00Z", "Europe/Rome"))).toBe("4. Dez. 2026, 14:00 MEZ");
    expect(sp(formatterFor("en").dateTime("2026-12-04T13:00:00Z", "Europe/Rome"))).toBe("Dec 4, 2026, 2:00 PM GMT+1");
    expect(sp(formatterFor("it").dateTime("2026-07-04T13:00:00Z", "Europe/Rome"))).toBe("4 lug 2026, 15:00 CEST");
  });
  it("every time names its zone, whatever the zone: UTC, Europe/Paris in French, the reader's own", () => {
    expect(sp(formatterFor("it").dateTime("2026-12-04T13:00:00Z", "UTC"))).toBe("4 dic 2026, 13:00 UTC");
    expect(sp(formatterFor("fr").dateTime("2026-12-04T13:00:00Z", "Europe/Paris"))).toMatch(/^4 déc\. 2026, 14:00 (UTC\+1|HNEC)$/);
    expect(formatterFor("it").dateTime("2026-12-04T13:00:00Z")).toMatch(/\d{2}:\d{2} \S+$/);
  });
});
