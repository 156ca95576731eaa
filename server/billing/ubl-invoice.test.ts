import { describe, expect, it } from "vitest";
import { checkEn16931, parseXmlTree } from "./en16931-check";
import { invoiceFileName, invoiceTotals, NS, renderUbl } from "./ubl-invoice";
import { allDocuments, corrections, documents, reverseChargeDocument, RUN } from "./ubl-test-fixture";

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
    for (const doc of allDocuments()) {
      const xml = renderUbl(doc);
      expect(checkEn16931(xml)).toEqual([]);
      const root = parseXmlTree(xml);
      expect(root.uri).toBe(doc.typeCode === 380 ? NS.invoice : NS.creditNote);
      expect(xml).toContain(`root ${"ab".repeat(32)}`);
      expect(xml).toContain(RUN.id);
      expect(xml).toMatch(/Ledger entry [1357], hash (1{64}|3{64}|5{64}|7{64})/);
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
    const corrected = corrections()[0]!;
    expect(corrected).toMatchObject({ number: "2026-000009", preceding: { number: "2026-000001", issueDate: "2026-04-07" } });
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

describe("a reverse-charge credit note (VAT category AE)", () => {
  it("farmer credited 1.15 € energy + 0.40 € incentive under reverse charge, fee 10 % of 1.55 = 0.155 → 0.16 + 0.30 at 22 %: credit note 381, AE 1.55 at 0 %, S −0.46 with VAT −0.10 (0.1012), payable 0.99 €", () => {
    const doc = reverseChargeDocument();
    expect(doc.typeCode).toBe(381);
    expect(doc.lines.map((l) => [l.netCents, l.vatCategory, l.vatRateBp])).toEqual([
      ["115", "AE", 0],
      ["40", "AE", 0],
      ["-16", "S", 2200],
      ["-30", "S", 2200],
    ]);
    expect(invoiceTotals(doc.lines)).toEqual({
      netCents: 109n,
      vatCents: -10n,
      grossCents: 99n,
      breakdown: [
        { category: "AE", rateBp: 0, taxableCents: 155n, vatCents: 0n },
        { category: "S", rateBp: 2200, taxableCents: -46n, vatCents: -10n },
      ],
    });
    const xml = renderUbl(doc);
    expect(checkEn16931(xml)).toEqual([]);
    expect(xml).toContain("<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>");
    expect(xml).toContain("<cbc:TaxExemptionReason>Reverse charge</cbc:TaxExemptionReason>");
    expect(xml).toContain("<cbc:CompanyID>IT09876543210</cbc:CompanyID>"); // the buyer's VAT id
    expect(xml).toContain("Reverse charge: the energy the member supplied");
    expect(xml).toContain('<cbc:PayableAmount currencyID="EUR">0.99</cbc:PayableAmount>');
  });

  const good = renderUbl(reverseChargeDocument());
  const cases: [string, (xml: string) => string, string][] = [
    ["the buyer's VAT id dropped", (x) => x.replace(/(<cac:AccountingCustomerParty>[\s\S]*?)<cac:PartyTaxScheme>[\s\S]*?<\/cac:PartyTaxScheme>/, "$1"), "BR-AE-02"],
    ["an AE line at 22 %", (x) => x.replace(/(<cac:ClassifiedTaxCategory>\s*<cbc:ID>AE<\/cbc:ID>\s*<cbc:Percent>)0.00/, "$122.00"), "BR-AE-05"],
    ["the reason code and text dropped", (x) => x.replace("<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>", "").replace("<cbc:TaxExemptionReason>Reverse charge</cbc:TaxExemptionReason>", ""), "BR-AE-10"],
  ];
  it.each(cases)("%s → %s", (_name, breakIt, rule) => {
    const broken = breakIt(good);
    expect(broken).not.toBe(good);
    expect(checkEn16931(broken).map((p) => p.rule)).toContain(rule);
  });
});
