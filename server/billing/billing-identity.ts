// An organization's billing identity: what it needs to issue invoices as the seller (EN 16931
// BT-27 legal name, BT-31 VAT identifier, BG-5 postal address, BT-43 e-mail). Pure.
import { z } from "zod";
import type { PartyData } from "./ubl-invoice";

/** ISO 3166-1 alpha-2 codes (officially assigned), for the country of an address. */
export const COUNTRY_CODES = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
    "DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT " +
    "JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI " +
    "NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK " +
    "TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
  ).split(" "),
);

/**
 * The shape of a VAT identifier: an ISO country prefix (Greece uses EL) and 2–13 letters or digits
 * (EN 16931 BR-CO-9). The prefix must be the organization's country (EL for GR).
 */
export const VAT_ID = /^[A-Z]{2}[A-Z0-9]{2,13}$/;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .transform((s) => (s === "" ? null : s))
    .nullable();

export const billingIdentityInput = z
  .object({
    legalName: optionalText(200),
    vatId: z
      .string()
      .trim()
      .toUpperCase()
      .transform((s) => s.replace(/[\s.-]/g, ""))
      .refine((s) => s === "" || VAT_ID.test(s), "A VAT number starts with the country prefix, e.g. IT01234567890.")
      .transform((s) => (s === "" ? null : s))
      .nullable(),
    street: optionalText(200),
    postcode: optionalText(20),
    city: optionalText(100),
    countryCode: z
      .string()
      .trim()
      .toUpperCase()
      .refine((s) => s === "" || COUNTRY_CODES.has(s), "Use a two-letter ISO 3166 country code, e.g. IT.")
      .transform((s) => (s === "" ? null : s))
      .nullable(),
    billingEmail: z
      .string()
      .trim()
      .toLowerCase()
      .refine((s) => s === "" || z.email().safeParse(s).success, "Enter a valid e-mail address.")
      .transform((s) => (s === "" ? null : s))
      .nullable(),
    /** Not part of invoices: a telephone number for the public (a municipality's public pages). Absent: unchanged. */
    publicPhone: z
      .string()
      .trim()
      .refine((s) => s === "" || /^\+?[0-9][0-9 ()./-]{3,30}$/.test(s), "Enter a telephone number, e.g. +39 06 1234 5678.")
      .transform((s) => (s === "" ? null : s))
      .nullable()
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.vatId && v.countryCode && COUNTRY_CODES.has(v.countryCode) && VAT_ID.test(v.vatId)) {
      const prefix = v.countryCode === "GR" ? "EL" : v.countryCode;
      if (!v.vatId.startsWith(prefix)) ctx.addIssue({ code: "custom", path: ["vatId"], message: `A VAT number of ${v.countryCode} starts with ${prefix}.` });
    }
  });

export type BillingIdentityInput = z.input<typeof billingIdentityInput>;
export type BillingIdentity = z.output<typeof billingIdentityInput>;

export interface OrgBilling extends BillingIdentity {
  name: string;
}

/** What is missing for the organization to issue invoices (empty when complete). */
export function missingForInvoices(o: BillingIdentity): string[] {
  const missing: string[] = [];
  if (!o.legalName) missing.push("legal name");
  if (!o.vatId) missing.push("VAT number");
  if (!o.street) missing.push("street");
  if (!o.postcode) missing.push("postcode");
  if (!o.city) missing.push("city");
  if (!o.countryCode) missing.push("country");
  return missing;
}

/** The seller party of an invoice; call only once `missingForInvoices` is empty. */
export function sellerParty(o: BillingIdentity): PartyData {
  return { name: o.legalName!, vatId: o.vatId, street: o.street, postcode: o.postcode, city: o.city, countryCode: o.countryCode!, email: o.billingEmail };
}

/**
 * The buyer party: the member's name and address from their personal data; when that was erased or
 * never given, the member's reference stands in for the name and the address has only the country
 * (the community's, taken from the seller).
 */
export function buyerParty(member: { reference: string; vatId?: string | null; personal: { name: string | null; address: string | null; email: string | null; erasedAt: Date | null } | null }, countryCode: string): PartyData {
  const p = member.personal && !member.personal.erasedAt ? member.personal : null;
  // The member's VAT id (BT-48): a business's fiscal identifier, kept when personal data is erased.
  return { name: p?.name?.trim() || `Member ${member.reference}`, vatId: member.vatId ?? null, street: p?.address?.trim() || null, postcode: null, city: null, countryCode, email: p?.email ?? null };
}
