// Zod schemas of joining a community: the public application form (shared by the join page and the
// submit route), the community's join settings and documents, and the administrator's decisions.
// No server imports: the join page's client component validates with the same schema.
import { z } from "zod";
import { memberBankInput } from "@/server/billing/bank-schemas";
import { directions, meteringPointInput } from "@/server/members/schemas";
import { text } from "@/server/shared/text";
import { LOCALES } from "@/server/i18n/locales";
import { decimalString, emailAddress, isoDate } from "@/server/shared/validation";

export const APPLICANT_TYPES = ["PRIVATE", "COMPANY", "FARMER", "ASSOCIATION", "PUBLIC_BODY"] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const DOCUMENT_KINDS = ["STATUTES", "PRIVACY"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** At most this many metering points in one application (a household has one or two). */
export const MAX_JOIN_POINTS = 10;

const joinPoint = z.object({
  // The same rule as the console's metering point form.
  code: meteringPointInput.shape.code,
  direction: z.enum(directions, { error: "Use consumption or injection." }),
  /** The applicant may not know it: empty = unknown (stored as 0, the reading bounds' "unknown"). */
  capacityKw: z.union([z.literal("").transform(() => "0"), decimalString(3, "capacity in kW")]).optional().transform((v) => v ?? "0"),
});
export type JoinPoint = z.output<typeof joinPoint>;

export const joinApplication = z
  .object({
    locale: z.enum(LOCALES),
    applicantType: z.enum(APPLICANT_TYPES, { error: "Choose what you are joining as." }),
    name: text().trim().min(1, "Enter your name.").max(200),
    email: emailAddress,
    address: text({ multiline: true }).trim().min(1, "Enter your address.").max(500),
    points: z.array(joinPoint).min(1, "Give at least one metering point.").max(MAX_JOIN_POINTS, `At most ${MAX_JOIN_POINTS} metering points.`),
    acceptedDocumentIds: z.array(z.uuid()).max(DOCUMENT_KINDS.length),
    bank: z.object({ accountHolder: memberBankInput.shape.accountHolder, iban: memberBankInput.shape.iban }).nullable().optional().transform((v) => v ?? null),
    mandateConsent: z.boolean().optional().transform((v) => v ?? false),
    /** The honeypot: hidden from people, filled by bots. A filled one is dropped without a word. */
    website: z.string().max(1000).optional(),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.points.forEach((p, i) => {
      const key = `${p.code} ${p.direction}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["points", i, "code"], message: "This metering point and direction is already in the list." });
      seen.add(key);
    });
    if (v.mandateConsent && !v.bank) ctx.addIssue({ code: "custom", path: ["mandateConsent"], message: "A direct-debit mandate needs a bank account." });
  });
export type JoinApplicationInput = z.input<typeof joinApplication>;
export type JoinApplication = z.output<typeof joinApplication>;

const documentLink = z.object({
  title: text().trim().min(1, "Give the document a title.").max(200),
  url: z
    .url({ protocol: /^https?$/, error: "Use an http(s) link." })
    .max(2000),
});

export const joinSettingsInput = z.object({
  joinEnabled: z.boolean(),
  /** Per kind: the link and title to publish (a change makes a new version), or null for none. */
  documents: z.object({ STATUTES: documentLink.nullable(), PRIVACY: documentLink.nullable() }),
});
export type JoinSettingsInput = z.infer<typeof joinSettingsInput>;

export const approveInput = z.object({
  requestId: z.uuid(),
  reference: text().trim().min(1, "Give the member a reference (e.g. contract number).").max(64),
  joinedOn: isoDate,
});
export const declineInput = z.object({
  requestId: z.uuid(),
  reason: text({ multiline: true }).trim().min(1, "Say why: the applicant reads it.").max(2000),
});

/** The member's kind from the directions of their points: both → prosumer. Pure. */
export function memberKindOf(points: { direction: "CONSUMPTION" | "INJECTION" }[]): "CONSUMER" | "PRODUCER" | "PROSUMER" {
  const consumes = points.some((p) => p.direction === "CONSUMPTION");
  const injects = points.some((p) => p.direction === "INJECTION");
  return consumes && injects ? "PROSUMER" : injects ? "PRODUCER" : "CONSUMER";
}
