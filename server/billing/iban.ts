// IBAN, BIC and SEPA creditor identifier checks (ISO 13616 mod-97, ISO 9362 shape, EPC262-08 creditor
// id). Pure. IBANs are stored normalised: upper case, no spaces.

/** IBAN length per country (SWIFT IBAN registry): a right checksum with the wrong length is still wrong. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22,
  VG: 24, XK: 20,
};

/** Upper case, spaces (and the dashes some people type) removed. */
export const normalizeIban = (raw: string) => raw.replace(/[\s-]+/g, "").toUpperCase();

/** Remainder mod 97 of the number made by replacing letters with 10..35 (ISO 7064 MOD 97-10), digit by digit. */
export function mod97(text: string): number {
  let r = 0;
  for (const ch of text) {
    const v = ch >= "0" && ch <= "9" ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
    r = v < 10 ? (r * 10 + v) % 97 : (r * 100 + v) % 97;
  }
  return r;
}

/** Why a normalised IBAN is wrong, or null when it is right. */
export function ibanProblem(iban: string): string | null {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return "An IBAN starts with a country code and two check digits, then letters and digits only.";
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length === undefined) return `${iban.slice(0, 2)} is not a country that uses IBANs.`;
  if (iban.length !== length) return `An IBAN of ${iban.slice(0, 2)} has ${length} characters, this one has ${iban.length}.`;
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) return "The IBAN's check digits do not match: please check it for a typing error.";
  return null;
}

export const normalizeBic = (raw: string) => raw.replace(/\s+/g, "").toUpperCase();

/** ISO 9362: 4 letters (institution), 2 letters (country), 2 letters/digits (location), optional 3 (branch). */
export const bicProblem = (bic: string): string | null =>
  /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) ? null : "A BIC has 8 or 11 characters: 6 letters, then 2 letters or digits, optionally 3 more.";

/**
 * SEPA creditor identifier: country, 2 check digits, a 3-character business code (not part of the
 * check, usually ZZZ) and the national identifier; check digits are mod-97 over national id + country + "00".
 */
export function creditorIdProblem(id: string): string | null {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(id)) return "A creditor identifier is a country code, two check digits, a 3-character business code and the national identifier.";
  if (mod97(id.slice(7) + id.slice(0, 2) + id.slice(2, 4)) !== 1) return "The creditor identifier's check digits do not match: please check it for a typing error.";
  return null;
}

const checkDigits = (body: string, country: string) => String(98 - mod97(body + country + "00")).padStart(2, "0");

/** An IBAN from a country and its BBAN, with the right check digits. */
export const makeIban = (country: string, bban: string) => `${country}${checkDigits(bban, country)}${bban}`;

/** A creditor identifier from a country, business code and national id, with the right check digits. */
export const makeCreditorId = (country: string, national: string, business = "ZZZ") => `${country}${checkDigits(national, country)}${business}${national}`;

// Italian BBAN: CIN (a check letter over ABI + CAB + account) + ABI (5) + CAB (5) + account (12).
const CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const cinValue = (ch: string) => (ch >= "0" && ch <= "9" ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 65);

/** An Italian IBAN with both checks right (national CIN and mod-97): for demo and test data. */
export function italianIban(abi: string, cab: string, account: string): string {
  const body = `${abi}${cab}${account.padStart(12, "0")}`;
  if (!/^[0-9]{10}[A-Z0-9]{12}$/.test(body)) throw new Error(`not an Italian ABI/CAB/account: ${body}`);
  let sum = 0;
  for (const [i, ch] of [...body].entries()) sum += i % 2 === 0 ? CIN_ODD[cinValue(ch)]! : cinValue(ch);
  return makeIban("IT", String.fromCharCode(65 + (sum % 26)) + body);
}
