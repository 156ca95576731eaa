import { describe, expect, it } from "vitest";
import { allocateInterval, FRACTION_ONE, type AllocationRule } from "./allocation";
import { formatDecimal, parseDecimal } from "./decimal";

// Tests speak Wh strings; the engine works in mWh.
const wh = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, parseDecimal(v, 3)]));
const frac = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, parseDecimal(v, 12)]));
const show = (m: Map<string, bigint>) => Object.fromEntries([...m].map(([k, v]) => [k, formatDecimal(v, 3)]));

const dynamic: AllocationRule = { kind: "dynamic" };
const staticKeys = (shares: Record<string, string>, redistribute = false): AllocationRule => ({ kind: "static", shares: frac(shares), redistribute });

function run(rule: AllocationRule, consumption: Record<string, string>, production: Record<string, string>, participation: Record<string, string> = {}) {
  const r = allocateInterval(wh(consumption), wh(production), rule, frac(participation));
  return {
    allocated: show(r.allocated),
    residual: show(r.residual),
    delivered: show(r.delivered),
    surplus: show(r.surplus),
    shared: formatDecimal(r.shared, 3),
  };
}

describe("dynamic pro-rata", () => {
  it("3 consumers × 100 Wh, PV 150 Wh → 50/50/50, surplus 0", () => {
    const r = run(dynamic, { m1: "100", m2: "100", m3: "100" }, { p1: "150" });
    expect(r.allocated).toEqual({ m1: "50.000", m2: "50.000", m3: "50.000" });
    expect(r.residual).toEqual({ m1: "50.000", m2: "50.000", m3: "50.000" });
    expect(r.delivered).toEqual({ p1: "150.000" });
    expect(r.surplus).toEqual({ p1: "0.000" });
  });

  it("3 consumers × 100 Wh, PV 450 Wh → 100/100/100, surplus 150", () => {
    const r = run(dynamic, { m1: "100", m2: "100", m3: "100" }, { p1: "450" });
    expect(r.allocated).toEqual({ m1: "100.000", m2: "100.000", m3: "100.000" });
    expect(r.residual).toEqual({ m1: "0.000", m2: "0.000", m3: "0.000" });
    expect(r.delivered).toEqual({ p1: "300.000" });
    expect(r.surplus).toEqual({ p1: "150.000" });
    expect(r.shared).toBe("300.000");
  });

  it("a quarter hour with no consumption: PV 608 Wh → all 608 Wh surplus", () => {
    const r = run(dynamic, { m1: "0", m2: "0" }, { p1: "608" });
    expect(r.allocated).toEqual({ m1: "0.000", m2: "0.000" });
    expect(r.surplus).toEqual({ p1: "608.000" });
    expect(r.shared).toBe("0.000");
    expect(run(dynamic, {}, { p1: "608" }).surplus).toEqual({ p1: "608.000" });
  });

  it("no production: 572 Wh consumed → 0 allocated, 572 Wh residual", () => {
    const r = run(dynamic, { m1: "572" }, {});
    expect(r.allocated).toEqual({ m1: "0.000" });
    expect(r.residual).toEqual({ m1: "572.000" });
  });

  it("PV 100 Wh / 3 × 100 Wh → 33.334/33.333/33.333 (the unit mWh goes to the first id), Σ = 100.000", () => {
    const r = run(dynamic, { m3: "100", m1: "100", m2: "100" }, { p1: "100" });
    expect(r.allocated).toEqual({ m1: "33.334", m2: "33.333", m3: "33.333" });
    expect(r.shared).toBe("100.000");
  });

  it("tie-break by code point: 0.001 Wh over U+1F600 and U+FF61 → U+FF61 gets it", () => {
    const r = run(dynamic, { "\u{1F600}": "1", "\uFF61": "1" }, { p1: "0.001" });
    expect(r.allocated).toEqual({ "\uFF61": "0.001", "\u{1F600}": "0.000" });
  });

  it("shortage 608 Wh over 572/300/128 Wh → 347.776/182.400/77.824 (exact, no rounding needed)", () => {
    const r = run(dynamic, { a: "572", b: "300", c: "128" }, { p1: "608" });
    expect(r.allocated).toEqual({ a: "347.776", b: "182.400", c: "77.824" });
    expect(r.surplus).toEqual({ p1: "0.000" });
  });

  it("two producers 600 + 200 Wh, demand 300 + 100 Wh → delivered 300/100, surplus 300/100", () => {
    const r = run(dynamic, { m1: "300", m2: "100" }, { p1: "600", p2: "200" });
    expect(r.allocated).toEqual({ m1: "300.000", m2: "100.000" });
    expect(r.delivered).toEqual({ p1: "300.000", p2: "100.000" });
    expect(r.surplus).toEqual({ p1: "300.000", p2: "100.000" });
  });

  it("demand 100 Wh from three producers of 50 Wh → delivered 33.334/33.333/33.333, surplus 16.666/16.667/16.667", () => {
    const r = run(dynamic, { m1: "100" }, { p1: "50", p2: "50", p3: "50" });
    expect(r.delivered).toEqual({ p1: "33.334", p2: "33.333", p3: "33.333" });
    expect(r.surplus).toEqual({ p1: "16.666", p2: "16.667", p3: "16.667" });
  });

  it("a prosumer counts on both sides: m1 uses 100 and injects 100, m2 uses 100 → 50/50, m1 delivers 100", () => {
    const r = run(dynamic, { m1: "100", m2: "100" }, { m1: "100" });
    expect(r.allocated).toEqual({ m1: "50.000", m2: "50.000" });
    expect(r.delivered).toEqual({ m1: "100.000" });
  });
});

describe("static keys", () => {
  it("shares 0.5 + 0.25 (Σ 0.75), PV 1000 Wh, demand 300/400 → 300/250, surplus 450", () => {
    const r = run(staticKeys({ a: "0.5", b: "0.25" }), { a: "300", b: "400" }, { p1: "1000" });
    expect(r.allocated).toEqual({ a: "300.000", b: "250.000" });
    expect(r.residual).toEqual({ a: "0.000", b: "150.000" });
    expect(r.surplus).toEqual({ p1: "450.000" });
  });

  it("a consumer without a share gets nothing: shares a 1, PV 100 Wh, demand a 40, z 60 → 40/0, surplus 60", () => {
    const r = run(staticKeys({ a: "1" }), { a: "40", z: "60" }, { p1: "100" });
    expect(r.allocated).toEqual({ a: "40.000", z: "0.000" });
    expect(r.surplus).toEqual({ p1: "60.000" });
  });

  it("shares 0.333333333333 × 3, PV 1 Wh → 0.334/0.333/0.333 (exact Σ 999.999999999 mWh rounds once to 1000)", () => {
    const third = "0.333333333333";
    const r = run(staticKeys({ a: third, b: third, c: third }), { a: "10", b: "10", c: "10" }, { p1: "1" });
    expect(r.allocated).toEqual({ a: "0.334", b: "0.333", c: "0.333" });
    expect(r.surplus).toEqual({ p1: "0.000" });
  });

  it("shares 0.3/0.3/0.3, PV 100 Wh, demand 100 each → 30/30/30, 10 Wh surplus", () => {
    const r = run(staticKeys({ a: "0.3", b: "0.3", c: "0.3" }), { a: "100", b: "100", c: "100" }, { p1: "100" });
    expect(r.allocated).toEqual({ a: "30.000", b: "30.000", c: "30.000" });
    expect(r.surplus).toEqual({ p1: "10.000" });
  });
});

describe("static keys with redistribution (water-filling)", () => {
  it("shares 0.5/0.3/0.2, PV 1000 Wh, demand 100/500/500 → 100/500/400 (static alone: 100/300/200)", () => {
    // Round 1: 100/300/200, 400 left. Round 2: b +240 → 540, capped at 500 (40 back); c +160 → 360.
    // Round 3: the 40 go to c → 400. Everything is used.
    const demand = { a: "100", b: "500", c: "500" };
    const shares = { a: "0.5", b: "0.3", c: "0.2" };
    expect(run(staticKeys(shares), demand, { p1: "1000" }).allocated).toEqual({ a: "100.000", b: "300.000", c: "200.000" });
    const r = run(staticKeys(shares, true), demand, { p1: "1000" });
    expect(r.allocated).toEqual({ a: "100.000", b: "500.000", c: "400.000" });
    expect(r.surplus).toEqual({ p1: "0.000" });
  });

  it("the unassigned part is redistributed too: shares 0.3 × 3, PV 100 Wh, demand 100 each → 33.334/33.333/33.333", () => {
    const r = run(staticKeys({ a: "0.3", b: "0.3", c: "0.3" }, true), { a: "100", b: "100", c: "100" }, { p1: "100" });
    expect(r.allocated).toEqual({ a: "33.334", b: "33.333", c: "33.333" });
    expect(r.surplus).toEqual({ p1: "0.000" });
  });

  it("everyone full: shares 0.5 + 0.25, PV 1000 Wh, demand 300/400 → 300/400, surplus 300", () => {
    const r = run(staticKeys({ a: "0.5", b: "0.25" }, true), { a: "300", b: "400" }, { p1: "1000" });
    expect(r.allocated).toEqual({ a: "300.000", b: "400.000" });
    expect(r.surplus).toEqual({ p1: "300.000" });
  });

  it("shares 0.6/0.4, PV 100 Wh, demand 10/200 → a full at 10, b takes the other 90", () => {
    const r = run(staticKeys({ a: "0.6", b: "0.4" }, true), { a: "10", b: "200" }, { p1: "100" });
    expect(r.allocated).toEqual({ a: "10.000", b: "90.000" });
  });

  it("members without a share stay out: shares a 0.5, PV 100 Wh, demand a 20, z 80 → 20/0, surplus 80", () => {
    const r = run(staticKeys({ a: "0.5" }, true), { a: "20", z: "80" }, { p1: "100" });
    expect(r.allocated).toEqual({ a: "20.000", z: "0.000" });
    expect(r.surplus).toEqual({ p1: "80.000" });
  });

  it("shares 0.5/0.25/0.25, PV 100 Wh, demand 10/100/100 → 10/45/45 (a full, 90 Wh poured over 0.5 of shares)", () => {
    const r = run(staticKeys({ a: "0.5", b: "0.25", c: "0.25" }, true), { a: "10", b: "100", c: "100" }, { p1: "100" });
    expect(r.allocated).toEqual({ a: "10.000", b: "45.000", c: "45.000" });
  });

  it("shares 0.2/0.2/0.6, PV 10 Wh, demand 1/100/100 → 1/2.250/6.750", () => {
    // a full (level 5 ≤ 10); 9 Wh over shares 0.8 → b 9·0.2/0.8 = 2.25, c 9·0.6/0.8 = 6.75.
    const r = run(staticKeys({ a: "0.2", b: "0.2", c: "0.6" }, true), { a: "1", b: "100", c: "100" }, { p1: "10" });
    expect(r.allocated).toEqual({ a: "1.000", b: "2.250", c: "6.750" });
  });
});

describe("participation factors", () => {
  it("m1 at 0.5 of 200 Wh, m2 at 1 of 200 Wh, PV 300 Wh → pooled 100 + 200 → 100/200, m1 residual 100", () => {
    const r = run(dynamic, { m1: "200", m2: "200" }, { p1: "300" }, { m1: "0.5" });
    expect(r.allocated).toEqual({ m1: "100.000", m2: "200.000" });
    expect(r.residual).toEqual({ m1: "100.000", m2: "0.000" });
    expect(r.surplus).toEqual({ p1: "0.000" });
  });

  it("producer at 0.5 of 400 Wh, demand 100 + 100 → delivered 200, surplus 200 (half kept out of the pool)", () => {
    const r = run(dynamic, { m1: "100", m2: "100" }, { p1: "400" }, { p1: "0.5" });
    expect(r.allocated).toEqual({ m1: "100.000", m2: "100.000" });
    expect(r.delivered).toEqual({ p1: "200.000" });
    expect(r.surplus).toEqual({ p1: "200.000" });
  });

  it("producer at 0.5 of 400 Wh, demand 300 + 100 → 150/50 of the pooled 200", () => {
    const r = run(dynamic, { m1: "300", m2: "100" }, { p1: "400" }, { p1: "0.5" });
    expect(r.allocated).toEqual({ m1: "150.000", m2: "50.000" });
  });

  it("the pooled part is floored: 1/3 of 1 Wh → 0.333 Wh in the pool", () => {
    const r = run(dynamic, { m1: "1" }, { p1: "10" }, { m1: "0.333333333333" });
    expect(r.allocated).toEqual({ m1: "0.333" });
    expect(r.residual).toEqual({ m1: "0.667" });
  });

  it("factor 0 takes a member out: m1 at 0 → nothing allocated, m2 gets all it needs", () => {
    const r = run(dynamic, { m1: "100", m2: "100" }, { p1: "150" }, { m1: "0" });
    expect(r.allocated).toEqual({ m1: "0.000", m2: "100.000" });
    expect(r.surplus).toEqual({ p1: "50.000" });
  });

  it("works with static keys: shares 0.5/0.5, m1 at 0.5 of 100 Wh, PV 200 Wh → 50/100", () => {
    const r = run(staticKeys({ m1: "0.5", m2: "0.5" }), { m1: "100", m2: "100" }, { p1: "200" }, { m1: "0.5" });
    expect(r.allocated).toEqual({ m1: "50.000", m2: "100.000" });
  });

  it("factor 1 is the same as no factor", () => {
    expect(FRACTION_ONE).toBe(10n ** 12n);
    expect(run(dynamic, { m1: "7" }, { p1: "5" }, { m1: "1", p1: "1" })).toEqual(run(dynamic, { m1: "7" }, { p1: "5" }));
  });
});
