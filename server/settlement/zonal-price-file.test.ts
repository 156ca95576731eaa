import { describe, expect, it } from "vitest";
import { parseZonalPrices } from "./zonal-price-file";

describe("zonal price files", () => {
  it("ISO layout: 2 hours → 2 prices at their UTC instants", () => {
    const r = parseZonalPrices("hour_start,eur_per_mwh\n2026-03-02T00:00:00+01:00,112.45\n2026-03-02T00:00:00Z,-3.5\n");
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => [x.hourStart.toISOString(), x.eurPerMWh])).toEqual([
      ["2026-03-01T23:00:00.000Z", "112.45"],
      ["2026-03-02T00:00:00.000Z", "-3.5"],
    ]);
  });

  it("GME layout with decimal commas: hour 1 of 2026-03-02 in Rome is 23:00Z the day before; 29 March has 23 hours", () => {
    const r = parseZonalPrices("date;hour;price\n20260302;1;112,45\n20260329;23;98,1\n");
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => [x.hourStart.toISOString(), x.eurPerMWh])).toEqual([
      ["2026-03-01T23:00:00.000Z", "112.45"],
      ["2026-03-29T21:00:00.000Z", "98.1"],
    ]);
    expect(parseZonalPrices("date;hour;price\n20260329;24;1\n").problems).toEqual([{ line: 2, message: "2026-03-29 has 23 hours in Europe/Rome, not 24" }]);
    // 25 October 2026 has 25 hours (from 22:00Z the day before): hour 25 is 22:00Z.
    expect(parseZonalPrices("date;hour;price\n2026-10-25;25;1\n").rows[0]!.hourStart.toISOString()).toBe("2026-10-25T22:00:00.000Z");
  });

  it("every bad line is reported with its number and nothing is returned", () => {
    const r = parseZonalPrices("hour_start,eur_per_mwh\n2026-03-02T00:30:00Z,1\nnot a time,2\n2026-03-02T01:00:00Z,abc\n2026-03-02T02:00:00Z,1\n2026-03-02T02:00:00Z,2\n");
    expect(r.rows).toEqual([]);
    expect(r.problems.map((p) => p.line)).toEqual([2, 3, 4, 6]);
    expect(parseZonalPrices("when,price\n").problems[0]!.message).toMatch(/expected the header/);
  });
});
