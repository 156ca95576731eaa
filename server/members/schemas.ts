import { z } from "zod";
import { decimalString, emailAddress, isoDate } from "@/server/shared/validation";
import { text } from "@/server/shared/text";

export const memberKinds = ["CONSUMER", "PRODUCER", "PROSUMER"] as const;
export const directions = ["CONSUMPTION", "INJECTION"] as const;

const optionalText = (max: number, multiline = false) =>
  text({ multiline })
    .trim()
    .max(max)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();

export const memberInput = z.object({
  reference: text().trim().min(1, "Give the member a reference (e.g. contract number).").max(64),
  kind: z.enum(memberKinds, { error: "Use consumer, producer or prosumer." }),
  joinedOn: isoDate,
  name: optionalText(200),
  email: z.union([z.literal("").transform(() => null), emailAddress]).nullable().optional(),
  address: optionalText(500, true),
});
export type MemberInput = z.infer<typeof memberInput>;

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
