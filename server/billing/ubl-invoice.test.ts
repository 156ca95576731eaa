import { describe, expect, it } from "vitest";
import { checkEn16931, parseXmlTree } from "./en16931-check";
import { billingLines, type ExportEntry, type ExportMember, type ExportRun } from "./billing-lines";
import { buildInvoiceDocument, invoiceFileName, invoiceTotals, NS, renderUbl, type PartyData } from "./ubl-invoice";

const RUN: ExportRun = {
  id: "11111111-1111-4111-8111-111111111111",
  version: 1,
  correctsId: null,
  communitySlug: "solaria",
  periodStart: "2026-03-01",
  periodEnd: "2026-04-01",
  checkpointSize: 6n,
  checkpointRoot: "ab".repeat(32),
  priceEurPerKWh: "0.12000",
};
const h = (n: number) => String(n).repeat(64).slice(0, 64);
const members = new Map<string, ExportMember>([
  ["m1", { reference: "R001", pseudonym: "M-A", consumptionPoints: ["IT001E1"], injectionPoints: [] }],
  ["p1", { reference: "R004", pseudonym: "M-P", consumptionPoints: ["IT001E8"], injectionPoints: ["IT001E9"] }],
]);
const entries: ExportEntry[] = [
  { seq: 1n, kind: "SHARED_ENERGY_DEBIT", account: "PC:M-A", memberId: "m1", amountCents: -115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(1) },
  { seq: 2n, kind: "SHARED_ENERGY_COLLECTED", account: "CC", memberId: null, amountCents: 115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(2) },
  { seq: 3n, kind: "SHARED_ENERGY_CREDIT", account: "PC:M-P", memberId: "p1", amountCents: 115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(3) },
  { seq: 4n, kind: "SHARED_ENERGY_PAID", account: "CC", memberId: null, amountCents: -115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(4) },
];
const seller: PartyData = { name: "Helios Energy Services S.r.l.", vatId: "IT01234567890", street: "Via dei Mille 5", postcode: "20121", city: "Milano", countryCode: "IT", email: "billing@helios.example" };
const buyer = (name: string): PartyData => ({ name, vatId: null, street: "Via del Sole 1 <Scala A> & B", postcode: null, city: null, countryCode: "IT", email: null });

function documents(terms = { chargesBp: 2200, creditsBp: 0, feeCreditsBp: 1000, feeFixedCents: 30 }) {
  const x = billingLines(RUN, entries, members, terms);
  return ["m1", "p1"].map((id, i) =>
    buildInvoiceDocument({
      run: RUN,
      lines: x.lines.filter((l) => l.memberId === id),
      number: `2026-00000${i + 1}`,
      issueDate: "2026-04-07",
      paymentTermsDays: 30,
      seller,
      buyer: buyer(id === "m1" ? "Anna Rossi" : "Bruno Bianchi"),
      buyerReference: members.get(id)!.reference,
      preceding: null,
    }),
  );
}

describe("UBL 2.1 invoices (EN 16931)", () => {
  it("consumer charged 1.15 € + fee 0.30 € at 22 % → invoice 380 of 1.45 + 0.32 VAT = 1.77 €; producer credited 1.15 − fee 0.12 − 0.30 → credit note 381 of 0.73 + VAT (0.42 × 22 % = 0.09) → 0.64 €", () => {
    const [inv, cn] = documents();
    expect(inv!.typeCode).toBe(380);
    expect(invoiceTotals(inv!.lines)).toMatchObject({ netCents: 145n, vatCents: 32n, grossCents: 177n }); // 31.9 → 32
    expect(inv!.dueDate).toBe("2026-05-07");
    expect(cn!.typeCode).toBe(381);
    // Member's view: −1.15 (0 %) + 0.12 + 0.30 (22 %): net −0.73, VAT 0.42 × 22 % = 0.0924 → 0.09, gross −0.64.
    expect(invoiceTotals(cn!.lines)).toMatchObject({ netCents: 73n, vatCents: -9n, grossCents: 64n });
    expect(cn!.dueDate).toBeNull();
  });

  it("every generated document parses back and passes the EN 16931 checks, with run, checkpoint and entry hashes in its notes", () => {
    for (const doc of [...documents(), ...documents({ chargesBp: 1000, creditsBp: 1000, feeCreditsBp: 0, feeFixedCents: 0 }), ...documents({ chargesBp: 0, creditsBp: 0, feeCreditsBp: 0, feeFixedCents: 0 })]) {
      const xml = renderUbl(doc);
      expect(checkEn16931(xml)).toEqual([]);
      const root = parseXmlTree(xml);
      expect(root.uri).toBe(doc.typeCode === 380 ? NS.invoice : NS.creditNote);
      expect(xml).toContain(`root ${"ab".repeat(32)}`);
      expect(xml).toContain(RUN.id);
      expect(xml).toMatch(/Ledger entry [13], hash (1{64}|3{64})/);
    }
  });

  it("element order of the UBL 2.1 schema: header, parties, terms, VAT, totals, lines; text is escaped", () => {
    const xml = renderUbl(documents()[0]!);
    const order = ["cbc:CustomizationID", "cbc:ID", "cbc:IssueDate", "cbc:DueDate", "cbc:InvoiceTypeCode", "cbc:Note", "cbc:DocumentCurrencyCode", "cbc:BuyerReference", "cac:InvoicePeriod", "cac:AccountingSupplierParty", "cac:AccountingCustomerParty", "cac:PaymentTerms", "cac:TaxTotal", "cac:LegalMonetaryTotal", "cac:InvoiceLine"];
    const positions = order.map((tag) => xml.indexOf(`<${tag}>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(xml).toContain("<cbc:StreetName>Via del Sole 1 &lt;Scala A&gt; &amp; B</cbc:StreetName>");
    const cn = renderUbl(documents()[1]!);
    expect(cn).not.toContain("DueDate");
    expect(cn.indexOf("<cbc:CreditNoteTypeCode>381")).toBeLessThan(cn.indexOf("<cbc:Note>"));
    expect(cn).toContain("<cac:CreditNoteLine>");
    expect(cn).toContain('<cbc:CreditedQuantity unitCode="C62">-1</cbc:CreditedQuantity>'); // the fee, a negative line of a credit note
  });

  it("the same document renders to the same bytes; a correction names the original invoice (BillingReference)", () => {
    const [doc] = documents();
    expect(renderUbl(JSON.parse(JSON.stringify(doc)))).toBe(renderUbl(doc!));
    const corrected = { ...doc!, number: "2026-000009", preceding: { number: "2026-000001", issueDate: "2026-04-07" } };
    const xml = renderUbl(corrected);
    expect(xml).toMatch(/<cac:BillingReference>\s*<cac:InvoiceDocumentReference>\s*<cbc:ID>2026-000001<\/cbc:ID>\s*<cbc:IssueDate>2026-04-07<\/cbc:IssueDate>/);
    expect(checkEn16931(xml)).toEqual([]);
    expect(invoiceFileName(corrected)).toBe("invoice-2026-000009.xml");
  });
});

describe("the EN 16931 checker catches broken documents", () => {
  const good = renderUbl(documents()[0]!);
  const cases: [string, (xml: string) => string, string][] = [
    ["a line amount changed", (x) => x.replace('<cbc:LineExtensionAmount currencyID="EUR">1.15</cbc:LineExtensionAmount>', '<cbc:LineExtensionAmount currencyID="EUR">1.16</cbc:LineExtensionAmount>'), "BR-CO-10"],
    ["VAT rounded wrong", (x) => x.replace(/<cbc:TaxAmount currencyID="EUR">0.32<\/cbc:TaxAmount>/g, '<cbc:TaxAmount currencyID="EUR">0.31</cbc:TaxAmount>'), "BR-S-09"],
    ["total with VAT off by a cent", (x) => x.replace('<cbc:TaxInclusiveAmount currencyID="EUR">1.77</cbc:TaxInclusiveAmount>', '<cbc:TaxInclusiveAmount currencyID="EUR">1.78</cbc:TaxInclusiveAmount>'), "BR-CO-15"],
    ["amount due off", (x) => x.replace('<cbc:PayableAmount currencyID="EUR">1.77</cbc:PayableAmount>', '<cbc:PayableAmount currencyID="EUR">1.70</cbc:PayableAmount>'), "BR-CO-16"],
    ["three decimals", (x) => x.replace('<cbc:PayableAmount currencyID="EUR">1.77</cbc:PayableAmount>', '<cbc:PayableAmount currencyID="EUR">1.770</cbc:PayableAmount>'), "BR-DEC"],
    ["another currency on one amount", (x) => x.replace('<cbc:PayableAmount currencyID="EUR">', '<cbc:PayableAmount currencyID="USD">'), "BR-CL-03"],
    ["buyer name missing", (x) => x.replace("<cbc:RegistrationName>Anna Rossi</cbc:RegistrationName>", ""), "BR-07"],
    ["seller VAT id missing", (x) => x.replace(/<cac:PartyTaxScheme>[\s\S]*?<\/cac:PartyTaxScheme>/, ""), "BR-S-02"],
    ["not a date", (x) => x.replace("<cbc:IssueDate>2026-04-07</cbc:IssueDate>", "<cbc:IssueDate>2026-02-30</cbc:IssueDate>"), "BR-03"],
    ["wrong specification id", (x) => x.replace("urn:cen.eu:en16931:2017", "urn:example"), "BR-01"],
    ["a VAT breakdown dropped", (x) => x.replace(/<cac:TaxSubtotal>[\s\S]*?<\/cac:TaxSubtotal>/, ""), "BR-S-01"],
    ["negative price", (x) => x.replace('<cbc:PriceAmount currencyID="EUR">1.15</cbc:PriceAmount>', '<cbc:PriceAmount currencyID="EUR">-1.15</cbc:PriceAmount>'), "BR-27"],
    ["period end before start", (x) => x.replace("<cbc:EndDate>2026-03-31</cbc:EndDate>", "<cbc:EndDate>2026-02-01</cbc:EndDate>"), "BR-29"],
    ["malformed XML", (x) => x.replace("</cbc:ID>", "</cbc:Id>"), "XML"],
  ];
  it.each(cases)("%s → %s", (_name, breakIt, rule) => {
    const broken = breakIt(good);
    expect(broken).not.toBe(good);
    expect(checkEn16931(broken).map((p) => p.rule)).toContain(rule);
  });

  it("an exempt (0 %) breakdown needs a reason and no VAT (BR-E-09, BR-E-10)", () => {
    const cn = renderUbl(documents()[1]!);
    expect(checkEn16931(cn)).toEqual([]);
    expect(checkEn16931(cn.replace("<cbc:TaxExemptionReason>Exempt from VAT</cbc:TaxExemptionReason>", "")).map((p) => p.rule)).toContain("BR-E-10");
  });
});
