// Zod schemas of bank data (member account and mandate, organization bank identity), shared by the
// console forms and the procedures. No server imports.
import { z } from "zod";
import { isoDate } from "@/server/shared/validation";
import { bicProblem, creditorIdProblem, ibanProblem, normalizeBic, normalizeIban } from "./iban";
import { sepaIdProblem } from "./sepa-text";
import { text } from "@/server/shared/text";

const iban = z
  .string()
  .transform(normalizeIban)
  .superRefine((v, ctx) => {
    const p = v === "" ? "Enter the IBAN." : ibanProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: p });
  });

const bic = z
  .string()
  .transform(normalizeBic)
  .superRefine((v, ctx) => {
    const p = v === "" ? null : bicProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: p });
  })
  .transform((v) => (v === "" ? null : v))
  .nullable()
  .optional()
  .transform((v) => v ?? null);

export const mandateSchemes = ["CORE", "B2B"] as const;

const holder = text().trim().min(1, "Enter the account holder's name.").max(70, "At most 70 characters (the SEPA limit).");

export const memberBankInput = z
  .object({
    accountHolder: holder,
    iban,
    bic,
    mandateReference: text()
      .trim()
      .superRefine((v, ctx) => {
        const p = v === "" ? null : sepaIdProblem(v);
        if (p) ctx.addIssue({ code: "custom", message: `The mandate reference ${p}.` });
      })
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    mandateSignedOn: z
      .union([z.literal("").transform(() => null), isoDate])
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    /** SEPA Direct Debit scheme of the mandate (the pain.008 local instrument); absent → CORE. */
    mandateScheme: z
      .enum(mandateSchemes, { error: "Use CORE or B2B (B2B is for businesses only)." })
      .nullable()
      .optional()
      .transform((v) => v ?? "CORE"),
  })
  .superRefine((v, ctx) => {
    if (v.mandateReference && !v.mandateSignedOn) ctx.addIssue({ code: "custom", path: ["mandateSignedOn"], message: "Give the date the mandate was signed." });
    if (!v.mandateReference && v.mandateSignedOn) ctx.addIssue({ code: "custom", path: ["mandateReference"], message: "Give the mandate's reference, or clear the date." });
  });
export type MemberBankInput = z.input<typeof memberBankInput>;
export type MemberBank = z.output<typeof memberBankInput>;

export const orgBankInput = z.object({
  accountHolder: holder,
  iban,
  bic,
  creditorId: z
    .string()
    .transform((v) => v.replace(/\s+/g, "").toUpperCase())
    .superRefine((v, ctx) => {
      const p = v === "" ? null : creditorIdProblem(v);
      if (p) ctx.addIssue({ code: "custom", message: p });
    })
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});
export type OrgBankInput = z.input<typeof orgBankInput>;
export type OrgBank = z.output<typeof orgBankInput>;

/** "IT60 X054 …" → "IT60 •••• •••• 3456": enough for a person to recognise their account. */
export const maskIban = (iban: string) => `${iban.slice(0, 4)} ${"•".repeat(Math.max(0, iban.length - 8))} ${iban.slice(-4)}`;
