import { z } from "zod";
import { decimalString, emailAddress, isoDate } from "@/server/shared/validation";
import { text } from "@/server/shared/text";
import { memberTypes, normalizeVatId, vatFieldProblems, vatIdProblem, vatStatuses } from "./vat-id";

export const memberKinds = ["CONSUMER", "PRODUCER", "PROSUMER"] as const;
export const directions = ["CONSUMPTION", "INJECTION"] as const;

const optionalText = (max: number, multiline = false) =>
  text({ multiline })
    .trim()
    .max(max)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();

/** A VAT id as typed: normalised (upper case, no spaces), its shape checked; empty → null. */
export const vatIdInput = z
  .string()
  .transform(normalizeVatId)
  .superRefine((v, ctx) => {
    const p = v === "" ? null : vatIdProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: p });
  })
  .transform((v) => (v === "" ? null : v))
  .nullable()
  .optional()
  .transform((v) => v ?? null);

export const memberInput = z
  .object({
    reference: text().trim().min(1, "Give the member a reference (e.g. contract number).").max(64),
    kind: z.enum(memberKinds, { error: "Use consumer, producer or prosumer." }),
    joinedOn: isoDate,
    name: optionalText(200),
    email: z.union([z.literal("").transform(() => null), emailAddress]).nullable().optional(),
    address: optionalText(500, true),
    // Member type and VAT (docs/adr/0010-member-types-vat-and-mandates.md); absent → a private member.
    memberType: z.enum(memberTypes, { error: "Use private, company, farmer, association or public body." }).optional().default("PRIVATE"),
    vatId: vatIdInput,
    vatStatus: z.enum(vatStatuses, { error: "Use not registered, registered or reverse charge." }).optional().default("NOT_REGISTERED"),
  })
  .superRefine((v, ctx) => {
    for (const p of vatFieldProblems(v)) ctx.addIssue({ code: "custom", path: [p.field], message: p.message });
  });
export type MemberInput = z.infer<typeof memberInput>;
/** What a form or a caller may send: the member type and VAT fields may be left out. */
export type MemberInputIn = z.input<typeof memberInput>;

export const meteringPointInput = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .min(4, "Too short for a metering point id.")
      .max(64)
      .regex(/^[A-Z0-9][A-Z0-9.\-_ ]*$/, "Use the grid operator's id: letters, digits, dots or hyphens."),
    direction: z.enum(directions, { error: "Use consumption or injection." }),
    capacityKw: decimalString(3, "capacity in kW"),
    validFrom: isoDate,
    validTo: isoDate.nullable().optional(),
  })
  .refine((v) => !v.validTo || v.validTo > v.validFrom, { path: ["validTo"], message: "The end must be after the start." });
export type MeteringPointInput = z.infer<typeof meteringPointInput>;
