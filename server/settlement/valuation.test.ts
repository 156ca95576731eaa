import { describe, expect, it } from "vitest";
import { parseDecimal } from "./decimal";
import { flatValuation } from "./valuation";

const wh = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, parseDecimal(v, 3)]));
const price = (s: string) => parseDecimal(s, 6);

describe("flat valuation", () => {
  it("0.10 €/kWh: consumers 1 kWh × 3, producers 2 kWh + 1 kWh → debits 10/10/10 ct, credits 20/10 ct", () => {
    const v = flatValuation(wh({ a: "1000", b: "1000", c: "1000" }), wh({ p1: "2000", p2: "1000" }), price("0.10"));
    expect(v.valueCents).toBe(30n);
    expect(Object.fromEntries(v.debits)).toEqual({ a: 10n, b: 10n, c: 10n });
    expect(Object.fromEntries(v.credits)).toEqual({ p1: 20n, p2: 10n });
    expect(Object.fromEntries(v.net)).toEqual({ a: -10n, b: -10n, c: -10n, p1: 20n, p2: 10n });
  });

  it("0.12345 €/kWh on 1 kWh + 1 kWh: exact 12.345 + 12.345 = 24.69 ct → 25 ct → 13/12 ct; producer 25 ct", () => {
    const v = flatValuation(wh({ b: "1000", a: "1000" }), wh({ p1: "2000" }), price("0.12345"));
    expect(v.valueCents).toBe(25n);
    expect(Object.fromEntries(v.debits)).toEqual({ a: 13n, b: 12n });
    expect(v.credits.get("p1")).toBe(25n);
  });

  it("0.12 €/kWh on 33.334/33.333/33.333 Wh: 1.2 ct → 1 ct, paid by the largest remainder (a)", () => {
    const v = flatValuation(wh({ a: "33.334", b: "33.333", c: "33.333" }), wh({ p1: "100" }), price("0.12"));
    expect(Object.fromEntries(v.debits)).toEqual({ a: 1n, b: 0n, c: 0n });
    expect(v.credits.get("p1")).toBe(1n);
  });

  it("a prosumer nets out: m1 allocated 500 Wh and delivered 1000 Wh at 0.20 € → +10 ct; m2 −10 ct", () => {
    const v = flatValuation(wh({ m1: "500", m2: "500" }), wh({ m1: "1000" }), price("0.20"));
    expect(Object.fromEntries(v.net)).toEqual({ m1: 10n, m2: -10n });
  });

  it("nothing shared → everything 0", () => {
    const v = flatValuation(wh({ m1: "0" }), wh({ p1: "0" }), price("0.2"));
    expect(v.valueCents).toBe(0n);
    expect(Object.fromEntries(v.net)).toEqual({ m1: 0n, p1: 0n });
  });
});
