import { describe, expect, it } from "vitest";
import { settleJson, settle } from "../engine";
import { parseProblem } from "../problem-schema";
import { marketPostings, sumAmounts } from "../postings";

// The worked example with a grid fee of 0.01: asks become 0.11 and 0.15.
const problem = {
  rule: {
    kind: "market",
    retailEurPerKWh: "0.25",
    feedInEurPerKWh: "0.06",
    gridFeeEurPerKWh: "0.01",
    bids: { b1: "0.2075", b2: "0.18", b3: "0.12" },
    asks: { s1: "0.10", s2: "0.14" },
  },
  intervals: [{ start: "2025-06-01T10:00:00Z", consumption: { b1: "3000", b2: "2000", b3: "4000" }, production: { s1: "4000", s2: "3000" } }],
};

describe("market postings", () => {
  it("fee 0.01: 3 kWh at 0.15875, 1 at 0.145, 1 at 0.165 → b1 0.47625, b2 0.31; s1 0.58125, s2 0.155, fee 0.05", () => {
    const [iv] = settleJson(problem).intervals;
    expect(iv).toMatchObject({ paidEur: { b1: "0.47625", b2: "0.31" }, earnedEur: { s1: "0.58125", s2: "0.155" }, gridFeeEur: "0.05" });
  });

  it("cents: debits 78.625 → 79 (b1 48, b2 31); credits + fee 78.625 → 79 (s1 58, s2 16, fee 5); postings sum to 0, CC balance 0", () => {
    const result = settle(parseProblem(problem), { keepIntervals: false });
    const v = result.market!;
    expect([v.debits.get("b1"), v.debits.get("b2"), v.credits.get("s1"), v.credits.get("s2"), v.feeCents]).toEqual([48n, 31n, 58n, 16n, 5n]);
    const members = new Map(["b1", "b2", "b3", "s1", "s2"].map((id) => [id, { memberId: id, pseudonym: id.toUpperCase() }]));
    const lines = marketPostings(v, result.totals.allocated, result.totals.delivered, members);
    expect(lines.map((l) => [l.kind, l.account, l.amountCents, l.energyMWh])).toEqual([
      ["SHARED_ENERGY_DEBIT", "PC:B1", -48n, 3_000_000n],
      ["SHARED_ENERGY_DEBIT", "PC:B2", -31n, 2_000_000n],
      ["SHARED_ENERGY_COLLECTED", "CC", 79n, 5_000_000n],
      ["SHARED_ENERGY_CREDIT", "PC:S1", 58n, 4_000_000n],
      ["SHARED_ENERGY_CREDIT", "PC:S2", 16n, 1_000_000n],
      ["SHARED_ENERGY_PAID", "CC", -74n, 5_000_000n],
      ["GRID_FEE_CHARGED", "GRID_FEE", 5n, 5_000_000n],
      ["GRID_FEE_PAID", "CC", -5n, 5_000_000n],
    ]);
    expect(sumAmounts(lines)).toBe(0n);
    expect(sumAmounts(lines.filter((l) => l.account === "CC"))).toBe(0n);
  });
});
