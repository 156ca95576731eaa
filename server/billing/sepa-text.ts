// Text in SEPA files. The EPC implementation guidelines allow only the Latin character set
// a-z A-Z 0-9 / - ? : ( ) . , ' + and space; identifiers may not start or end with "/" nor contain "//".
// Pure.

export const SEPA_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/** Free text made SEPA-safe: accents dropped (Müller → Muller), other characters become ".", cut to `max`. */
export function sepaText(text: string, max: number): string {
  const plain = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[Ææ]/g, (c) => (c === "Æ" ? "AE" : "ae"))
    .replace(/[Øø]/g, (c) => (c === "Ø" ? "O" : "o"))
    .replace(/[&]/g, "+")
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ".")
    .replace(/\s+/g, " ")
    .trim();
  return plain.slice(0, max).trimEnd();
}

/** Why an identifier (MsgId, PmtInfId, EndToEndId, MndtId) is not allowed, or null. */
export function sepaIdProblem(id: string): string | null {
  if (id.length < 1 || id.length > 35) return `must have 1 to 35 characters, has ${id.length}`;
  if (!SEPA_TEXT.test(id)) return "has characters outside the SEPA character set";
  if (id.startsWith("/") || id.endsWith("/") || id.includes("//")) return 'may not start or end with "/" nor contain "//"';
  if (/^ | $/.test(id)) return "may not start or end with a space";
  return null;
}
