import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { settle, settleJson } from "../engine";
import type { MarketRule } from "./settle-market";

const T0 = "2025-06-01T10:00:00Z";
const market = (extra: Record<string, unknown> = {}) => ({ kind: "market", retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06", ...extra });

function problemsOf(input: unknown): { where: string; message: string }[] {
  try {
    settleJson(input);
  } catch (e) {
    if (e instanceof AppError) return e.problems;
    throw e;
  }
  throw new Error("expected the problem to be refused");
}

// The worked example: bids 0.2075 × 3 kWh, 0.18 × 2, 0.12 × 4; asks 0.10 × 4, 0.14 × 3.
const worked = (pricing: string) => ({
  rule: market({ pricing, bids: { b1: "0.2075", b2: "0.18", b3: "0.12" }, asks: { s1: "0.10", s2: "0.14" } }),
  intervals: [{ start: T0, consumption: { b1: "3000", b2: "2000", b3: "4000" }, production: { s1: "4000", s2: "3000" } }],
});

describe("market rule (settleJson)", () => {
  it("worked example, uniform → 5 kWh at 0.14: b1 pays 3 × 0.14 = 0.42, b2 0.28; s1 earns 0.56, s2 0.14", () => {
    const [iv] = settleJson(worked("uniform")).intervals;
    expect(iv!.shared).toBe("5000.000");
    expect(iv).toMatchObject({
      priceEurPerKWh: "0.14",
      allocated: { b1: "3000.000", b2: "2000.000", b3: "0.000" },
      delivered: { s1: "4000.000", s2: "1000.000" },
      paidEur: { b1: "0.42", b2: "0.28", b3: "0.00" },
      earnedEur: { s1: "0.56", s2: "0.14" },
    });
  });

  it("worked example, midpoint → 3 kWh at 0.15375, 1 at 0.14, 1 at 0.16: b1 pays 0.46125, b2 0.30; average (0.46125 + 0.30) / 5 = 0.15225", () => {
    const out = settleJson(worked("midpoint"));
    expect(out.intervals[0]).toMatchObject({
      priceEurPerKWh: "0.15225",
      paidEur: { b1: "0.46125", b2: "0.30", b3: "0.00" },
      earnedEur: { s1: "0.60125", s2: "0.16" },
      gridFeeEur: "0.00",
    });
    // Period: rounded once per member; wins against R (buyers) and F (sellers).
    expect(out.totals).toMatchObject({
      valueEur: "0.76",
      paidEur: { b1: "0.46", b2: "0.30", b3: "0.00" },
      earnedEur: { s1: "0.60", s2: "0.16" },
      credits: { b1: "-0.46", b2: "-0.30", b3: "0.00", s1: "0.60", s2: "0.16" },
      // b1: 3 × 0.25 − 0.46125 = 0.28875 → 0.29; b2: 0.50 − 0.30; s1: 0.60125 − 4 × 0.06 = 0.36125 → 0.36; s2: 0.16 − 0.06.
      winEur: { b1: "0.29", b2: "0.20", b3: "0.00", s1: "0.36", s2: "0.10" },
    });
  });

  it("no limits: PV 100 Wh / 3 × 100 Wh → 33.334/33.333/33.333 like dynamic pro-rata, at (0.25 + 0.06) / 2 = 0.155", () => {
    const intervals = [{ start: T0, consumption: { m3: "100", m2: "100", m1: "100" }, production: { p1: "100" } }];
    const m = settleJson({ rule: market(), intervals });
    const d = settleJson({ rule: { kind: "dynamic" }, intervals });
    expect(m.intervals[0]!.allocated).toEqual({ m1: "33.334", m2: "33.333", m3: "33.333" });
    expect(m.intervals[0]!.allocated).toEqual(d.intervals[0]!.allocated);
    expect(m.intervals[0]!.delivered).toEqual(d.intervals[0]!.delivered);
    expect(m.intervals[0]).toMatchObject({ priceEurPerKWh: "0.155", paidEur: { m1: "0.00516677", m2: "0.005166615", m3: "0.005166615" }, earnedEur: { p1: "0.0155" } });
  });

  it("own use first: prosumer a consumes 300 Wh and produces 500 Wh → 300 self-supplied (no money), 200 Wh offered; m1 buys it, uniform price 0.25 (excess demand)", () => {
    const [iv] = settleJson({ rule: market({ pricing: "uniform" }), intervals: [{ start: T0, consumption: { a: "300", m1: "1000" }, production: { a: "500" } }] }).intervals;
    expect(iv).toMatchObject({
      selfSupplied: { a: "300.000" },
      allocated: { a: "0.000", m1: "200.000" },
      residual: { a: "0.000", m1: "800.000" },
      delivered: { a: "200.000" },
      surplus: { a: "0.000" },
      shared: "200.000",
      // Uniform: demand is left over at R, so b′ = 0.25 and the range is [max(0.06, 0.25), min(0.25, +∞)]
      // = [0.25, 0.25]: 0.2 kWh × 0.25 = 0.05.
      priceEurPerKWh: "0.25",
      paidEur: { m1: "0.05" },
      earnedEur: { a: "0.05" },
    });
  });

  it("participation 0.5: m1 nets 1000 Wh but offers ⌊0.5 × 1000⌋ = 500 Wh to the market; p1 (1000 Wh) sells 500, 500 to the grid", () => {
    const [iv] = settleJson({ rule: market(), participation: { m1: "0.5" }, intervals: [{ start: T0, consumption: { m1: "1000" }, production: { p1: "1000" } }] }).intervals;
    expect(iv).toMatchObject({ allocated: { m1: "500.000" }, residual: { m1: "500.000" }, delivered: { p1: "500.000" }, surplus: { p1: "500.000" }, paidEur: { m1: "0.0775" } });
  });

  it("grid fee 0.01: ask 0.06 + 0.01 = 0.07 vs bid 0.25 → midpoint 0.16 paid, 0.15 earned, 0.01 fee per kWh (1 kWh)", () => {
    const out = settleJson({ rule: market({ gridFeeEurPerKWh: "0.01" }), intervals: [{ start: T0, consumption: { m1: "1000" }, production: { p1: "1000" } }] });
    expect(out.intervals[0]).toMatchObject({ priceEurPerKWh: "0.16", paidEur: { m1: "0.16" }, earnedEur: { p1: "0.15" }, gridFeeEur: "0.01" });
    expect(out.totals).toMatchObject({ paidEur: { m1: "0.16" }, earnedEur: { p1: "0.15" }, gridFeeEur: "0.01" });
  });

  it("grid fee blocks a trade: bid 0.10 < ask 0.095 + fee 0.01 = 0.105 → nothing trades, no price", () => {
    const [iv] = settleJson({
      rule: market({ gridFeeEurPerKWh: "0.01", bids: { m1: "0.10" }, asks: { p1: "0.095" } }),
      intervals: [{ start: T0, consumption: { m1: "1000" }, production: { p1: "1000" } }],
    }).intervals;
    expect(iv!.shared).toBe("0.000");
    expect(iv).not.toHaveProperty("priceEurPerKWh");
    expect(iv).toMatchObject({ paidEur: { m1: "0.00" }, earnedEur: { p1: "0.00" }, residual: { m1: "1000.000" }, surplus: { p1: "1000.000" } });
  });

  it("equal limits, equal treatment: b and a both bid 0.20 for 100 Wh, 100 Wh offered → 50/50 whatever the input order", () => {
    const run = (consumption: Record<string, string>) =>
      settleJson({ rule: market({ bids: { b: "0.20", a: "0.20" } }), intervals: [{ start: T0, consumption, production: { p: "100" } }] });
    const one = run({ a: "100", b: "100" });
    expect(one.intervals[0]!.allocated).toEqual({ a: "50.000", b: "50.000" });
    expect(JSON.stringify(run({ b: "100", a: "100" }))).toBe(JSON.stringify(one));
  });

  it("a level bought at two prices shares its money pro rata: 3 × 1 kWh at 0.20 vs 0.10×1, 0.14×2 → 0.15 + 2 × 0.17 = 0.49 / 3 each", () => {
    const [iv] = settleJson({
      rule: market({ bids: { b1: "0.20", b2: "0.20", b3: "0.20" }, asks: { s1: "0.10", s2: "0.14" } }),
      intervals: [{ start: T0, consumption: { b1: "1000", b2: "1000", b3: "1000" }, production: { s1: "1000", s2: "2000" } }],
    }).intervals;
    expect(iv).toMatchObject({ paidEur: { b1: "0.1633333333334", b2: "0.1633333333333", b3: "0.1633333333333" }, earnedEur: { s1: "0.15", s2: "0.34" } });
  });

  it("…and the extra 10^-13 € of 0.49 / 3 goes to b1 (first by id) whatever the input order: b3, b2, b1 gives the same", () => {
    const run = (consumption: Record<string, string>) =>
      settleJson({
        rule: market({ bids: { b3: "0.20", b2: "0.20", b1: "0.20" }, asks: { s2: "0.14", s1: "0.10" } }),
        intervals: [{ start: T0, consumption, production: { s2: "2000", s1: "1000" } }],
      }).intervals[0]!.paidEur;
    expect(run({ b3: "1000", b2: "1000", b1: "1000" })).toEqual({ b1: "0.1633333333334", b2: "0.1633333333333", b3: "0.1633333333333" });
  });

  it("rounds once per member and period: 3 intervals × 0.004 € (16 Wh at 0.25 bid, 0.25 ask) → 0.012 → 0.01, not 3 × 0.00", () => {
    const intervals = [0, 15, 30].map((min) => ({ start: `2025-06-01T10:${String(min).padStart(2, "0")}:00Z`, consumption: { m1: "16" }, production: { p1: "16" } }));
    const out = settleJson({ rule: market({ asks: { p1: "0.25" } }), intervals });
    expect(out.intervals.map((iv) => iv.paidEur)).toEqual([{ m1: "0.004" }, { m1: "0.004" }, { m1: "0.004" }]);
    expect(out.totals).toMatchObject({ paidEur: { m1: "0.01" }, earnedEur: { p1: "0.01" }, winEur: { m1: "0.00", p1: "0.01" } });
  });

  it("a limit outside [F, R] is refused naming the member, never clamped: bid 0.30 > 0.25, ask 0.05 < 0.06", () => {
    const problems = problemsOf({ rule: market({ bids: { m1: "0.30" }, asks: { p1: "0.05" } }), intervals: [] });
    expect(problems).toEqual([
      { where: "rule.bids.m1", message: "buy limit 0.30 EUR/kWh of member m1 is outside [0.06, 0.25] (feed-in tariff F, retail tariff R)" },
      { where: "rule.asks.p1", message: "sell limit 0.05 EUR/kWh of member p1 is outside [0.06, 0.25] (feed-in tariff F, retail tariff R)" },
    ]);
  });

  it("R < F, an unknown pricing and a valuation beside the market are refused", () => {
    expect(problemsOf({ rule: market({ retailEurPerKWh: "0.05" }), intervals: [] })[0]!.where).toBe("rule.retailEurPerKWh");
    expect(problemsOf({ rule: market({ pricing: "pay-as-bid" }), intervals: [] })[0]!.where).toBe("rule.pricing");
    expect(problemsOf({ rule: market(), valuation: { kind: "flat", priceEurPerKWh: "0.1" }, intervals: [] })[0]!.where).toBe("valuation");
  });
});

describe("market rule (settle, limits by band)", () => {
  const µ = (eur: string) => BigInt(Math.round(Number(eur) * 1e6));
  const rule: MarketRule = {
    kind: "market",
    retail: µ("0.25"),
    feedIn: µ("0.06"),
    gridFee: 0n,
    pricing: "uniform",
    // m1 buys at most 0.08 from 10:00 to 16:00 Rome time; p1 asks 0.10 always.
    limits: {
      timeZone: "Europe/Rome",
      versions: [
        { member: "m1", side: "BUY", validFrom: "2025-06-01", bands: [{ startMinute: 600, endMinute: 960, price: µ("0.08") }] },
        { member: "p1", side: "SELL", validFrom: "2025-06-01", bands: [{ startMinute: 0, endMinute: 1440, price: µ("0.10") }] },
      ],
    },
  };
  const interval = (start: string) => ({ start, consumption: new Map([["m1", 1_000_000n]]), production: new Map([["p1", 1_000_000n]]) });

  it("09:45 Rome (07:45Z): m1 has no limit (R) → 1 kWh at (0.25 + 0.10) / 2; 10:00 Rome (08:00Z): 0.08 < 0.10 → nothing", () => {
    const out = settle({ rule, participation: new Map(), intervals: [interval("2025-06-01T08:00:00.000Z"), interval("2025-06-01T07:45:00.000Z")] });
    expect(out.intervals.map((iv) => [iv.start, iv.shared, iv.market!.price])).toEqual([
      ["2025-06-01T07:45:00.000Z", 1_000_000n, 175_000_000n],
      ["2025-06-01T08:00:00.000Z", 0n, null],
    ]);
    expect(out.market).toMatchObject({ valueCents: 18n, debits: new Map([["m1", 18n]]), credits: new Map([["p1", 18n]]) });
  });

  it("totals only (keepIntervals: false) give the same totals and valuation", () => {
    const problem = { rule, participation: new Map(), intervals: [interval("2025-06-01T08:00:00.000Z"), interval("2025-06-01T07:45:00.000Z")] };
    const all = settle(problem);
    const lean = settle(problem, { keepIntervals: false });
    expect(lean.intervals).toEqual([]);
    expect(lean.totals).toEqual(all.totals);
    expect(lean.market).toEqual(all.market);
  });

  it("an out-of-range banded limit is refused with the member in the message", () => {
    const bad: MarketRule = { ...rule, limits: { ...rule.limits, versions: [{ ...rule.limits.versions[0]!, bands: [{ startMinute: 0, endMinute: 600, price: µ("0.26") }] }] } };
    expect(() => settle({ rule: bad, participation: new Map(), intervals: [] })).toThrow(/buy limit 0.26 EUR\/kWh of member m1 is outside \[0.06, 0.25\]/);
  });
});
