// Small zod building blocks shared by forms (client) and procedures (server). No server imports here.
import { z } from "zod";

/** A calendar date "YYYY-MM-DD" that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use the format YYYY-MM-DD.")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "This date does not exist.");

/** A non-negative decimal given as a string, at most `scale` decimals (exact: never parsed as a float). */
export function decimalString(scale: number, label = "number") {
  return z
    .string()
    .trim()
    .regex(new RegExp(`^\\d{1,9}(\\.\\d{1,${scale}})?$`), `Enter a non-negative ${label} with at most ${scale} decimals, using a dot.`);
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz.includes("/") || tz === "UTC";
  } catch {
    return false;
  }
}

export const timeZone = z.string().refine(isTimeZone, "Unknown time zone; use an IANA name such as Europe/Rome.");

export const emailAddress = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address."));

export const dateToIso = (d: Date): string => d.toISOString().slice(0, 10);
export const isoToDate = (s: string): Date => new Date(`${s}T00:00:00Z`);

/** "1.25" at scale 3 → 1250n. Exact; the input must already match decimalString(scale). */
export function decimalToScaled(value: string, scale: number): bigint {
  const [whole = "0", frac = ""] = value.trim().split(".");
  return BigInt(whole) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, "0") || "0");
}
