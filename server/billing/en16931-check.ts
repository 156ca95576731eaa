// A pure checker of the EN 16931 rules Dajie's UBL invoices rely on, run by the tests on every
// document we produce. It parses the XML back (saxes: strict, namespace-aware, no DTD) and checks
// the business rules by number: mandatory terms (BR-01…BR-16, BR-21…BR-27), sums (BR-CO-10…16),
// the VAT breakdown of standard rated (BR-S-*), exempt (BR-E-*) and reverse-charge (BR-AE-*) lines, dates, currency and
// decimals. It is not the official schematron, and it does not replace validation against the
// UBL 2.1 XSD (see schemas/README.md): it states what we claim and fails when we break it.
import { SaxesParser } from "saxes";
import { NS, CUSTOMIZATION_ID } from "./ubl-invoice";

export interface XmlNode {
  uri: string;
  local: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses a whole document into a tree; throws on malformed XML or a DOCTYPE. */
export function parseXmlTree(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  parser.on("doctype", () => {
    throw new Error("DOCTYPE is not allowed");
  });
  parser.on("opentag", (t) => {
    const attrs: Record<string, string> = {};
    for (const [k, a] of Object.entries(t.attributes)) attrs[k] = typeof a === "string" ? a : a.value;
    const node: XmlNode = { uri: t.uri ?? "", local: t.local ?? t.name, attrs, children: [], text: "" };
    if (stack.length) stack.at(-1)!.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on("text", (text) => {
    if (stack.length) stack.at(-1)!.text += text;
  });
  parser.on("closetag", () => void stack.pop());
  parser.on("error", (e) => {
    throw e;
  });
  parser.write(xml).close();
  if (!root) throw new Error("no root element");
  return root;
}

export interface CheckProblem {
  rule: string;
  message: string;
}

type Path = string; // "cac:Party/cbc:Name"

function kids(n: XmlNode | undefined, step: string): XmlNode[] {
  if (!n) return [];
  const [prefix, local] = step.split(":") as ["cac" | "cbc", string];
  return n.children.filter((c) => c.uri === NS[prefix] && c.local === local);
}
function all(n: XmlNode | undefined, path: Path): XmlNode[] {
  return path.split("/").reduce<XmlNode[]>((nodes, step) => nodes.flatMap((x) => kids(x, step)), n ? [n] : []);
}
const one = (n: XmlNode | undefined, path: Path) => all(n, path)[0];
const text = (n: XmlNode | undefined, path: Path) => one(n, path)?.text.trim();

const AMOUNT = /^-?\d+(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string | undefined): boolean {
  if (!s || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Cents of a decimal with at most 2 decimals (BR-DEC-*); null when it is not one. */
function cents(s: string | undefined): bigint | null {
  if (s === undefined || !AMOUNT.test(s)) return null;
  const [int, frac = ""] = s.replace("-", "").split(".");
  const v = BigInt(int!) * 100n + BigInt((frac + "00").slice(0, 2));
  return s.startsWith("-") ? -v : v;
}

/** Basis points of a percentage with at most 2 decimals. */
function bp(s: string | undefined): bigint | null {
  return cents(s);
}

const roundHalfAway = (n: bigint, d: bigint) => (n < 0n ? -((-n * 2n + d) / (2n * d)) : (n * 2n + d) / (2n * d));

export function checkEn16931(xml: string): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const fail = (rule: string, message: string) => problems.push({ rule, message });
  let doc: XmlNode;
  try {
    doc = parseXmlTree(xml);
  } catch (e) {
    return [{ rule: "XML", message: `not well-formed: ${(e as Error).message}` }];
  }
  const credit = doc.local === "CreditNote" && doc.uri === "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
  const invoice = doc.local === "Invoice" && doc.uri === "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
  if (!credit && !invoice) return [{ rule: "UBL", message: `root must be Invoice-2 or CreditNote-2, got {${doc.uri}}${doc.local}` }];
  const lineTag = credit ? "cac:CreditNoteLine" : "cac:InvoiceLine";
  const qtyTag = credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity";

  if (text(doc, "cbc:CustomizationID") !== CUSTOMIZATION_ID) fail("BR-01", `specification identifier (BT-24) must be ${CUSTOMIZATION_ID}`);
  if (!text(doc, "cbc:ID")) fail("BR-02", "invoice number (BT-1) missing");
  if (!validDate(text(doc, "cbc:IssueDate"))) fail("BR-03", "issue date (BT-2) missing or not a date");
  const typeCode = text(doc, credit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode");
  if (!typeCode) fail("BR-04", "type code (BT-3) missing");
  else if (credit ? typeCode !== "381" : !["380", "384", "389", "751"].includes(typeCode)) fail("BR-CL-01", `type code ${typeCode} does not fit ${doc.local}`);
  const currency = text(doc, "cbc:DocumentCurrencyCode");
  if (!currency || !/^[A-Z]{3}$/.test(currency)) fail("BR-05", "document currency (BT-5) missing or not ISO 4217");
  const due = text(doc, "cbc:DueDate");
  if (due !== undefined && !validDate(due)) fail("BR-DATE", "due date (BT-9) is not a date");
  if (due !== undefined && validDate(text(doc, "cbc:IssueDate")) && due < text(doc, "cbc:IssueDate")!) fail("BR-DATE", "due date (BT-9) before the issue date");
  const start = text(doc, "cac:InvoicePeriod/cbc:StartDate");
  const end = text(doc, "cac:InvoicePeriod/cbc:EndDate");
  if (start !== undefined && !validDate(start)) fail("BR-DATE", "period start (BT-73) is not a date");
  if (end !== undefined && !validDate(end)) fail("BR-DATE", "period end (BT-74) is not a date");
  if (start && end && end < start) fail("BR-29", "period end before period start");
  for (const ref of all(doc, "cac:BillingReference/cac:InvoiceDocumentReference")) {
    if (!text(ref, "cbc:ID")) fail("BR-55", "preceding invoice reference (BT-25) without a number");
    const d = text(ref, "cbc:IssueDate");
    if (d !== undefined && !validDate(d)) fail("BR-DATE", "preceding invoice issue date (BT-26) is not a date");
  }

  const seller = one(doc, "cac:AccountingSupplierParty/cac:Party");
  const buyer = one(doc, "cac:AccountingCustomerParty/cac:Party");
  if (!text(seller, "cac:PartyLegalEntity/cbc:RegistrationName")) fail("BR-06", "seller name (BT-27) missing");
  if (!text(buyer, "cac:PartyLegalEntity/cbc:RegistrationName")) fail("BR-07", "buyer name (BT-44) missing");
  if (!one(seller, "cac:PostalAddress")) fail("BR-08", "seller postal address (BG-5) missing");
  if (!/^[A-Z]{2}$/.test(text(seller, "cac:PostalAddress/cac:Country/cbc:IdentificationCode") ?? "")) fail("BR-09", "seller country code (BT-40) missing or not ISO 3166-1 alpha-2");
  if (!one(buyer, "cac:PostalAddress")) fail("BR-10", "buyer postal address (BG-8) missing");
  if (!/^[A-Z]{2}$/.test(text(buyer, "cac:PostalAddress/cac:Country/cbc:IdentificationCode") ?? "")) fail("BR-11", "buyer country code (BT-55) missing or not ISO 3166-1 alpha-2");
  const sellerVat = all(seller, "cac:PartyTaxScheme").find((s) => text(s, "cac:TaxScheme/cbc:ID") === "VAT");
  const sellerVatId = text(sellerVat, "cbc:CompanyID");
  if (sellerVatId !== undefined && !/^[A-Z]{2}[A-Za-z0-9+*.]{2,13}$/.test(sellerVatId)) fail("BR-CO-09", `seller VAT identifier ${sellerVatId} must start with an ISO country prefix`);

  // Every amount: at most two decimals, in the document's currency.
  const amounts: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    if (n.attrs.currencyID !== undefined) amounts.push(n);
    n.children.forEach(walk);
  };
  walk(doc);
  for (const a of amounts) {
    if (cents(a.text.trim()) === null) fail("BR-DEC", `${a.local} "${a.text.trim()}" is not an amount with at most 2 decimals`);
    if (a.attrs.currencyID !== currency) fail("BR-CL-03", `${a.local} in ${a.attrs.currencyID}, document in ${currency}`);
  }

  const total = one(doc, "cac:LegalMonetaryTotal");
  const amt = (n: XmlNode | undefined, path: Path) => cents(text(n, path));
  const lineSum = amt(total, "cbc:LineExtensionAmount");
  const taxExcl = amt(total, "cbc:TaxExclusiveAmount");
  const taxIncl = amt(total, "cbc:TaxInclusiveAmount");
  const payable = amt(total, "cbc:PayableAmount");
  if (lineSum === null) fail("BR-12", "sum of line net amounts (BT-106) missing");
  if (taxExcl === null) fail("BR-13", "total without VAT (BT-109) missing");
  if (taxIncl === null) fail("BR-14", "total with VAT (BT-112) missing");
  if (payable === null) fail("BR-15", "amount due (BT-115) missing");

  const lines = all(doc, lineTag);
  if (lines.length === 0) fail("BR-16", "no invoice line (BG-25)");
  let sum = 0n;
  const byCategory = new Map<string, { category: string; rate: bigint; taxable: bigint }>();
  const ids = new Set<string>();
  for (const [i, l] of lines.entries()) {
    const where = `line ${i + 1}`;
    const id = text(l, "cbc:ID");
    if (!id) fail("BR-21", `${where}: identifier (BT-126) missing`);
    else if (ids.has(id)) fail("BR-21", `${where}: identifier ${id} repeated`);
    else ids.add(id);
    const qty = one(l, qtyTag);
    if (!qty || !/^-?\d+(\.\d+)?$/.test(qty.text.trim())) fail("BR-22", `${where}: quantity (BT-129) missing`);
    if (!qty?.attrs.unitCode) fail("BR-23", `${where}: unit of measure (BT-130) missing`);
    const net = amt(l, "cbc:LineExtensionAmount");
    if (net === null) fail("BR-24", `${where}: net amount (BT-131) missing`);
    else sum += net;
    if (!text(l, "cac:Item/cbc:Name")) fail("BR-25", `${where}: item name (BT-153) missing`);
    const price = amt(l, "cac:Price/cbc:PriceAmount");
    if (price === null) fail("BR-26", `${where}: item net price (BT-146) missing`);
    else if (price < 0n) fail("BR-27", `${where}: item net price (BT-146) negative`);
    // Quantity × price = net (no allowances, no base quantity in our documents).
    if (price !== null && net !== null && qty && /^-?\d+$/.test(qty.text.trim()) && BigInt(qty.text.trim()) * price !== net) fail("BR-LINE", `${where}: quantity × price ≠ net amount`);
    const cat = one(l, "cac:Item/cac:ClassifiedTaxCategory");
    const code = text(cat, "cbc:ID");
    const rate = bp(text(cat, "cbc:Percent"));
    if (!code) {
      fail("BR-CO-04", `${where}: VAT category (BT-151) missing`);
      continue;
    }
    if (code === "S" && (rate === null || rate <= 0n)) fail("BR-S-05", `${where}: standard rated line needs a rate above 0`);
    if (code === "E" && rate !== 0n) fail("BR-E-05", `${where}: exempt line must have rate 0`);
    if (code === "AE" && rate !== 0n) fail("BR-AE-05", `${where}: reverse-charge line must have rate 0`);
    if (code !== "S" && code !== "E" && code !== "AE") fail("BR-CL-17", `${where}: VAT category ${code} is not one Dajie uses`);
    if (net !== null && rate !== null) {
      const key = `${code}|${rate}`;
      const g = byCategory.get(key) ?? { category: code, rate, taxable: 0n };
      g.taxable += net;
      byCategory.set(key, g);
    }
  }
  if (lineSum !== null && lineSum !== sum) fail("BR-CO-10", `sum of line net amounts ${lineSum} ≠ Σ lines ${sum} (cents)`);
  // No document level allowances or charges (BT-107, BT-108): BR-CO-11/12 hold trivially.
  if (one(doc, "cac:AllowanceCharge")) fail("BR-CO-11", "document level allowances/charges are not expected");
  if (lineSum !== null && taxExcl !== null && taxExcl !== lineSum) fail("BR-CO-13", `total without VAT ${taxExcl} ≠ line sum ${lineSum}`);

  const taxTotals = all(doc, "cac:TaxTotal");
  if (taxTotals.length !== 1) fail("BR-CO-14", `expected one VAT total, found ${taxTotals.length}`);
  const taxTotal = amt(taxTotals[0], "cbc:TaxAmount");
  const subtotals = all(taxTotals[0], "cac:TaxSubtotal");
  if (subtotals.length === 0) fail("BR-CO-18", "no VAT breakdown (BG-23)");
  let vatSum = 0n;
  const seen = new Set<string>();
  const br = (code: string, n: string) => `BR-${code === "AE" || code === "E" ? code : "S"}-${n}`;
  const buyerVat = all(buyer, "cac:PartyTaxScheme").find((s) => text(s, "cac:TaxScheme/cbc:ID") === "VAT");
  const buyerVatId = text(buyerVat, "cbc:CompanyID");
  const aeBreakdowns = subtotals.filter((s) => text(s, "cac:TaxCategory/cbc:ID") === "AE").length;
  if ([...byCategory.values()].some((g) => g.category === "AE")) {
    if (aeBreakdowns !== 1) fail("BR-AE-01", `reverse-charge lines need exactly one AE breakdown, found ${aeBreakdowns}`);
    if (!sellerVatId) fail("BR-AE-02", "seller VAT identifier (BT-31) missing on a reverse-charge document");
    if (!buyerVatId) fail("BR-AE-02", "buyer VAT identifier (BT-48) missing on a reverse-charge document");
  }
  for (const s of subtotals) {
    const code = text(s, "cac:TaxCategory/cbc:ID") ?? "";
    const rate = bp(text(s, "cac:TaxCategory/cbc:Percent"));
    const taxable = amt(s, "cbc:TaxableAmount");
    const vat = amt(s, "cbc:TaxAmount");
    const key = `${code}|${rate}`;
    if (taxable === null) fail("BR-45", `breakdown ${code} ${rate}: taxable amount (BT-116) missing`);
    if (vat === null) fail("BR-46", `breakdown ${code} ${rate}: VAT amount (BT-117) missing`);
    if (seen.has(key)) fail(br(code, "08"), `breakdown ${code} ${rate} given twice`);
    seen.add(key);
    const expected = byCategory.get(key)?.taxable ?? null;
    if (expected === null) fail(br(code, "08"), `breakdown ${code} ${rate} has no lines`);
    else if (taxable !== null && taxable !== expected) fail(br(code, "08"), `breakdown ${code} at ${rate} bp: taxable ${taxable} ≠ Σ lines ${expected} (cents)`);
    if (code === "S" && taxable !== null && vat !== null && rate !== null && vat !== roundHalfAway(taxable * rate, 10_000n)) fail("BR-S-09", `breakdown S ${rate} bp: VAT ${vat} ≠ ${taxable} × rate, rounded`);
    if (code === "E") {
      if (vat !== null && vat !== 0n) fail("BR-E-09", "exempt breakdown with VAT other than 0");
      if (!text(s, "cac:TaxCategory/cbc:TaxExemptionReason") && !text(s, "cac:TaxCategory/cbc:TaxExemptionReasonCode")) fail("BR-E-10", "exempt breakdown without an exemption reason");
    }
    if (code === "AE") {
      if (vat !== null && vat !== 0n) fail("BR-AE-09", "reverse-charge breakdown with VAT other than 0");
      const reasonCode = text(s, "cac:TaxCategory/cbc:TaxExemptionReasonCode");
      const reason = text(s, "cac:TaxCategory/cbc:TaxExemptionReason");
      if (reasonCode !== "VATEX-EU-AE" && reason !== "Reverse charge") fail("BR-AE-10", "reverse-charge breakdown without the reason code VATEX-EU-AE or the text \"Reverse charge\"");
    }
    if ((code === "S" || code === "E") && !sellerVatId) fail(code === "E" ? "BR-E-02" : "BR-S-02", "seller VAT identifier (BT-31) missing");
    if (vat !== null) vatSum += vat;
  }
  for (const key of byCategory.keys()) if (!seen.has(key)) fail(br(key.split("|")[0]!, "01"), `lines of ${key.replace("|", " at ")} bp have no breakdown`);
  if (taxTotal === null) fail("BR-CO-14", "VAT total (BT-110) missing");
  else if (taxTotal !== vatSum) fail("BR-CO-14", `VAT total ${taxTotal} ≠ Σ breakdown ${vatSum} (cents)`);
  if (taxExcl !== null && taxTotal !== null && taxIncl !== null && taxIncl !== taxExcl + taxTotal) fail("BR-CO-15", `total with VAT ${taxIncl} ≠ ${taxExcl} + ${taxTotal}`);
  const prepaid = amt(total, "cbc:PrepaidAmount") ?? 0n;
  const rounding = amt(total, "cbc:PayableRoundingAmount") ?? 0n;
  if (taxIncl !== null && payable !== null && payable !== taxIncl - prepaid + rounding) fail("BR-CO-16", `amount due ${payable} ≠ ${taxIncl} − prepaid + rounding`);
  if (payable !== null && payable > 0n && !due && !text(doc, "cac:PaymentTerms/cbc:Note") && !text(doc, "cac:PaymentMeans/cbc:PaymentDueDate")) fail("BR-CO-25", "positive amount due without a due date or payment terms");
  return problems;
}
