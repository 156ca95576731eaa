import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { settle, settleJson } from "./engine";
import { canonicalInstant, parseProblem } from "./problem-schema";

function problemsOf(input: unknown): { where: string; message: string }[] {
  try {
    settleJson(input);
  } catch (e) {
    if (e instanceof AppError) return e.problems;
    throw e;
  }
  throw new Error("expected the problem to be refused");
}

const T0 = "2025-06-01T10:00:00Z";

describe("settleJson, flat valuation", () => {
  it("PV 150 Wh / 3 × 100 Wh at 0.12 €/kWh → 50/50/50 Wh; 1.8 ct → 2 ct: m1 −0.01, m2 −0.01, m3 0.00, p1 +0.02", () => {
    const out = settleJson({
      rule: { kind: "dynamic" },
      valuation: { kind: "flat", priceEurPerKWh: "0.12" },
      intervals: [{ start: T0, consumption: { m1: "100", m2: "100", m3: "100" }, production: { p1: "150" } }],
    });
    expect(out).toEqual({
      intervals: [
        {
          start: "2025-06-01T10:00:00.000Z",
          consumption: { m1: "100.000", m2: "100.000", m3: "100.000" },
          production: { p1: "150.000" },
          allocated: { m1: "50.000", m2: "50.000", m3: "50.000" },
          residual: { m1: "50.000", m2: "50.000", m3: "50.000" },
          delivered: { p1: "150.000" },
          surplus: { p1: "0.000" },
          shared: "150.000",
        },
      ],
      totals: {
        consumption: { m1: "100.000", m2: "100.000", m3: "100.000" },
        production: { p1: "150.000" },
        allocated: { m1: "50.000", m2: "50.000", m3: "50.000" },
        residual: { m1: "50.000", m2: "50.000", m3: "50.000" },
        delivered: { p1: "150.000" },
        surplus: { p1: "0.000" },
        shared: "150.000",
        // 150 Wh × 0.12 €/kWh = 1.8 ct → 2 ct; 0.6 ct each → floors 0, two units by tie-break to m1, m2.
        valueEur: "0.02",
        credits: { m1: "-0.01", m2: "-0.01", m3: "0.00", p1: "0.02" },
      },
    });
  });

  it("two intervals add up in the totals: 100 + 50 Wh allocated, 0.20 €/kWh → 3 ct", () => {
    const out = settleJson({
      rule: { kind: "dynamic" },
      valuation: { kind: "flat", priceEurPerKWh: "0.20" },
      intervals: [
        { start: "2025-06-01T10:15:00Z", consumption: { m1: "100" }, production: { p1: "50" } },
        { start: T0, consumption: { m1: "100" }, production: { p1: "120" } },
      ],
    });
    expect(out.intervals.map((i) => [i.start, i.shared])).toEqual([
      ["2025-06-01T10:00:00.000Z", "100.000"],
      ["2025-06-01T10:15:00.000Z", "50.000"],
    ]);
    expect(out.totals.allocated).toEqual({ m1: "150.000" });
    expect(out.totals.surplus).toEqual({ p1: "20.000" });
    expect(out.totals).toMatchObject({ valueEur: "0.03", credits: { m1: "-0.03", p1: "0.03" } });
  });

  it("members may be missing from an interval; they appear in the totals", () => {
    const out = settleJson({
      rule: { kind: "dynamic" },
      intervals: [
        { start: T0, consumption: { m1: "10" }, production: {} },
        { start: "2025-06-01T10:15:00Z", consumption: { m2: "10" }, production: { p1: "10" } },
      ],
    });
    expect(out.intervals[0]!.allocated).toEqual({ m1: "0.000" });
    expect(out.totals.allocated).toEqual({ m1: "0.000", m2: "10.000" });
    expect(out.totals.residual).toEqual({ m1: "10.000", m2: "0.000" });
  });
});

describe("settleJson, Italy CER", () => {
  // Hour 10 UTC: four quarters of p1 250 kWh, m1 100 + m2 100 kWh → E = 800 kWh at TIP 120 (Pz 150).
  // Hour 11 UTC: p1 500, m1 400, m2 400 kWh → E = 500 kWh at TIP 130 (Pz 100, CAP + north bonus).
  // Incentive 0.8 × 120 + 0.5 × 130 = 161.00 €; ARERA 1.3 MWh × 8.22 = 10.686 € → 10.69 €.
  const q = (start: string, p: string, c: string) => ({ start, consumption: { m2: c, m1: c }, production: { p1: p } });
  const problem = {
    rule: { kind: "dynamic" },
    valuation: {
      kind: "it-cer",
      plantKw: 100,
      zone: "north",
      pv: true,
      grantFactor: 0,
      zonalPriceEurPerMWh: ["100", "150", "150", "150", "150"],
      areraEurPerMWh: "8.22",
      split: { producers: "0.5", consumers: "0.3", fund: "0.2" },
    },
    intervals: [
      q("2025-06-01T13:00:00+02:00", "500000", "400000"),
      q("2025-06-01T10:30:00Z", "250000", "100000"),
      q("2025-06-01T10:00:00Z", "250000", "100000"),
      q("2025-06-01T12:45:00+02:00", "250000", "100000"),
      q("2025-06-01T10:15:00Z", "250000", "100000"),
    ],
  };

  it("15-minute data → hourly E_h, TIP 120/130 €/MWh, incentive 161.00 €, ARERA 10.69 €", () => {
    const out = settleJson(problem);
    expect(out.hours).toEqual([
      {
        start: "2025-06-01T10:00:00.000Z",
        injected: "1000000.000",
        withdrawn: "800000.000",
        shared: "800000.000",
        zonalPriceEurPerMWh: "150.00",
        tipEurPerMWh: "120.00",
      },
      {
        start: "2025-06-01T11:00:00.000Z",
        injected: "500000.000",
        withdrawn: "800000.000",
        shared: "500000.000",
        zonalPriceEurPerMWh: "100.00",
        tipEurPerMWh: "130.00",
      },
    ]);
    expect(out.totals).toMatchObject({ cerShared: "1300000.000", incentiveEur: "161.00", areraEur: "10.69" });
  });

  it("split 0.5/0.3/0.2: incentive → p1 80.50, m1/m2 24.15, fund 32.20; ARERA 1068.6 ct → 535/160/160/214 ct", () => {
    // ARERA quotas p1 534.3, m1 160.29, m2 160.29, fund 213.72 ct; the two missing cents go to .72 and .3.
    const out = settleJson(problem);
    expect(out.totals).toMatchObject({ credits: { m1: "25.75", m2: "25.75", p1: "85.85" }, fundEur: "34.34" });
    // 85.85 + 25.75 + 25.75 + 34.34 = 171.69 = 161.00 + 10.69
  });

  it("grant factor 0.5 (as a number) halves the incentive: 80.50 €; the ARERA part stays 10.69 €", () => {
    const out = settleJson({ ...problem, valuation: { ...problem.valuation, grantFactor: 0.5 } });
    expect(out.totals).toMatchObject({ incentiveEur: "80.50", areraEur: "10.69" });
    expect(out.hours?.map((h) => h.tipEurPerMWh)).toEqual(["60.00", "65.00"]);
  });

  it("without a split everything stays with the community fund", () => {
    const { split: _omit, ...valuation } = problem.valuation;
    const out = settleJson({ ...problem, valuation });
    expect(out.totals).toMatchObject({ fundEur: "171.69", credits: { m1: "0.00", m2: "0.00", p1: "0.00" } });
  });

  it("participation 0.5 for m1 shrinks the pooled withdrawal: hour 11 withdrawn 200 + 400 kWh", () => {
    const out = settleJson({ ...problem, participation: { m1: "0.5" } });
    expect(out.hours?.[1]).toMatchObject({ withdrawn: "600000.000", shared: "500000.000" });
    expect(out.hours?.[0]).toMatchObject({ withdrawn: "600000.000", shared: "600000.000" });
  });

  it("shared within the hour but nobody allocated (PV at 10:00, use at 10:15) → E_h 10 kWh, all money to the fund", () => {
    const out = settleJson({
      rule: { kind: "dynamic" },
      valuation: { ...problem.valuation, zonalPriceEurPerMWh: ["150", "150"] },
      intervals: [
        { start: "2025-06-01T10:00:00Z", consumption: { m1: "0" }, production: { p1: "10000" } },
        { start: "2025-06-01T10:15:00Z", consumption: { m1: "10000" }, production: { p1: "0" } },
      ],
    });
    // 0.01 MWh × 120 €/MWh = 1.20 €; ARERA 0.01 × 8.22 = 0.0822 € → 0.08 €.
    expect(out.totals).toMatchObject({ shared: "0.000", cerShared: "10000.000", incentiveEur: "1.20", areraEur: "0.08", fundEur: "1.28" });
    expect(out.totals.credits).toEqual({ m1: "0.00", p1: "0.00" });
  });
});

describe("canonical order", () => {
  it("the same problem with keys and intervals reordered gives byte-identical JSON", () => {
    const a = {
      rule: { kind: "static", shares: { b: "0.25", a: "0.5", c: "0.25" }, redistribute: true },
      valuation: { kind: "flat", priceEurPerKWh: "0.1" },
      intervals: [
        { start: T0, consumption: { c: "7", a: "100", b: "33" }, production: { q: "50", p: "51" } },
        { start: "2025-06-01T10:15:00Z", consumption: { a: "1", b: "2" }, production: { p: "1" } },
      ],
    };
    const b = {
      valuation: { priceEurPerKWh: "0.1", kind: "flat" },
      intervals: [
        { production: { p: "1" }, consumption: { b: "2", a: "1" }, start: "2025-06-01T12:15:00+02:00" },
        { consumption: { a: "100", b: "33", c: "7" }, start: T0, production: { p: "51", q: "50" } },
      ],
      rule: { redistribute: true, shares: { c: "0.25", a: "0.5", b: "0.25" }, kind: "static" },
    };
    expect(JSON.stringify(settleJson(b))).toBe(JSON.stringify(settleJson(a)));
  });
});

describe("input errors name the field", () => {
  const ok = { rule: { kind: "dynamic" }, intervals: [{ start: T0, consumption: { m1: "1" }, production: { p1: "1" } }] };
  const itCer = {
    kind: "it-cer",
    plantKw: 100,
    zone: "north",
    pv: true,
    zonalPriceEurPerMWh: ["120.5"],
    areraEurPerMWh: "8.22",
  };

  it.each<[string, unknown, string]>([
    ["no rule", { intervals: [] }, "rule"],
    ["an unknown rule", { ...ok, rule: { kind: "fair" } }, "rule.kind"],
    ["a misspelt key", { ...ok, rule: { kind: "static", shares: {}, redistibute: true } }, "rule"],
    ["shares summing to 1.05", { ...ok, rule: { kind: "static", shares: { a: "0.55", b: "0.5" } } }, "rule.shares"],
    ["a share above 1", { ...ok, rule: { kind: "static", shares: { a: "1.5" } } }, "rule.shares.a"],
    ["a participation factor of 1.01", { ...ok, participation: { m1: "1.01" } }, "participation.m1"],
    ["energy as a JSON number", { ...ok, intervals: [{ start: T0, consumption: { m1: 572 }, production: {} }] }, "intervals[0].consumption.m1"],
    ["negative energy", { ...ok, intervals: [{ start: T0, consumption: {}, production: { p1: "-1" } }] }, "intervals[0].production.p1"],
    ["4 decimals of Wh", { ...ok, intervals: [{ start: T0, consumption: { m1: "0.0001" }, production: {} }] }, "intervals[0].consumption.m1"],
    ["a start without offset", { ...ok, intervals: [{ start: "2025-06-01T10:00:00", consumption: {}, production: {} }] }, "intervals[0].start"],
    ["30 February", { ...ok, intervals: [{ start: "2025-02-30T10:00:00Z", consumption: {}, production: {} }] }, "intervals[0].start"],
    [
      "the same instant twice (different offsets)",
      { ...ok, intervals: [{ start: T0, consumption: {}, production: {} }, { start: "2025-06-01T12:00:00+02:00", consumption: {}, production: {} }] },
      "intervals[1].start",
    ],
    ["a member called __proto__", { ...ok, intervals: [{ start: T0, consumption: JSON.parse('{"__proto__": "1"}'), production: {} }] }, "intervals[0].consumption.__proto__"],
    ["an id with a dot is quoted in the path", { ...ok, intervals: [{ start: T0, consumption: { "a.b": "x" }, production: {} }] }, 'intervals[0].consumption["a.b"]'],
    ["a flat price with 7 decimals", { ...ok, valuation: { kind: "flat", priceEurPerKWh: "0.1234567" } }, "valuation.priceEurPerKWh"],
    ["zonal prices: 2 for 1 interval", { ...ok, valuation: { ...itCer, zonalPriceEurPerMWh: ["1", "2"] } }, "valuation.zonalPriceEurPerMWh"],
    ["a 1200 kW plant", { ...ok, valuation: { ...itCer, plantKw: 1200 } }, "valuation.plantKw"],
    ["plantKw in exponent notation", { ...ok, valuation: { ...itCer, plantKw: 1e21 } }, "valuation.plantKw"],
    ["an unknown zone", { ...ok, valuation: { ...itCer, zone: "islands" } }, "valuation.zone"],
    ["a split summing to 0.9", { ...ok, valuation: { ...itCer, split: { producers: "0.5", consumers: "0.3", fund: "0.1" } } }, "valuation.split"],
    ["a grant factor of 2", { ...ok, valuation: { ...itCer, grantFactor: 2 } }, "valuation.grantFactor"],
    [
      "two zonal prices within one hour",
      {
        ...ok,
        valuation: { ...itCer, zonalPriceEurPerMWh: ["100", "101"] },
        intervals: [
          { start: T0, consumption: {}, production: {} },
          { start: "2025-06-01T10:15:00Z", consumption: {}, production: {} },
        ],
      },
      "valuation.zonalPriceEurPerMWh",
    ],
  ])("%s → %s", (_label, input, where) => {
    expect(problemsOf(input).map((p) => p.where)).toContain(where);
  });

  it("not an object at all → (problem)", () => {
    expect(problemsOf("nope")[0]?.where).toBe("(problem)");
  });

  it("the typed API refuses negative energy and shares above 1 too", () => {
    const p = parseProblem(ok);
    expect(() => settle({ ...p, intervals: [{ start: "2025-06-01T10:00:00.000Z", consumption: new Map([["m1", -1n]]), production: new Map() }] })).toThrow(
      AppError,
    );
    expect(() => settle({ ...p, rule: { kind: "static", shares: new Map([["a", 10n ** 12n + 1n]]), redistribute: false } })).toThrow(/rule\.shares/);
  });
});

describe("canonicalInstant", () => {
  it.each([
    ["2025-06-01T10:00:00Z", "2025-06-01T10:00:00.000Z"],
    ["2025-06-01T10:00Z", "2025-06-01T10:00:00.000Z"],
    ["2025-06-01T12:00:00+02:00", "2025-06-01T10:00:00.000Z"],
    ["2025-01-01T00:30:00.5+01:00", "2024-12-31T23:30:00.500Z"],
    ["2024-02-29T00:00:00-00:30", "2024-02-29T00:30:00.000Z"],
  ])("%s → %s", (text, iso) => {
    expect(canonicalInstant(text)).toBe(iso);
  });

  it.each(["2025-06-01", "2025-06-01T10:00:00", "2025-13-01T00:00Z", "2025-02-29T00:00Z", "2025-06-01T24:00Z", "2025-06-01 10:00Z", "0999-01-01T00:00Z"])(
    "%s → refused",
    (text) => {
      expect(canonicalInstant(text)).toBeNull();
    },
  );
});
