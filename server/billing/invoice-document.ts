// The document an invoice is rendered from (ubl-invoice.ts), as stored in invoice.document (JSON,
// bigints as strings). Every read of the column goes through this schema, so a stored document that
// is not one fails loudly instead of rendering half an invoice. Pure.
import { z } from "zod";

const cents = z.string().regex(/^-?\d+$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const partyDataSchema = z.object({
  name: z.string(),
  vatId: z.string().nullable(),
  street: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  countryCode: z.string(),
  email: z.string().nullable(),
});
export type PartyData = z.infer<typeof partyDataSchema>;

export const invoiceLineDataSchema = z.object({
  /** Item name (BT-153). */
  name: z.string(),
  /** Item description (BT-154): energy and metering points. */
  description: z.string(),
  /** Line note (BT-127): the ledger entry, or that the fee is not one. */
  note: z.string(),
  /** Line net amount in cents, document sign (BT-131). */
  netCents: cents,
  /** VAT rate in basis points. */
  vatRateBp: z.number().int(),
  /** VAT category (BT-151); absent in documents issued before reverse charge: 0 → E (exempt), else S (standard). */
  vatCategory: z.enum(["S", "E", "AE"]).optional(),
});
export type InvoiceLineData = z.infer<typeof invoiceLineDataSchema>;

/** Everything an invoice is rendered from. */
export const invoiceDocumentSchema = z.object({
  typeCode: z.union([z.literal(380), z.literal(381)]),
  number: z.string(),
  issueDate: isoDate,
  /** Invoices only: issue date + payment terms (BT-9). */
  dueDate: isoDate.nullable(),
  currency: z.literal("EUR"),
  buyerReference: z.string(),
  period: z.object({ start: isoDate, end: isoDate }),
  notes: z.array(z.string()),
  paymentTerms: z.string(),
  preceding: z.object({ number: z.string(), issueDate: isoDate }).nullable(),
  seller: partyDataSchema,
  buyer: partyDataSchema,
  lines: z.array(invoiceLineDataSchema),
});
export type InvoiceDocument = z.infer<typeof invoiceDocumentSchema>;

/** A stored invoice.document, checked. */
export const parseInvoiceDocument = (json: unknown): InvoiceDocument => invoiceDocumentSchema.parse(json);
