// A run of two members for the UBL tests: a consumer charged 1.15 € (an invoice, 380) and a producer
// credited 1.15 € (a credit note, 381), under three sets of VAT and fee terms, plus a correction that
// names the original invoice. ubl-invoice.test.ts checks them with our own checker, ubl-xsd.test.ts
// with the official UBL 2.1 XSD and the EN 16931 rules.
import { billingLines, type ExportEntry, type ExportMember, type ExportRun, type BillingTerms } from "./billing-lines";
import { buildInvoiceDocument, type InvoiceDocument, type PartyData } from "./ubl-invoice";

export const RUN: ExportRun = {
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
export const members = new Map<string, ExportMember>([
  ["m1", { reference: "R001", pseudonym: "M-A", consumptionPoints: ["IT001E1"], injectionPoints: [] }],
  ["p1", { reference: "R004", pseudonym: "M-P", consumptionPoints: ["IT001E8"], injectionPoints: ["IT001E9"] }],
  // A farmer registered for VAT whose supplies to the community are under reverse charge.
  ["r1", { reference: "R005", pseudonym: "M-R", consumptionPoints: [], injectionPoints: ["IT001E7"], reverseCharge: true }],
]);
const entries: ExportEntry[] = [
  { seq: 1n, kind: "SHARED_ENERGY_DEBIT", account: "PC:M-A", memberId: "m1", amountCents: -115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(1) },
  { seq: 2n, kind: "SHARED_ENERGY_COLLECTED", account: "CC", memberId: null, amountCents: 115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(2) },
  { seq: 3n, kind: "SHARED_ENERGY_CREDIT", account: "PC:M-P", memberId: "p1", amountCents: 115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(3) },
  { seq: 4n, kind: "SHARED_ENERGY_PAID", account: "CC", memberId: null, amountCents: -115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(4) },
];
/** The reverse-charge producer's entries: 1.15 € for shared energy and 0.40 € of incentive credited. */
export const reverseChargeEntries: ExportEntry[] = [
  { seq: 5n, kind: "SHARED_ENERGY_CREDIT", account: "PC:M-R", memberId: "r1", amountCents: 115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(5) },
  { seq: 6n, kind: "SHARED_ENERGY_PAID", account: "CC", memberId: null, amountCents: -115n, energyMWh: 9_600_000n, reversesSeq: null, hash: h(6) },
  { seq: 7n, kind: "INCENTIVE_CREDIT", account: "PC:M-R", memberId: "r1", amountCents: 40n, energyMWh: 0n, reversesSeq: null, hash: h(7) },
  { seq: 8n, kind: "INCENTIVE_PAID", account: "CC", memberId: null, amountCents: -40n, energyMWh: 0n, reversesSeq: null, hash: h(8) },
];
/** The farmer as the buyer party of the credit note: with its VAT id (BR-AE-02). */
export const reverseChargeBuyer: PartyData = { name: "Azienda Agricola Verdi", vatId: "IT09876543210", street: "Strada dei Campi 3", postcode: "20080", city: "Zibido", countryCode: "IT", email: null };
export const seller: PartyData = { name: "Helios Energy Services S.r.l.", vatId: "IT01234567890", street: "Via dei Mille 5", postcode: "20121", city: "Milano", countryCode: "IT", email: "billing@helios.example" };
export const buyer = (name: string): PartyData => ({ name, vatId: null, street: "Via del Sole 1 <Scala A> & B", postcode: null, city: null, countryCode: "IT", email: null });

export const DEFAULT_TERMS: BillingTerms = { chargesBp: 2200, creditsBp: 0, feeCreditsBp: 1000, feeFixedCents: 30 };
/** The other term sets every document is also generated under: VAT on both sides, and no VAT and no fee. */
export const OTHER_TERMS: BillingTerms[] = [
  { chargesBp: 1000, creditsBp: 1000, feeCreditsBp: 0, feeFixedCents: 0 },
  { chargesBp: 0, creditsBp: 0, feeCreditsBp: 0, feeFixedCents: 0 },
];

/** [invoice of m1, credit note of p1] under `terms`. */
export function documents(terms: BillingTerms = DEFAULT_TERMS): InvoiceDocument[] {
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

/** The reverse-charge producer's credit note (381) under `terms`: credits in category AE, the fee in S. */
export function reverseChargeDocument(terms: BillingTerms = DEFAULT_TERMS): InvoiceDocument {
  const x = billingLines(RUN, [...entries, ...reverseChargeEntries], members, terms);
  return buildInvoiceDocument({
    run: RUN,
    lines: x.lines.filter((l) => l.memberId === "r1"),
    number: "2026-000003",
    issueDate: "2026-04-07",
    paymentTermsDays: 30,
    seller,
    buyer: reverseChargeBuyer,
    buyerReference: "R005",
    preceding: null,
  });
}

/** Corrections of both documents: new numbers, each naming the original (BillingReference). */
export function corrections(): InvoiceDocument[] {
  return documents().map((doc, i) => ({ ...doc, number: `2026-${String(i + 9).padStart(6, "0")}`, preceding: { number: doc.number, issueDate: "2026-04-07" } }));
}

/** Every document the UBL tests generate: both documents and the reverse-charge credit note under every term set, and both corrections. */
export function allDocuments(): InvoiceDocument[] {
  return [...documents(), ...OTHER_TERMS.flatMap((t) => documents(t)), ...corrections(), ...[DEFAULT_TERMS, ...OTHER_TERMS].map((t) => reverseChargeDocument(t))];
}
