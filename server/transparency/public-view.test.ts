import { describe, expect, it } from "vitest";
import { addDays } from "../shared/iso-date";
import { publicCsv } from "./public-csv";
import { publicFigures, type FiguresInput, type MemberDay } from "./public-figures";
import { publicContact } from "./public-stats";
import { energyViewOf, hiddenReasons, partialRange, rowsOf } from "./public-view";

/** n consumers with c mWh and n producers with p mWh on each day from `first`, for `days` days. */
function days(first: string, count: number, n: number, c: bigint, p: bigint): MemberDay[] {
  return Array.from({ length: count }, (_, d) => addDays(first, d)).flatMap((day) => [
    ...Array.from({ length: n }, (_, i) => ({ member: `c${i}`, day, consumptionMWh: c, injectionMWh: null, sharedMWh: 0n })),
    ...Array.from({ length: n }, (_, i) => ({ member: `p${i}`, day, consumptionMWh: null, injectionMWh: p, sharedMWh: p })),
  ]);
}
const input = (over: Partial<FiguresInput>): FiguresInput => ({ policy: { k: 5 }, co2GramsPerKWh: 250, sharedPerInterval: true, days: [], periods: [], members: [], ...over });

// 5 consumers × 1,000,000 mWh and 5 producers × 400,000 mWh a day, 2026-10-20 … 2026-12-04 (46 days).
const open = publicFigures(input({ days: days("2026-10-20", 46, 5, 1_000_000n, 400_000n) }));
// The same with 2 of each: below k = 5, every energy figure hidden.
const small = publicFigures(input({ days: days("2026-10-20", 46, 2, 1_000_000n, 400_000n), members: [{ member: "c0", kind: "CONSUMER" }] }));

describe("the public page's views", () => {
  it("by default the last 30 of 46 days: 2026-11-05 … 2026-12-04; ?month=2026-11 → its 30 days; an unknown month → the last 30 days", () => {
    const v = energyViewOf(open, {});
    expect(v).toEqual({ view: "day", months: ["2026-10", "2026-11", "2026-12"], month: null });
    const rows = rowsOf(open, v);
    expect([rows.length, rows[0]!.key, rows.at(-1)!.key]).toEqual([30, "2026-11-05", "2026-12-04"]);
    expect(rowsOf(open, energyViewOf(open, { view: "day", month: "2026-11" })).map((r) => r.key)).toHaveLength(30);
    expect(energyViewOf(open, { month: "2025-01" }).month).toBeNull();
  });

  it("partial periods: data 2026-10-20 … 2026-12-04 → October 20–31 and December 1–4 partial, November whole, the year 2026 partial", () => {
    const total = open.energy.total;
    expect(open.energy.months.map((m) => partialRange(m, total))).toEqual([{ from: "2026-10-20", to: "2026-11-01" }, null, { from: "2026-12-01", to: "2026-12-05" }]);
    expect(partialRange(open.energy.years[0]!, total)).toEqual({ from: "2026-10-20", to: "2026-12-05" });
    expect(partialRange(open.energy.days[0]!, total)).toBeNull();
  });

  it("hidden reasons are listed once: 2 + 2 members (k = 5) → one reason, FEWER_THAN_K with k = 5, over ~300 hidden figures", () => {
    expect(hiddenReasons(small)).toEqual([{ shown: false, reason: "FEWER_THAN_K", params: { k: 5 } }]);
    expect(hiddenReasons(open)).toEqual([]);
  });
});

describe("public CSV", () => {
  it("months of 10 members: 2026-11 production 30 days × 5 × 0.4 kWh = 60.000 kWh, consumption 150.000, self-sufficiency 40.0 %", () => {
    const { fileName, csv } = publicCsv("solaria", open, { table: "energy", view: "month" });
    expect(fileName).toBe("solaria-energy-months.csv");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("period,from,to,partial,production_kwh,consumption_kwh,shared_kwh,self_sufficiency_percent,self_consumption_percent,surplus_kwh,avoided_co2_kg");
    expect(lines[1]).toMatch(/^2026-10,2026-10-20,2026-11-01,yes,/);
    expect(lines[2]).toBe("2026-11,2026-11-01,2026-12-01,no,60.000,150.000,60.000,40.0,100.0,0.000,15.000");
  });

  it("below the threshold, every figure of every table reads 'hidden: fewer than 5 members', none is a number", () => {
    // Member counts: 1 consumer → "all" and consumers hidden; a kind with no member at all is 0 (as on the page).
    expect(publicCsv("borgo", small, { table: "members" }).csv).toBe("kind,members\r\nall,hidden: fewer than 5 members\r\nconsumer,hidden: fewer than 5 members\r\nproducer,0\r\nprosumer,0\r\n");
    for (const table of ["energy", "credits"] as const) {
      const lines = publicCsv("borgo", small, { table }).csv.trimEnd().split("\r\n").slice(1);
      for (const line of lines) {
        const cells = line.split(",").slice(table === "energy" ? 4 : 1);
        expect(cells.every((c) => c === "" || c === "hidden: fewer than 5 members"), line).toBe(true);
      }
    }
    const days = publicCsv("borgo", small, { table: "energy" }).csv.trimEnd().split("\r\n");
    expect(days).toHaveLength(31); // header + the last 30 days
    expect(days[1]).toBe("2026-11-05,2026-11-05,2026-11-06,no,hidden: fewer than 5 members,hidden: fewer than 5 members,hidden: fewer than 5 members,hidden: fewer than 5 members,hidden: fewer than 5 members,hidden: fewer than 5 members,hidden: fewer than 5 members");
  });
});

describe("the municipality's public contact", () => {
  const none = { legalName: null, street: null, postcode: null, city: null, billingEmail: null, publicPhone: null };
  it("legal name, street, '00100' + 'Solaria' → three address lines; e-mail and telephone as given; nothing at all → null", () => {
    expect(publicContact({ legalName: "Comune di Solaria", street: "Piazza del Municipio 1", postcode: "00100", city: "Solaria", billingEmail: "energia@solaria.example", publicPhone: "+39 0761 123 456" })).toEqual({
      email: "energia@solaria.example",
      phone: "+39 0761 123 456",
      address: ["Comune di Solaria", "Piazza del Municipio 1", "00100 Solaria"],
    });
    expect(publicContact({ ...none, city: "Solaria" })).toEqual({ email: null, phone: null, address: ["Solaria"] });
    expect(publicContact(none)).toBeNull();
  });
});
