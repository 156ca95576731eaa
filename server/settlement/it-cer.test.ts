import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { FRACTION_ONE } from "./allocation";
import { formatDecimal, formatDecimalTrimmed, parseDecimal } from "./decimal";
import {
  aggregateHours,
  exactArera,
  exactIncentive,
  GRANTED_TIP_DECIMALS,
  grantedTip,
  itCerValuation,
  splitPot,
  tip,
  tipBand,
  type CerInterval,
  type ItCerParams,
  type Zone,
} from "./it-cer";

const eurMWh = (s: string) => parseDecimal(s, 6, { signed: true });
const kw = (s: string) => parseDecimal(s, 3); // kW at 3 decimals = W
const wh = (s: string) => parseDecimal(s, 3);
const frac = (s: string) => parseDecimal(s, 12);
const showTip = (t: bigint) => formatDecimalTrimmed(t, 6, 2);

function tipOf(plantKw: string, zone: Zone, pv: boolean, pz: string): string {
  return showTip(tip({ plantW: kw(plantKw), zone, pv, zonalPrice: eurMWh(pz) }));
}

describe("TIP (DM 414/2023)", () => {
  it("100 kW north PV, Pz 150 → 80 + 30 = 110 (under CAP 120) + 10 north = 120 €/MWh", () => {
    expect(tipOf("100", "north", true, "150")).toBe("120.00");
  });
  it("100 kW north PV, Pz 100 → 80 + 80 = 160 → CAP 120, + 10 north = 130 €/MWh (bonus outside the CAP)", () => {
    expect(tipOf("100", "north", true, "100")).toBe("130.00");
  });
  it("700 kW south PV, Pz 100 → base 60 + 80 = 140 → CAP 100, + 0 south = 100 €/MWh", () => {
    expect(tipOf("700", "south", true, "100")).toBe("100.00");
  });
  it("100 kW north non-PV, Pz 150 → 110 €/MWh (no zonal bonus)", () => {
    expect(tipOf("100", "north", false, "150")).toBe("110.00");
  });
  it("100 kW centre PV, Pz 150 → 110 + 4 = 114 €/MWh", () => {
    expect(tipOf("100", "centre", true, "150")).toBe("114.00");
  });
  it("Pz 200 ≥ 180 → no variable part: 80 + 0 + 10 north = 90 €/MWh", () => {
    expect(tipOf("100", "north", true, "200")).toBe("90.00");
  });
  it("Pz 179.75 → 80 + 0.25 = 80.25 €/MWh (south, exact decimals)", () => {
    expect(tipOf("100", "south", true, "179.75")).toBe("80.25");
  });
  it("negative Pz −20 → 80 + 200 = 280 → CAP 120 (south) €/MWh", () => {
    expect(tipOf("100", "south", true, "-20")).toBe("120.00");
  });
  it("400 kW, Pz 150 → 70 + 30 = 100 (CAP 110) €/MWh, south", () => {
    expect(tipOf("400", "south", false, "150")).toBe("100.00");
  });

  it("grant factor F = 0.5 halves it: 120 → 60 €/MWh; F = 0.4 → 72 €/MWh", () => {
    const t = tip({ plantW: kw("100"), zone: "north", pv: true, zonalPrice: eurMWh("150") });
    expect(formatDecimalTrimmed(grantedTip(t, frac("0.5")), GRANTED_TIP_DECIMALS, 2)).toBe("60.00");
    expect(formatDecimalTrimmed(grantedTip(t, frac("0.4")), GRANTED_TIP_DECIMALS, 2)).toBe("72.00");
    expect(grantedTip(t, 0n)).toBe(t * FRACTION_ONE);
  });

  it.each([
    ["200", "80.00", "120.00"],
    ["200.001", "70.00", "110.00"],
    ["600", "70.00", "110.00"],
    ["600.001", "60.00", "100.00"],
    ["1000", "60.00", "100.00"],
  ])("plant %s kW → base %s, CAP %s €/MWh", (p, base, cap) => {
    const band = tipBand(kw(p));
    expect([showTip(band.base), showTip(band.cap)]).toEqual([base, cap]);
  });

  it("plant 1000.001 kW (above 1 MW) is refused, naming valuation.plantKw", () => {
    expect(() => tipBand(kw("1000.001"))).toThrow(AppError);
    try {
      tipBand(kw("1200"));
    } catch (e) {
      expect((e as AppError).problems[0]?.where).toBe("valuation.plantKw");
    }
  });
});

const north100: Pick<ItCerParams, "plantW" | "zone" | "pv" | "grantFactor"> = { plantW: kw("100"), zone: "north", pv: true, grantFactor: 0n };
const quarter = (start: string, injected: string, withdrawn: string, pz = "150"): CerInterval => ({
  start,
  injected: wh(injected),
  withdrawn: wh(withdrawn),
  zonalPrice: eurMWh(pz),
});

describe("hourly shared energy", () => {
  it("four quarter hours: injected 10+0+0+0, withdrawn 0+0+0+10 Wh → E_h = min(10, 10) = 10 Wh (netting within the hour)", () => {
    const hours = aggregateHours(
      [
        quarter("2025-06-01T10:45:00.000Z", "0", "10"),
        quarter("2025-06-01T10:00:00.000Z", "10", "0"),
        quarter("2025-06-01T10:15:00.000Z", "0", "0"),
        quarter("2025-06-01T10:30:00.000Z", "0", "0"),
      ],
      north100,
    );
    expect(hours).toHaveLength(1);
    expect(hours[0]!.start).toBe("2025-06-01T10:00:00.000Z");
    expect(formatDecimal(hours[0]!.shared, 3)).toBe("10.000");
  });

  it("two hours are kept apart: 11:00 injected 5, withdrawn 8 → 5; 10:00 injected 7, withdrawn 3 → 3", () => {
    const hours = aggregateHours([quarter("2025-06-01T11:00:00.000Z", "5", "8"), quarter("2025-06-01T10:00:00.000Z", "7", "3")], north100);
    expect(hours.map((h) => [h.start, formatDecimal(h.shared, 3)])).toEqual([
      ["2025-06-01T10:00:00.000Z", "3.000"],
      ["2025-06-01T11:00:00.000Z", "5.000"],
    ]);
  });

  it("different zonal prices within one hour are refused", () => {
    expect(() => aggregateHours([quarter("2025-06-01T10:00:00.000Z", "1", "1", "100"), quarter("2025-06-01T10:15:00.000Z", "1", "1", "101")], north100)).toThrow(
      /different zonal prices/,
    );
  });
});

describe("incentive and ARERA", () => {
  it("E = 1 MWh at TIP 120 €/MWh → 120.00 €; ARERA 8.22 €/MWh → 8.22 €", () => {
    const hours = aggregateHours([quarter("2025-06-01T10:00:00.000Z", "1000000", "1000000")], north100);
    const inc = exactIncentive(hours);
    expect([inc.num % inc.den, inc.num / inc.den]).toEqual([0n, 12_000n]); // exactly 12 000 cents
    const split = splitPot(inc, { producers: 0n, consumers: 0n, fund: FRACTION_ONE }, new Map(), new Map());
    expect(formatDecimal(split.totalCents, 2)).toBe("120.00");
    expect(formatDecimal(splitPot(exactArera(hours, eurMWh("8.22")), { producers: 0n, consumers: 0n, fund: FRACTION_ONE }, new Map(), new Map()).totalCents, 2)).toBe("8.22");
  });

  it("120 € split 0.5/0.3/0.2 → producers 60 €, consumers 36 €, fund 24 €", () => {
    const hours = aggregateHours([quarter("2025-06-01T10:00:00.000Z", "1000000", "1000000")], north100);
    const s = splitPot(exactIncentive(hours), { producers: frac("0.5"), consumers: frac("0.3"), fund: frac("0.2") }, new Map([["p1", 1n]]), new Map([["m1", 1n]]));
    expect([s.producers.get("p1"), s.consumers.get("m1"), s.fundCents]).toEqual([6000n, 3600n, 2400n]);
  });

  it("10 cents to three consumers with equal allocations → 4/3/3 cents (first id takes the cent)", () => {
    // 700 kW south, Pz 100 → TIP 100 €/MWh; E = 1 kWh → 0.10 €.
    const hours = aggregateHours([quarter("2025-06-01T10:00:00.000Z", "1000", "1000", "100")], { ...north100, plantW: kw("700"), zone: "south" });
    const allocated = new Map([
      ["c", 5n],
      ["a", 5n],
      ["b", 5n],
    ]);
    const s = splitPot(exactIncentive(hours), { producers: 0n, consumers: FRACTION_ONE, fund: 0n }, new Map([["p1", 15n]]), allocated);
    expect(s.totalCents).toBe(10n);
    expect(Object.fromEntries(s.consumers)).toEqual({ a: 4n, b: 3n, c: 3n });
    expect(s.producers.get("p1")).toBe(0n);
    expect(s.fundCents).toBe(0n);
  });

  it("producers' part in proportion to delivered: 1.00 € over 2:1 → 0.67/0.33 €", () => {
    const pot = { num: 100n, den: 1n };
    const s = splitPot(pot, { producers: FRACTION_ONE, consumers: 0n, fund: 0n }, new Map([["p1", 2n], ["p2", 1n]]), new Map([["m1", 3n]]));
    expect(Object.fromEntries(s.producers)).toEqual({ p1: 67n, p2: 33n });
  });

  it("nobody was allocated anything → the members' parts go to the fund", () => {
    const s = splitPot({ num: 1000n, den: 1n }, { producers: frac("0.5"), consumers: frac("0.3"), fund: frac("0.2") }, new Map([["p1", 0n]]), new Map([["m1", 0n]]));
    expect([s.producers.get("p1"), s.consumers.get("m1"), s.fundCents]).toEqual([0n, 0n, 1000n]);
  });

  it("F = 0.5 halves the incentive but not the ARERA part: 1 MWh, TIP 120 → 60.00 € + 8.22 €", () => {
    const v = itCerValuation(
      [quarter("2025-06-01T10:00:00.000Z", "1000000", "1000000")],
      { ...north100, grantFactor: frac("0.5"), arera: eurMWh("8.22"), split: { producers: frac("0.5"), consumers: frac("0.5"), fund: 0n } },
      new Map([["p1", wh("1000000")]]),
      new Map([["m1", wh("1000000")]]),
    );
    expect([v.incentive.totalCents, v.arera.totalCents]).toEqual([6000n, 822n]);
    expect(Object.fromEntries(v.credits)).toEqual({ m1: 3411n, p1: 3411n }); // (6000 + 822) / 2 each
    expect(v.fundCents).toBe(0n);
  });

  it("a split not summing to 1 is refused", () => {
    expect(() =>
      itCerValuation([], { ...north100, arera: 0n, split: { producers: frac("0.5"), consumers: frac("0.5"), fund: frac("0.1") } }, new Map(), new Map()),
    ).toThrow(/sum to exactly 1/);
  });
});
