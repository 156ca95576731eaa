import { describe, expect, it } from "vitest";
import { parseRuleSnapshot } from "@/server/settlement/run-schemas";
import { formatKWhFromMWh } from "@/server/i18n/format";
import { creditCalculation } from "./credit-calculation";
import { byPeriodNewestFirst, netWording, RESIDENT_KWH_DECIMALS, residentSummary, rowsFor } from "./resident-summary";

const flat = parseRuleSnapshot({ kind: "DYNAMIC", params: {}, priceEurPerKWh: "0.11000", intervalMinutes: 15, timeZone: "Europe/Rome" });
const market = parseRuleSnapshot({
  kind: "MARKET",
  params: {},
  priceEurPerKWh: "0.11000",
  intervalMinutes: 15,
  timeZone: "Europe/Rome",
  market: { retailEurPerKWh: "0.25000", feedInEurPerKWh: "0.05000", gridFeeEurPerKWh: "0", pricing: "midpoint", timeZone: "Europe/Rome", limits: [] },
});
const zero = { consumptionMWh: 0n, allocatedMWh: 0n, injectionMWh: 0n, deliveredMWh: 0n, surplusMWh: 0n, debitCents: 0n, creditCents: 0n, pcCents: 0n };

describe("netWording", () => {
  it("PC −118 ¢ → a charge of 118 ¢; +42 ¢ → a credit of 42 ¢; 0 → even", () => {
    expect(netWording("-118")).toEqual({ direction: "charge", cents: "118" });
    expect(netWording("42")).toEqual({ direction: "credit", cents: "42" });
    expect(netWording("0")).toEqual({ direction: "even", cents: "0" });
  });
});

describe("rowsFor", () => {
  const none = { consumptionMWh: "0", allocatedMWh: "0", injectionMWh: "0", deliveredMWh: "0" };
  it("a consumer sees consumption and allocated, not 'your panels: 0.000 kWh'; a producer injection and delivered; a prosumer all four", () => {
    expect(rowsFor("CONSUMER", { ...none, consumptionMWh: "99300000" })).toEqual(["consumption", "allocated"]);
    expect(rowsFor("PRODUCER", none)).toEqual(["injection", "delivered"]);
    expect(rowsFor("PROSUMER", none)).toEqual(["consumption", "allocated", "injection", "delivered"]);
  });
  it("a consumer whose figures do have injection (kind changed later) still sees it: 1 mWh delivered → four rows", () => {
    expect(rowsFor("CONSUMER", { ...none, deliveredMWh: "1" })).toEqual(["consumption", "allocated", "injection", "delivered"]);
  });
});

describe("residentSummary", () => {
  it("consumer, flat 0.11 €/kWh: got 10.7 kWh (10,700,000 mWh), paid 118 ¢ → 'got' then a charge of 118 ¢; no saving without a supplier price", () => {
    const c = creditCalculation(flat, { ...zero, consumptionMWh: 99_300_000n, allocatedMWh: 10_700_000n, debitCents: 118n, pcCents: -118n });
    expect(residentSummary("CONSUMER", c)).toEqual([
      { part: "got", energyMWh: "10700000", paidCents: "118", priceEurPerKWh: null },
      { part: "net", direction: "charge", cents: "118" },
    ]);
    expect(formatKWhFromMWh("10700000", "en", RESIDENT_KWH_DECIMALS)).toBe("10.700 kWh");
  });

  it("market consumer: 10.7 kWh for 118 ¢ = 0.11028 €/kWh on average; the run's win, 91 ¢, is the saving against the supplier's 0.25 €/kWh", () => {
    const c = creditCalculation(market, { ...zero, consumptionMWh: 20_000_000n, allocatedMWh: 10_700_000n, debitCents: 118n, pcCents: -118n, winCents: 91n });
    expect(residentSummary("CONSUMER", c)).toEqual([
      { part: "got", energyMWh: "10700000", paidCents: "118", priceEurPerKWh: "0.11028" },
      { part: "net", direction: "charge", cents: "118" },
      { part: "saved", cents: "91", side: "buy", retailEurPerKWh: "0.25", feedInEurPerKWh: "0.05" },
    ]);
  });

  it("market producer: sold 4.58 kWh for 60 ¢ (0.131 €/kWh) → a credit of 60 ¢ and 37 ¢ above the feed-in", () => {
    const c = creditCalculation(market, { ...zero, injectionMWh: 6_000_000n, deliveredMWh: 4_580_000n, creditCents: 60n, pcCents: 60n, winCents: 37n });
    expect(residentSummary("PRODUCER", c)).toEqual([
      { part: "gave", energyMWh: "4580000", creditedCents: "60", priceEurPerKWh: "0.131" },
      { part: "net", direction: "credit", cents: "60" },
      { part: "saved", cents: "37", side: "sell", retailEurPerKWh: "0.25", feedInEurPerKWh: "0.05" },
    ]);
  });

  it("prosumer, flat: got 2 kWh (22 ¢), gave 3 kWh (33 ¢) → net credit 11 ¢", () => {
    const c = creditCalculation(flat, { ...zero, consumptionMWh: 5_000_000n, allocatedMWh: 2_000_000n, injectionMWh: 4_000_000n, deliveredMWh: 3_000_000n, debitCents: 22n, creditCents: 33n, pcCents: 11n });
    expect(residentSummary("PROSUMER", c).map((p) => p.part)).toEqual(["got", "gave", "net"]);
    expect(residentSummary("PROSUMER", c).at(-1)).toEqual({ part: "net", direction: "credit", cents: "11" });
  });

  it("nothing shared (0 mWh allocated, 0 delivered) → 'nothing' and even", () => {
    expect(residentSummary("CONSUMER", creditCalculation(flat, { ...zero, consumptionMWh: 1_000n }))).toEqual([{ part: "nothing" }, { part: "net", direction: "even", cents: "0" }]);
  });
});

describe("byPeriodNewestFirst", () => {
  it("October settled after November still comes after it: [Oct v1 (late), Nov v1, Nov v2] → Nov v2, Nov v1, Oct v1", () => {
    const p = (periodStart: string, periodEnd: string, version: number) => ({ periodStart, periodEnd, version });
    expect(byPeriodNewestFirst([p("2026-10-01", "2026-11-01", 1), p("2026-11-01", "2026-12-01", 1), p("2026-11-01", "2026-12-01", 2)])).toEqual([
      p("2026-11-01", "2026-12-01", 2),
      p("2026-11-01", "2026-12-01", 1),
      p("2026-10-01", "2026-11-01", 1),
    ]);
  });
});
