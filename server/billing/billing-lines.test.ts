import { describe, expect, it } from "vitest";
import { neutralise, billingLines, renderCsv, renderJson, vatByLine, type ExportEntry, type ExportMember, type ExportRun } from "./billing-lines";

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
    const x = billingLines(RUN, entries, members, { chargesBp: 2200, creditsBp: 0 });
    expect(x.lines.map((l) => [l.memberReference, l.item, l.energyKWh, l.netEur, l.vatEur, l.grossEur, l.entrySeq])).toEqual([
      ["R001", "Shared energy received", "4.800000", "0.58", "0.13", "0.71", "1"],
      ['=HYPERLINK("x")', "Shared energy received", "4.800000", "0.57", "0.13", "0.70", "2"],
      ["R004, roof", "Shared energy delivered", "9.600000", "-1.15", "0.00", "-1.15", "4"],
    ]);
    expect(x.totals).toEqual({ netCents: 0n, vatCents: 26n, grossCents: 26n, ledgerNetCents: 0n, feeNetCents: 0n });
  });

  it("CSV: RFC 4180 quoting, CRLF, formula cells neutralised, run and checkpoint on every line; the same input → the same bytes", () => {
    const x = billingLines(RUN, entries, members, { chargesBp: 2200, creditsBp: 0 });
    const csv = renderCsv(x);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "member_reference,member_pseudonym,metering_point,period_start,period_end_exclusive,item,energy_kwh,unit_price_eur_per_kwh,net_eur,vat_rate_percent,vat_category,vat_eur,gross_eur,ledger_entry_seq,ledger_entry_hash,run_id,run_version,checkpoint_size,checkpoint_root",
    );
    expect(lines[2]!.startsWith(`"'=HYPERLINK(""x"")",M-B,IT001E2,2026-03-02,2026-03-03,Shared energy received,4.800000,0.12000,0.57,22.00,S,0.13,0.70,2,`)).toBe(true);
    expect(lines[3]!.startsWith('"R004, roof",M-P,IT001E9,')).toBe(true);
    expect(lines[3]).toContain(",-1.15,0.00,E,0.00,-1.15,4,"); // numbers we write are not neutralised
    expect(lines[1]!.endsWith(`,${RUN.id},1,6,${"ab".repeat(32)}`)).toBe(true);
    expect(lines.at(-1)).toBe("");
    expect(renderCsv(billingLines(RUN, [...entries].reverse(), members, { chargesBp: 2200, creditsBp: 0 }))).toBe(csv);
  });

  it("JSON carries the run, the checkpoint and the totals", () => {
    const j = JSON.parse(renderJson(billingLines(RUN, entries, members, { chargesBp: 2200, creditsBp: 0 })));
    expect(j).toMatchObject({ format: "dajie-run-export/1", run: { id: RUN.id, checkpoint: { treeSize: "6", root: "ab".repeat(32) } }, totals: { netEur: "0.00", vatEur: "0.26", grossEur: "0.26", ledgerNetEur: "0.00", feeNetEur: "0.00" } });
    expect(j.lines).toHaveLength(3);
    expect(j.lines[0]).not.toHaveProperty("netCents");
  });

  it("a reversal line says which entry it reverses and gives back what was charged, VAT included: −0.58 € and −0.13 €", () => {
    const reversal: ExportEntry = { seq: 7n, kind: "REVERSAL", account: "PC:M-A", memberId: "m1", amountCents: 58n, energyMWh: -4_800_000n, reversesSeq: 1n, hash: h(7) };
    const x = billingLines({ ...RUN, version: 2 }, [reversal], members, { chargesBp: 2200, creditsBp: 0 }, new Map([[1n, entries[0]!]]));
    expect(x.lines.map((l) => [l.item, l.energyKWh, l.netEur, l.vatRatePercent, l.vatEur])).toEqual([["Reversal of entry 1 (Shared energy received)", "-4.800000", "-0.58", "22.00", "-0.13"]]);
  });

  it("neutralise: = + - @ tab and CR at the start get a leading apostrophe", () => {
    expect(["=1", "+1", "-1", "@x", "\tx", "\rx", "ok", "a=b"].map(neutralise)).toEqual(["'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "ok", "a=b"]);
  });

  it("community fee 2.5 % of credits + 0.50 € fixed: the producer credited 1.15 € pays 0.03 + 0.50, each consumer 0.50; fee lines have no entry hash and total 1.59 €", () => {
    const x = billingLines(RUN, entries, members, { chargesBp: 2200, creditsBp: 0, feeCreditsBp: 250, feeFixedCents: 50 });
    const fee = x.lines.filter((l) => l.entryHash === "");
    expect(fee.map((l) => [l.memberReference, l.item, l.netEur, l.vatRatePercent, l.entrySeq])).toEqual([
      ["R001", "Community fee (fixed per period)", "0.50", "22.00", ""],
      ['=HYPERLINK("x")', "Community fee (fixed per period)", "0.50", "22.00", ""],
      ["R004, roof", "Community fee (2.50 % of credits 1.15)", "0.03", "22.00", ""], // 2.875 ¢ → 3 ¢
      ["R004, roof", "Community fee (fixed per period)", "0.50", "22.00", ""],
    ]);
    expect(x.totals.ledgerNetCents).toBe(0n); // still −Σ PC entries
    expect(x.totals.feeNetCents).toBe(153n);
    // R001: (58 + 50) × 22 % = 23.76 → 24 ¢, shared 12.76 → 13 and 11 → 11.
    const r001 = x.lines.filter((l) => l.memberReference === "R001");
    expect(r001.map((l) => l.vatEur)).toEqual(["0.13", "0.11"]);
    expect(x.totals.netCents).toBe(x.lines.reduce((s, l) => s + l.netCents, 0n));
    expect(x.totals.vatCents).toBe(x.lines.reduce((s, l) => s + l.vatCents, 0n));
    expect(renderCsv(x).split("\r\n")[4]!.startsWith("R001,M-A,,2026-03-02,2026-03-03,Community fee (fixed per period),,,0.50,22.00,S,0.11,0.61,,,")).toBe(true);
  });

  it("VAT per member and rate, rounded once, shared by largest remainder: 3 lines of 0.05 € at 10 % → 1.5 ¢ → 2 ¢ as 1 + 1 + 0 (not 3 × 1)", () => {
    const lines = [0, 1, 2].map(() => ({ memberId: "m", netCents: 5n, rateBp: 1000 }));
    expect(vatByLine(lines)).toEqual([1n, 1n, 0n]);
    // Negative and positive lines of one member: (−58 + 20) × 22 % = −8.36 → −8 ¢.
    const mixed = vatByLine([{ memberId: "m", netCents: -58n, rateBp: 2200 }, { memberId: "m", netCents: 20n, rateBp: 2200 }, { memberId: "o", netCents: 58n, rateBp: 2200 }]);
    expect(mixed[0]! + mixed[1]!).toBe(-8n);
    expect(mixed[2]).toBe(13n);
  });

  it("a correction run takes back the fee on what it reverses, with the corrected run's terms, and charges the fee on its new credits", () => {
    const reversal: ExportEntry = { seq: 10n, kind: "REVERSAL", account: "PC:M-P", memberId: "p1", amountCents: -115n, energyMWh: -9_600_000n, reversesSeq: 4n, hash: h(7) };
    const credit: ExportEntry = { seq: 11n, kind: "SHARED_ENERGY_CREDIT", account: "PC:M-P", memberId: "p1", amountCents: 200n, energyMWh: 16_000_000n, reversesSeq: null, hash: h(8) };
    const now = { chargesBp: 2200, creditsBp: 0, feeCreditsBp: 500, feeFixedCents: 0 };
    const before = { chargesBp: 2200, creditsBp: 0, feeCreditsBp: 250, feeFixedCents: 50 };
    const x = billingLines({ ...RUN, version: 2 }, [reversal, credit], members, now, new Map([[4n, entries[3]!]]), before);
    expect(x.lines.map((l) => [l.item, l.netEur])).toEqual([
      ["Reversal of entry 4 (Shared energy delivered)", "1.15"],
      ["Shared energy delivered", "-2.00"],
      ["Reversal of community fee (2.50 % of credits 1.15)", "-0.03"],
      ["Reversal of community fee (fixed per period)", "-0.50"],
      ["Community fee (5.00 % of credits 2.00)", "0.10"],
    ]);
    expect(x.totals).toMatchObject({ ledgerNetCents: -85n, feeNetCents: -43n });
  });
});

describe("reverse charge (VAT category AE)", () => {
  const rc = new Map<string, ExportMember>([...members, ["p1", { ...members.get("p1")!, reverseCharge: true }]]);

  it("credits at 10 % VAT: the reverse-charge producer's 1.15 € is AE at 0 % (VAT 0), consumers' 0.58/0.57 stay S at 22 %; the fee line of the producer is S; CSV and JSON show the category and the totals per category", () => {
    const x = billingLines(RUN, entries, rc, { chargesBp: 2200, creditsBp: 1000, feeCreditsBp: 0, feeFixedCents: 20 });
    expect(x.lines.map((l) => [l.memberReference, l.item, l.netEur, l.vatCategory, l.vatRatePercent, l.vatEur, l.grossEur])).toEqual([
      ["R001", "Shared energy received", "0.58", "S", "22.00", "0.13", "0.71"],
      ['=HYPERLINK("x")', "Shared energy received", "0.57", "S", "22.00", "0.13", "0.70"],
      ["R004, roof", "Shared energy delivered", "-1.15", "AE", "0.00", "0.00", "-1.15"],
      ["R001", "Community fee (fixed per period)", "0.20", "S", "22.00", "0.04", "0.24"],
      ['=HYPERLINK("x")', "Community fee (fixed per period)", "0.20", "S", "22.00", "0.04", "0.24"],
      ["R004, roof", "Community fee (fixed per period)", "0.20", "S", "22.00", "0.04", "0.24"],
    ]);
    // Producer: −1.15 + 0.24 = −0.91 credited; without reverse charge it would be −1.15 − 0.12 (10 %) + 0.24 = −1.03.
    const producer = x.lines.filter((l) => l.memberId === "p1").reduce((s, l) => s + l.netCents + l.vatCents, 0n);
    expect(producer).toBe(-91n);
    expect(renderCsv(x).split("\r\n")[3]!).toContain(",-1.15,0.00,AE,0.00,-1.15,4,");
    expect(JSON.parse(renderJson(x)).totals.byVatCategory).toEqual([
      { vatCategory: "AE", vatRatePercent: "0.00", netEur: "-1.15", vatEur: "0.00" },
      { vatCategory: "S", vatRatePercent: "22.00", netEur: "1.75", vatEur: "0.38" },
    ]);
  });

  it("a correction reverses a credit that was under reverse charge as AE even when the member is not any more, and charges the new credit at 10 %", () => {
    const reversal: ExportEntry = { seq: 9n, kind: "REVERSAL", account: "PC:M-P", memberId: "p1", amountCents: -115n, energyMWh: 9_600_000n, reversesSeq: 4n, hash: h(9) };
    const fresh: ExportEntry = { seq: 10n, kind: "SHARED_ENERGY_CREDIT", account: "PC:M-P", memberId: "p1", amountCents: 120n, energyMWh: 10_000_000n, reversesSeq: null, hash: h(8) };
    const nowRegistered = new Map<string, ExportMember>([["p1", { ...members.get("p1")!, reverseCharge: false, reverseChargeInCorrected: true }]]);
    const x = billingLines(RUN, [reversal, fresh], nowRegistered, { chargesBp: 2200, creditsBp: 1000 }, new Map([[4n, entries[3]!]]));
    expect(x.lines.map((l) => [l.netEur, l.vatCategory, l.vatEur])).toEqual([
      ["1.15", "AE", "0.00"],
      ["-1.20", "S", "-0.12"],
    ]);
  });
});
