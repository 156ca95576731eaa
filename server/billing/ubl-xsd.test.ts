// Our UBL documents against the official validators: the OASIS UBL 2.1 XSDs (xmllint as WebAssembly)
// and the CEN EN 16931 business rules for UBL (Saxon-HE, one JVM for every document of this file).
// The files come from ../shared/schemas or DAJIE_SCHEMAS_DIR (schemas/README.md); without them, or
// without Saxon, these tests fail under CI=true and are skipped, with the reason, elsewhere.
// The standard's own example invoice and credit note go through the same path (they must pass), and
// broken copies must fail: the harness can fail.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { checkEn16931Rules, itOfficial, schemasDir, validateXsd, type NamedXml } from "@/server/test/official-schemas";
import { renderUbl } from "./ubl-invoice";
import { allDocuments } from "./ubl-test-fixture";

const example = (file: string) => readFileSync(join(schemasDir, "en16931", file), "utf8");

/** Every UBL document the unit tests generate (ubl-test-fixture: 3 term sets × 2, 2 corrections, 3 reverse-charge credit notes). */
const generated = (): NamedXml[] =>
  allDocuments().map((doc, i) => ({
    name: `${i + 1}: ${doc.typeCode === 380 ? "invoice" : "credit note"}${doc.lines.some((l) => l.vatCategory === "AE") ? " under reverse charge (AE)" : ""} ${doc.number}${doc.preceding ? ` correcting ${doc.preceding.number}` : ""}, VAT ${[...new Set(doc.lines.map((l) => l.vatRateBp / 100))].join("/")} %`,
    xml: renderUbl(doc),
  }));

describe("UBL 2.1 XSD validation", () => {
  it("the xmllint harness: a schema importing another from ../common validates a good document and rejects a bad one", async () => {
    const files = [
      { fileName: "xsdrt/common/parts.xsd", contents: `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t:parts" elementFormDefault="qualified"><xs:element name="Amount" type="xs:decimal"/></xs:schema>` },
      {
        fileName: "xsdrt/maindoc/doc.xsd",
        contents: `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:p="urn:t:parts" targetNamespace="urn:t:doc" elementFormDefault="qualified"><xs:import namespace="urn:t:parts" schemaLocation="../common/parts.xsd"/><xs:element name="Doc"><xs:complexType><xs:sequence><xs:element ref="p:Amount"/></xs:sequence></xs:complexType></xs:element></xs:schema>`,
      },
    ];
    const validate = (xml: string) => validateXML({ xml: { fileName: "document.xml", contents: xml }, schema: files[1]!, preload: [files[0]!] });
    expect((await validate(`<Doc xmlns="urn:t:doc" xmlns:p="urn:t:parts"><p:Amount>1.50</p:Amount></Doc>`)).valid).toBe(true);
    const bad = await validate(`<Doc xmlns="urn:t:doc" xmlns:p="urn:t:parts"><p:Amount>one</p:Amount></Doc>`);
    expect(bad.valid).toBe(false);
    expect(bad.errors.map((e) => e.message).join("\n")).toMatch(/'one' is not a valid value of the atomic type 'xs:decimal'/);
  });

  itOfficial("the standard's example invoice and credit note are valid UBL 2.1; a copy with an unknown element is not", { xsd: ["invoice", "creditNote"] }, async () => {
    const invoice = example("ubl-tc434-example1.xml");
    const broken = invoice.replace("<cbc:DueDate>", "<cbc:Colour>green</cbc:Colour><cbc:DueDate>");
    expect(broken).not.toBe(invoice);
    const result = await validateXsd([
      { name: "example invoice", xml: invoice },
      { name: "example credit note", xml: example("ubl-tc434-creditnote1.xml") },
      { name: "broken", xml: broken },
    ]);
    expect(result.get("example invoice")).toEqual([]);
    expect(result.get("example credit note")).toEqual([]);
    expect(result.get("broken")!.join("\n")).toMatch(/Colour.*This element is not expected/);
  }, 30_000);

  itOfficial("11 generated documents (invoices 380, credit notes 381 — 3 of them under reverse charge, AE —, corrections with a BillingReference) are valid against UBL-Invoice-2.1.xsd / UBL-CreditNote-2.1.xsd", { xsd: ["invoice", "creditNote"] }, async () => {
    const docs = generated();
    expect(docs).toHaveLength(11);
    expect(docs.filter((d) => d.name.includes("reverse charge"))).toHaveLength(3);
    const result = await validateXsd(docs);
    expect(docs.flatMap((d) => result.get(d.name)!.map((e) => `${d.name}: ${e}`))).toEqual([]);
  }, 30_000);
});

describe("EN 16931 business rules (the official schematron, run by Saxon-HE)", () => {
  // One Saxon run (a JVM start and compiling the rules take ~5 s here, more on a busy machine) for the
  // standard's examples, two broken copies and every generated document.
  itOfficial("examples pass with 0 fatal; TaxInclusiveAmount +0.01 breaks BR-CO-15, a missing seller name BR-06; all 11 generated documents (3 reverse-charge credit notes among them) pass with 0 fatal; a reverse-charge credit note without the buyer's VAT id breaks BR-AE-02", { rules: true }, async () => {
    const invoice = example("ubl-tc434-example1.xml");
    const offByACent = invoice.replace('<cbc:TaxInclusiveAmount currencyID="EUR">250.33</cbc:TaxInclusiveAmount>', '<cbc:TaxInclusiveAmount currencyID="EUR">250.34</cbc:TaxInclusiveAmount>');
    const noSellerName = invoice.replace(/(<cac:AccountingSupplierParty>[\s\S]*?)<cbc:RegistrationName>[^<]*<\/cbc:RegistrationName>/, "$1");
    expect(offByACent).not.toBe(invoice);
    expect(noSellerName).not.toBe(invoice);
    const reverseCharge = generated().find((d) => d.name.includes("reverse charge"))!;
    const noBuyerVatId = reverseCharge.xml.replace(/(<cac:AccountingCustomerParty>[\s\S]*?)<cac:PartyTaxScheme>[\s\S]*?<\/cac:PartyTaxScheme>/, "$1");
    expect(noBuyerVatId).not.toBe(reverseCharge.xml);
    const docs = [
      { name: "example invoice", xml: invoice },
      { name: "example credit note", xml: example("ubl-tc434-creditnote1.xml") },
      { name: "off by a cent", xml: offByACent },
      { name: "no seller name", xml: noSellerName },
      ...generated(),
      { name: "reverse charge without the buyer's VAT id", xml: noBuyerVatId },
    ];
    const reports = await checkEn16931Rules(docs);
    const fatalIds = (name: string) => reports.get(name)!.fatal.map((f) => f.id);
    expect(fatalIds("example invoice")).toEqual([]);
    expect(fatalIds("example credit note")).toEqual([]);
    expect(reports.get("example invoice")!.firedRules).toBeGreaterThan(50);
    expect(fatalIds("off by a cent")).toContain("BR-CO-15");
    expect(fatalIds("no seller name")).toContain("BR-06");
    expect(fatalIds("reverse charge without the buyer's VAT id")).toContain("BR-AE-02");
    const generatedDocs = docs.slice(4, -1);
    expect(generatedDocs).toHaveLength(11);
    const failures = generatedDocs.flatMap((d) => reports.get(d.name)!.fatal.map((f) => `${d.name}: [${f.id}] ${f.text} (at ${f.location})`));
    expect(failures).toEqual([]);
    expect(generatedDocs.filter((d) => reports.get(d.name)!.firedRules === 0).map((d) => d.name)).toEqual([]);
  }, 60_000);
});
