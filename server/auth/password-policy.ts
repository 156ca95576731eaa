// Password rules, checked where passwords are set (invitation acceptance) before hashing.
// Length is what matters (NIST SP 800-63B); we also refuse the e-mail itself and very common choices.
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

const COMMON = new Set([
  "password1234", "123456789012", "qwertyuiopas", "passwordpassword", "iloveyou1234", "dajiedajie12",
  "letmein12345", "welcome12345", "administrator", "changeme1234",
]);

/** Returns the reason the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (new Set(password).size < 4) return "Use a less repetitive password.";
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "This password is too common.";
  if (email && lower.includes(email.toLowerCase().split("@")[0] ?? "\u0000") && lower.length - (email.split("@")[0]?.length ?? 0) < 6) {
    return "Do not base the password on your e-mail address.";
  }
  return null;
}
