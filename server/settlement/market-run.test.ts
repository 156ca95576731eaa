import { describe, expect, it } from "vitest";
import { marketDays, marketRuleFromSnapshot } from "./market-run";

describe("market in a run", () => {
  it("days in Rome: 3 kWh paid 0.45 € at 23:30 UTC belongs to the next local day; 1 + 2 kWh paid 0.15 + 0.24 € → 0.13 €/kWh", () => {
    // paid in 10^-13 EUR, volume in mWh.
    const trades = [
      { start: "2026-03-01T09:00:00.000Z", volume: 1_000_000n, paid: 15n * 10n ** 11n },
      { start: "2026-03-01T12:00:00.000Z", volume: 2_000_000n, paid: 24n * 10n ** 11n },
      { start: "2026-03-01T23:30:00.000Z", volume: 3_000_000n, paid: 45n * 10n ** 11n },
    ];
    expect(marketDays(trades, "Europe/Rome")).toEqual([
      { date: "2026-03-01", tradedMWh: "3000000", priceEurPerKWh: "0.13" },
      { date: "2026-03-02", tradedMWh: "3000000", priceEurPerKWh: "0.15" },
    ]);
  });

  it("a day's average that does not terminate is rounded half up at 9 decimals: 0.10 € for 3 kWh → 0.033333333", () => {
    expect(marketDays([{ start: "2026-03-01T09:00:00.000Z", volume: 3_000_000n, paid: 10n ** 12n }], "UTC")[0]!.priceEurPerKWh).toBe("0.033333333");
  });

  it("the rule from a snapshot: tariffs in micro-EUR/kWh, bands in local minutes (10:00–16:00 = 600–960, 24:00 = 1440)", () => {
    const rule = marketRuleFromSnapshot({
      retailEurPerKWh: "0.250000",
      feedInEurPerKWh: "0.060000",
      gridFeeEurPerKWh: "0.010000",
      pricing: "uniform",
      timeZone: "Europe/Rome",
      limits: [{ member: "m1", side: "BUY", validFrom: "2026-03-01", bands: [{ from: "10:00", to: "16:00", priceEurPerKWh: "0.180000" }, { from: "18:00", to: "24:00", priceEurPerKWh: "0.2" }] }],
    });
    expect(rule).toEqual({
      kind: "market",
      retail: 250_000n,
      feedIn: 60_000n,
      gridFee: 10_000n,
      pricing: "uniform",
      limits: { timeZone: "Europe/Rome", versions: [{ member: "m1", side: "BUY", validFrom: "2026-03-01", bands: [{ startMinute: 600, endMinute: 960, price: 180_000n }, { startMinute: 1080, endMinute: 1440, price: 200_000n }] }] },
    });
  });
});
