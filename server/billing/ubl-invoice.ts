// EN 16931 invoices and credit notes in UBL 2.1 syntax, one per member and run. Pure: the document
// (what is stored with the invoice) is built from the export lines, and the XML is rendered from
// the document alone, so a stored invoice renders to the same bytes on every download.
// Element order follows the UBL 2.1 schemas (UBL-Invoice-2.1.xsd, UBL-CreditNote-2.1.xsd); only
// elements of the EN 16931 UBL binding are used. Amounts are in the document's sign: an invoice
// (380) when the member owes money overall, a credit note (381), with every amount turned, when the
// member is owed money.
import { divRoundHalfUp, formatDecimal } from "../settlement/decimal";
import { addDays, lastDayOf } from "../shared/iso-date";
import { categoryOfRate, type ExportLine, type ExportRun, type VatCategory } from "./billing-lines";
import type { InvoiceDocument, InvoiceLineData, PartyData } from "./invoice-document";

export type { InvoiceDocument, InvoiceLineData, PartyData } from "./invoice-document";

export const CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017";
export const NS = {
  invoice: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
  creditNote: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
  cac: "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
  cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
} as const;

export interface InvoiceTotals {
  netCents: bigint;
  vatCents: bigint;
  grossCents: bigint;
  breakdown: { category: VatCategory; rateBp: number; taxableCents: bigint; vatCents: bigint }[];
}

const EXEMPTION_REASON = "Exempt from VAT";
/** BR-AE-10: the exemption reason code (CEF VATEX list) and text of a reverse-charge breakdown. */
export const REVERSE_CHARGE_REASON = { code: "VATEX-EU-AE", text: "Reverse charge" } as const;
/** The legal note (BT-22) of a document with reverse-charge lines (docs/adr/0010-member-types-vat-and-mandates.md). */
export const REVERSE_CHARGE_NOTE =
  "Reverse charge: the energy the member supplied to the community is invoiced without VAT; the VAT is accounted for by the community's invoicing organization as the recipient of the supply (Council Directive 2006/112/EC, Article 199a(1), and the national rule that applies it).";

/** A line's category: the one stored, or (documents issued before reverse charge) from its rate. */
export const lineCategory = (l: Pick<InvoiceLineData, "vatRateBp" | "vatCategory">): VatCategory => l.vatCategory ?? categoryOfRate(l.vatRateBp);

const CATEGORY_ORDER: Record<VatCategory, number> = { S: 0, E: 1, AE: 2 };

/** VAT breakdown per category and rate (BR-S-08/09, BR-E-08/09, BR-AE-08/09) and the document totals (BR-CO-10..16). */
export function invoiceTotals(lines: readonly InvoiceLineData[]): InvoiceTotals {
  const groups = new Map<string, { category: VatCategory; rateBp: number; taxableCents: bigint }>();
  for (const l of lines) {
    const category = lineCategory(l);
    const key = `${category}|${l.vatRateBp}`;
    const g = groups.get(key) ?? { category, rateBp: l.vatRateBp, taxableCents: 0n };
    g.taxableCents += BigInt(l.netCents);
    groups.set(key, g);
  }
  // Rate order, as before reverse charge; at the same rate, S, E, then AE.
  const breakdown = [...groups.values()]
    .sort((a, b) => a.rateBp - b.rateBp || CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category])
    .map((g) => ({ ...g, vatCents: g.category === "S" ? divRoundHalfUp(g.taxableCents * BigInt(g.rateBp), 10_000n) : 0n }));
  const netCents = lines.reduce((s, l) => s + BigInt(l.netCents), 0n);
  const vatCents = breakdown.reduce((s, b) => s + b.vatCents, 0n);
  return { netCents, vatCents, grossCents: netCents + vatCents, breakdown };
}

export interface BuildInvoiceInput {
  run: ExportRun;
  /** This member's export lines (member's view: positive = owed by the member). */
  lines: readonly ExportLine[];
  number: string;
  issueDate: string;
  paymentTermsDays: number;
  seller: PartyData;
  buyer: PartyData;
  buyerReference: string;
  preceding: { number: string; issueDate: string } | null;
}

/** The document of one member's invoice or credit note for a run. */
export function buildInvoiceDocument(x: BuildInvoiceInput): InvoiceDocument {
  if (x.lines.length === 0) throw new Error("an invoice needs at least one line");
  const gross = x.lines.reduce((s, l) => s + l.netCents + l.vatCents, 0n);
  const credit = gross < 0n;
  const sign = credit ? -1n : 1n;
  const { run } = x;
  return {
    typeCode: credit ? 381 : 380,
    number: x.number,
    issueDate: x.issueDate,
    dueDate: credit ? null : addDays(x.issueDate, x.paymentTermsDays),
    currency: "EUR",
    buyerReference: x.buyerReference,
    period: { start: run.periodStart, end: lastDayOf(run.periodEnd) },
    notes: [
      `Energy community ${run.communitySlug}, settlement run ${run.id} version ${run.version}${run.correctsId ? ` (corrects run ${run.correctsId})` : ""}.`,
      `Ledger checkpoint: tree size ${run.checkpointSize}, root ${run.checkpointRoot}.`,
      ...(x.lines.some((l) => l.vatCategory === "AE") ? [REVERSE_CHARGE_NOTE] : []),
    ],
    paymentTerms: credit ? `Credited to the member within ${x.paymentTermsDays} days.` : `Payable within ${x.paymentTermsDays} days of the issue date.`,
    preceding: x.preceding,
    seller: x.seller,
    buyer: x.buyer,
    lines: x.lines.map((l) => ({
      name: l.item,
      description: [l.energyKWh ? `${l.energyKWh} kWh` : "", l.unitPriceEurPerKWh ? `at ${l.unitPriceEurPerKWh} EUR/kWh` : "", l.meteringPoint ? `metering point ${l.meteringPoint}` : ""].filter(Boolean).join(", ") || l.item,
      note: l.entryHash ? `Ledger entry ${l.entrySeq}, hash ${l.entryHash}` : "Community fee: not a ledger entry",
      netCents: (l.netCents * sign).toString(),
      vatRateBp: l.vatRateBp,
      vatCategory: l.vatCategory,
    })),
  };
}

// ─────────────── XML ───────────────

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const amount = (cents: bigint) => formatDecimal(cents, 2);
const percent = (bp: number) => formatDecimal(BigInt(bp), 2);

type Node = [name: string, content: string | Node[] | null, attrs?: Record<string, string>];

function write(node: Node, depth: number, out: string[]): void {
  const [name, content, attrs] = node;
  if (content === null) return; // optional element left out
  if (Array.isArray(content) && content.length === 0) return;
  const pad = "  ".repeat(depth);
  const a = attrs ? Object.entries(attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join("") : "";
  if (typeof content === "string") {
    out.push(`${pad}<${name}${a}>${esc(content)}</${name}>`);
    return;
  }
  out.push(`${pad}<${name}${a}>`);
  for (const child of content) write(child, depth + 1, out);
  out.push(`${pad}</${name}>`);
}

function party(p: PartyData): Node[] {
  return [
    [
      "cac:Party",
      [
        ["cac:PartyName", [["cbc:Name", p.name]]],
        [
          "cac:PostalAddress",
          [
            ["cbc:StreetName", p.street],
            ["cbc:CityName", p.city],
            ["cbc:PostalZone", p.postcode],
            ["cac:Country", [["cbc:IdentificationCode", p.countryCode]]],
          ],
        ],
        ["cac:PartyTaxScheme", p.vatId ? [["cbc:CompanyID", p.vatId], ["cac:TaxScheme", [["cbc:ID", "VAT"]]]] : null],
        ["cac:PartyLegalEntity", [["cbc:RegistrationName", p.name]]],
        ["cac:Contact", p.email ? [["cbc:ElectronicMail", p.email]] : null],
      ],
    ],
  ];
}

function taxCategory(tag: string, category: VatCategory, rateBp: number): Node {
  // The exemption reason belongs to the breakdown (BT-120/121), not to the line's category.
  const reason: Node[] =
    tag !== "cac:TaxCategory"
      ? []
      : category === "E"
        ? [["cbc:TaxExemptionReason", EXEMPTION_REASON]]
        : category === "AE"
          ? [
              ["cbc:TaxExemptionReasonCode", REVERSE_CHARGE_REASON.code],
              ["cbc:TaxExemptionReason", REVERSE_CHARGE_REASON.text],
            ]
          : [];
  return [tag, [["cbc:ID", category], ["cbc:Percent", percent(rateBp)], ...reason, ["cac:TaxScheme", [["cbc:ID", "VAT"]]]]];
}

/** The UBL 2.1 XML of an invoice (380) or credit note (381), UTF-8, LF line ends. */
export function renderUbl(doc: InvoiceDocument): string {
  const credit = doc.typeCode === 381;
  const root = credit ? "CreditNote" : "Invoice";
  const cur = { currencyID: doc.currency };
  const t = invoiceTotals(doc.lines);
  const children: Node[] = [
    ["cbc:CustomizationID", CUSTOMIZATION_ID],
    ["cbc:ID", doc.number],
    ["cbc:IssueDate", doc.issueDate],
    ...(credit ? [] : ([["cbc:DueDate", doc.dueDate]] as Node[])),
    [credit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode", String(doc.typeCode)],
    ...doc.notes.map((n): Node => ["cbc:Note", n]),
    ["cbc:DocumentCurrencyCode", doc.currency],
    ["cbc:BuyerReference", doc.buyerReference],
    [
      "cac:InvoicePeriod",
      [
        ["cbc:StartDate", doc.period.start],
        ["cbc:EndDate", doc.period.end],
      ],
    ],
    [
      "cac:BillingReference",
      doc.preceding
        ? [
            [
              "cac:InvoiceDocumentReference",
              [
                ["cbc:ID", doc.preceding.number],
                ["cbc:IssueDate", doc.preceding.issueDate],
              ],
            ],
          ]
        : null,
    ],
    ["cac:AccountingSupplierParty", party(doc.seller)],
    ["cac:AccountingCustomerParty", party(doc.buyer)],
    ["cac:PaymentTerms", [["cbc:Note", doc.paymentTerms]]],
    [
      "cac:TaxTotal",
      [
        ["cbc:TaxAmount", amount(t.vatCents), cur],
        ...t.breakdown.map(
          (b): Node => [
            "cac:TaxSubtotal",
            [
              ["cbc:TaxableAmount", amount(b.taxableCents), cur],
              ["cbc:TaxAmount", amount(b.vatCents), cur],
              taxCategory("cac:TaxCategory", b.category, b.rateBp),
            ],
          ],
        ),
      ],
    ],
    [
      "cac:LegalMonetaryTotal",
      [
        ["cbc:LineExtensionAmount", amount(t.netCents), cur],
        ["cbc:TaxExclusiveAmount", amount(t.netCents), cur],
        ["cbc:TaxInclusiveAmount", amount(t.grossCents), cur],
        ["cbc:PayableAmount", amount(t.grossCents), cur],
      ],
    ],
    ...doc.lines.map((l, i): Node => {
      const net = BigInt(l.netCents);
      // A negative line is a quantity of −1 at a positive price (BR-27: the price is never negative).
      return [
        credit ? "cac:CreditNoteLine" : "cac:InvoiceLine",
        [
          ["cbc:ID", String(i + 1)],
          ["cbc:Note", l.note],
          [credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", net < 0n ? "-1" : "1", { unitCode: "C62" }],
          ["cbc:LineExtensionAmount", amount(net), cur],
          [
            "cac:Item",
            [
              ["cbc:Description", l.description],
              ["cbc:Name", l.name],
              taxCategory("cac:ClassifiedTaxCategory", lineCategory(l), l.vatRateBp),
            ],
          ],
          ["cac:Price", [["cbc:PriceAmount", amount(net < 0n ? -net : net), cur]]],
        ],
      ];
    }),
  ];
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write([root, children, { xmlns: credit ? NS.creditNote : NS.invoice, "xmlns:cac": NS.cac, "xmlns:cbc": NS.cbc }], 0, out);
  return `${out.join("\n")}\n`;
}

/** File name of an invoice: its number, made safe for a file system. */
export function invoiceFileName(doc: Pick<InvoiceDocument, "number" | "typeCode">): string {
  return `${doc.typeCode === 381 ? "credit-note" : "invoice"}-${doc.number.replace(/[^A-Za-z0-9._-]/g, "_")}.xml`;
}
