import { describe, expect, it } from "vitest";
import { neutralise, runExport, toCsv, toJson, type ExportEntry, type ExportMember, type ExportRun } from "./run-export";

const RUN: ExportRun = {
  id: "11111111-1111-4111-8111-111111111111",
  version: 1,
  correctsId: null,
  communitySlug: "solaria",
  periodStart: "2026-03-02",
  periodEnd: "2026-03-03",
  checkpointSize: 6n,
  checkpointRoot: "ab".repeat(32),
  priceEurPerKWh: "0.12000",
};
const h = (n: number) => String(n).repeat(64).slice(0, 64);
const members = new Map<string, ExportMember>([
  ["m1", { reference: "R001", pseudonym: "M-A", consumptionPoints: ["IT001E1"], injectionPoints: [] }],
  ["m2", { reference: "=HYPERLINK(\"x\")", pseudonym: "M-B", consumptionPoints: ["IT001E2"], injectionPoints: [] }],
  ["p1", { reference: "R004, roof", pseudonym: "M-P", consumptionPoints: [], injectionPoints: ["IT001E9"] }],
]);
const entries: ExportEntry[] = [
  { seq: 1n, kind: "SHARED_ENERGY_DEBIT", account: "PC:M-A", memberId: "m1", amountCents: -58n, energyMWh: 4_800_000n, reversesSeq: null, hash: h(1) },
  { seq: 2n, kind: "SHARED_ENERGY_DEBIT", account: "PC:M-B", memberId: "m2", amountCents: -57n, energyMWh: 4_800_000n, reversesSeq: null, hash: h(2) },
  { seq: 3n, kind: "SHARED_ENERGY_COLLECTED", account: "CC", memberId: null, amountCents: 115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(3) },
  { seq: 4n, kind: "SHARED_ENERGY_CREDIT", account: "PC:M-P", memberId: "p1", amountCents: 115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(4) },
  { seq: 5n, kind: "SHARED_ENERGY_PAID", account: "CC", memberId: null, amountCents: -115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(5) },
];

describe("run exports", () => {
  it("58 ¢ and 57 ¢ charged at 22 % VAT → 13 ¢ VAT each (12.76, 12.54 rounded); 115 ¢ credited at 0 %; net total 0 = the PC entries", () => {
    const x = runExport(RUN, entries, members, { chargesBp: 2200, creditsBp: 0 });
    expect(x.lines.map((l) => [l.memberReference, l.item, l.energyKWh, l.netEur, l.vatEur, l.grossEur, l.entrySeq])).toEqual([
      ["R001", "Shared energy received", "4.800000", "0.58", "0.13", "0.71", "1"],
      ['=HYPERLINK("x")', "Shared energy received", "4.800000", "0.57", "0.13", "0.70", "2"],
      ["R004, roof", "Shared energy delivered", "9.600000", "-1.15", "0.00", "-1.15", "4"],
    ]);
    expect(x.totals).toEqual({ netCents: 0n, vatCents: 26n, grossCents: 26n });
  });

  it("CSV: RFC 4180 quoting, CRLF, formula cells neutralised, run and checkpoint on every line; the same input → the same bytes", () => {
    const x = runExport(RUN, entries, members, { chargesBp: 2200, creditsBp: 0 });
    const csv = toCsv(x);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "member_reference,member_pseudonym,metering_point,period_start,period_end_exclusive,item,energy_kwh,unit_price_eur_per_kwh,net_eur,vat_rate_percent,vat_eur,gross_eur,ledger_entry_seq,ledger_entry_hash,run_id,run_version,checkpoint_size,checkpoint_root",
    );
    expect(lines[2]!.startsWith(`"'=HYPERLINK(""x"")",M-B,IT001E2,2026-03-02,2026-03-03,Shared energy received,4.800000,0.12000,0.57,22.00,0.13,0.70,2,`)).toBe(true);
    expect(lines[3]!.startsWith('"R004, roof",M-P,IT001E9,')).toBe(true);
    expect(lines[3]).toContain(",-1.15,0.00,0.00,-1.15,4,"); // numbers we write are not neutralised
    expect(lines[1]!.endsWith(`,${RUN.id},1,6,${"ab".repeat(32)}`)).toBe(true);
    expect(lines.at(-1)).toBe("");
    expect(toCsv(runExport(RUN, [...entries].reverse(), members, { chargesBp: 2200, creditsBp: 0 }))).toBe(csv);
  });

  it("JSON carries the run, the checkpoint and the totals", () => {
    const j = JSON.parse(toJson(runExport(RUN, entries, members, { chargesBp: 2200, creditsBp: 0 })));
    expect(j).toMatchObject({ format: "dajie-run-export/1", run: { id: RUN.id, checkpoint: { treeSize: "6", root: "ab".repeat(32) } }, totals: { netEur: "0.00", vatEur: "0.26", grossEur: "0.26" } });
    expect(j.lines).toHaveLength(3);
    expect(j.lines[0]).not.toHaveProperty("netCents");
  });

  it("a reversal line says which entry it reverses and gives back what was charged, VAT included: −0.58 € and −0.13 €", () => {
    const reversal: ExportEntry = { seq: 7n, kind: "REVERSAL", account: "PC:M-A", memberId: "m1", amountCents: 58n, energyMWh: -4_800_000n, reversesSeq: 1n, hash: h(7) };
    const x = runExport({ ...RUN, version: 2 }, [reversal], members, { chargesBp: 2200, creditsBp: 0 }, new Map([[1n, entries[0]!]]));
    expect(x.lines.map((l) => [l.item, l.energyKWh, l.netEur, l.vatRatePercent, l.vatEur])).toEqual([["Reversal of entry 1 (Shared energy received)", "-4.800000", "-0.58", "22.00", "-0.13"]]);
  });

  it("neutralise: = + - @ tab and CR at the start get a leading apostrophe", () => {
    expect(["=1", "+1", "-1", "@x", "\tx", "\rx", "ok", "a=b"].map(neutralise)).toEqual(["'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "ok", "a=b"]);
  });
});
