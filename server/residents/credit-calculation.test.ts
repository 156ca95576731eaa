import { describe, expect, it } from "vitest";
import { parseRuleSnapshot } from "@/server/settlement/run-schemas";
import { creditCalculation } from "./credit-calculation";

// Snapshots as run-inputs.ts's ruleSnapshot() stores them, read back through the run's schema.
const snapshot = (kind: string, priceEurPerKWh: string, params: object = {}) => parseRuleSnapshot({ kind, params, priceEurPerKWh, intervalMinutes: 15, timeZone: "Europe/Rome" });
const cer = { plantKw: "200", zone: "north", pv: true, grantFactor: "0", areraEurPerMWh: "8.2", marketZone: "NORD" };

const figures = { consumptionMWh: 9_600_000n, injectionMWh: 2_000_000n, allocatedMWh: 4_800_000n, deliveredMWh: 1_234_567n, surplusMWh: 765_433n, debitCents: 53n, creditCents: 14n, pcCents: -39n };

describe("creditCalculation", () => {
  it("flat 0.11 €/kWh: 4.8 kWh allocated → 0.528 € exact (paid 53 ¢); 1.234567 kWh delivered → 0.13580237 € exact (credited 14 ¢); PC −39 ¢", () => {
    const c = creditCalculation(snapshot("DYNAMIC", "0.11000"), figures);
    expect(c.flat).toEqual({ priceEurPerKWh: "0.11", debitExactEur: "0.528", creditExactEur: "0.13580237" });
    expect(c).toMatchObject({ allocatedMWh: "4800000", deliveredMWh: "1234567", debitCents: "53", creditCents: "14", pcCents: "-39", incentive: null });
  });

  it("a price with 5 decimals is shown exactly: 0.12345 €/kWh × 4.8 kWh = 0.59256 €", () => {
    expect(creditCalculation(snapshot("STATIC", "0.12345", { shares: {} }), figures).flat).toMatchObject({ priceEurPerKWh: "0.12345", debitExactEur: "0.59256" });
  });

  it("Italy CER: the PC is the member's share of the incentive; the community's split is shown", () => {
    const c = creditCalculation(snapshot("IT_CER", "0.10000", { ...cer, split: { producers: "0.5", consumers: "0.3", fund: "0.2" } }), { ...figures, debitCents: 0n, creditCents: 321n, pcCents: 321n });
    expect(c.flat).toBeNull();
    expect(c.incentive).toEqual({ creditCents: "321", split: { producers: "0.5", consumers: "0.3", fund: "0.2" } });
    expect(c.pcCents).toBe("321");
  });

  it("an Italy CER snapshot without a split (older runs) reads as the default: producers 0, consumers 0, fund 1", () => {
    expect(creditCalculation(snapshot("IT_CER", "0.10000", cer), figures).incentive?.split).toEqual({ producers: "0", consumers: "0", fund: "1" });
  });

  it("market R 0.25, F 0.06: 4.8 kWh bought for 53 ¢ → 0.11042 €/kWh on average; 1.234567 kWh sold for 14 ¢ → 0.1134 €/kWh; the stored win is shown", () => {
    const market = { retailEurPerKWh: "0.250000", feedInEurPerKWh: "0.060000", gridFeeEurPerKWh: "0.000000", pricing: "midpoint", timeZone: "Europe/Rome", limits: [] };
    const rule = parseRuleSnapshot({ kind: "MARKET", params: {}, market, priceEurPerKWh: "0.00000", intervalMinutes: 15, timeZone: "Europe/Rome" });
    const c = creditCalculation(rule, { ...figures, winCents: 68n });
    expect(c.flat).toBeNull();
    expect(c.market).toEqual({ retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06", buyPriceEurPerKWh: "0.11042", sellPriceEurPerKWh: "0.1134", winCents: "68" });
    expect(creditCalculation(rule, { ...figures, allocatedMWh: 0n, deliveredMWh: 0n, winCents: 0n }).market).toMatchObject({ buyPriceEurPerKWh: null, sellPriceEurPerKWh: null });
  });

  it("a snapshot that is not one the run writes is refused, not guessed: unknown kind FLAT, or no price", () => {
    expect(() => snapshot("FLAT", "0.1")).toThrow();
    expect(() => parseRuleSnapshot({ kind: "DYNAMIC", params: {}, intervalMinutes: 15, timeZone: "Europe/Rome" })).toThrow();
  });
});
