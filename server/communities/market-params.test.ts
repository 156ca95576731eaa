import { describe, expect, it } from "vitest";
import { marketRuleParams } from "./schemas";

describe("community settings: market rule parameters", () => {
  it("R 0.25, F 0.06 → grid fee 0 and midpoint pricing by default", () => {
    expect(marketRuleParams.parse({ kind: "MARKET", retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06" })).toEqual({
      kind: "MARKET",
      retailEurPerKWh: "0.25",
      feedInEurPerKWh: "0.06",
      gridFeeEurPerKWh: "0",
      pricing: "midpoint",
    });
  });

  it("R = F (0.10 = 0.10) is allowed; R 0.05 < F 0.06 is refused on retailEurPerKWh", () => {
    expect(marketRuleParams.safeParse({ kind: "MARKET", retailEurPerKWh: "0.10", feedInEurPerKWh: "0.1" }).success).toBe(true);
    const r = marketRuleParams.safeParse({ kind: "MARKET", retailEurPerKWh: "0.05", feedInEurPerKWh: "0.06" });
    expect(r.error?.issues.map((i) => [i.path, i.message])).toEqual([[["retailEurPerKWh"], "The retail tariff must be at least the feed-in tariff."]]);
  });

  it("refuses 7 decimals, a negative fee and an unknown pricing, each on its field", () => {
    const r = marketRuleParams.safeParse({ kind: "MARKET", retailEurPerKWh: "0.2500001", feedInEurPerKWh: "0.06", gridFeeEurPerKWh: "-0.01", pricing: "pay-as-bid" });
    expect(r.error?.issues.map((i) => i.path[0]).sort()).toEqual(["gridFeeEurPerKWh", "pricing", "retailEurPerKWh"]);
  });
});
