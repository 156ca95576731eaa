import { randomBytes } from "node:crypto";

// Crockford's base32: no I, L, O, U, so pseudonyms survive being read aloud or copied by hand.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A random member pseudonym such as "M-7K2Q9XH4TB" (50 bits); the only member id used in the ledger. */
export function newPseudonym(): string {
  const bytes = randomBytes(10);
  let out = "";
  for (const b of bytes) out += ALPHABET[b & 31];
  return `M-${out}`;
}
