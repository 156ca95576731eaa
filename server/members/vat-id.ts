// A member's VAT identifier and VAT position (docs/adr/0010-member-types-vat-and-mandates.md). Pure,
// no server imports (the console form uses it too).
//
// Shapes: the EU member states' VAT numbers as VIES checks them (prefix + national number; Greece is EL,
// Northern Ireland XI); any other ISO country prefix takes the general shape of EN 16931 BR-CO-9
// (two letters, then 2–13 letters or digits). Check digits are not computed: VIES is the authority,
// and Dajie is offline.

export const memberTypes = ["PRIVATE", "COMPANY", "FARMER", "ASSOCIATION", "PUBLIC_BODY"] as const;
export type MemberType = (typeof memberTypes)[number];
export const vatStatuses = ["NOT_REGISTERED", "REGISTERED", "REVERSE_CHARGE"] as const;
export type VatStatus = (typeof vatStatuses)[number];

/** Types that may carry a VAT id: every type but a private person (see the ADR for associations and public bodies). */
export const VAT_CAPABLE: ReadonlySet<MemberType> = new Set(["COMPANY", "FARMER", "ASSOCIATION", "PUBLIC_BODY"]);

/** National part of an EU VAT number, by VIES prefix. */
const EU_SHAPES: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/** The general shape (EN 16931 BR-CO-9: an ISO 3166 prefix, EL for Greece, then the number). */
const GENERAL = /^[A-Z]{2}[A-Z0-9+*]{2,13}$/;

/** "it 0123 456 7890" → "IT01234567890": upper case, no spaces, dots or hyphens. */
export const normalizeVatId = (s: string) => s.toUpperCase().replace(/[\s.\-]/g, "");

/** Why a (normalised) VAT id is not one, or null when its shape is right. */
export function vatIdProblem(id: string): string | null {
  if (!/^[A-Z]{2}/.test(id)) return "A VAT id starts with its country prefix, e.g. IT01234567890.";
  const prefix = id.slice(0, 2);
  if (prefix === "GR") return "Greek VAT ids start with EL, not GR.";
  const shape = EU_SHAPES[prefix];
  if (shape) return shape.test(id.slice(2)) ? null : `Not the shape of a VAT id of ${prefix} (e.g. ${EXAMPLES[prefix] ?? `${prefix}…`}).`;
  return GENERAL.test(id) ? null : "A VAT id is the country prefix and 2 to 13 letters or digits.";
}

const EXAMPLES: Record<string, string> = { AT: "ATU12345678", DE: "DE123456789", FR: "FRXX123456789", IT: "IT01234567890", ES: "ESX1234567X", NL: "NL123456789B01", BE: "BE0123456789", EL: "EL123456789" };

export interface VatFields {
  memberType: MemberType;
  vatId: string | null;
  vatStatus: VatStatus;
}

/**
 * The rules between type, id and status, as field problems: a VAT id only for a type that can carry one;
 * REGISTERED and REVERSE_CHARGE need the id (EN 16931 BR-AE-02 needs it on a reverse-charge document).
 */
export function vatFieldProblems(v: VatFields): { field: "vatId" | "vatStatus"; message: string }[] {
  const out: { field: "vatId" | "vatStatus"; message: string }[] = [];
  if (!VAT_CAPABLE.has(v.memberType)) {
    if (v.vatId) out.push({ field: "vatId", message: "A private member has no VAT id: choose company, farmer, association or public body." });
    if (v.vatStatus !== "NOT_REGISTERED") out.push({ field: "vatStatus", message: "A private member is not registered for VAT." });
  } else if (v.vatStatus !== "NOT_REGISTERED" && !v.vatId) {
    out.push({ field: "vatId", message: "Give the VAT id of a VAT-registered member." });
  }
  return out;
}

/** Whether the member's credits (energy it supplies to the community) are under reverse charge (VAT category AE). */
export const isReverseCharge = (v: Pick<VatFields, "vatStatus" | "vatId">) => v.vatStatus === "REVERSE_CHARGE" && v.vatId !== null;
