// Fixed-scale decimal strings ↔ bigint, and the one rounding rule of the engine. Never goes through
// a JavaScript number, so "0.1" at scale 3 is exactly 100n.

/** 10^n as a bigint. */
export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

// Longer integer parts are rejected: no meter or price needs them, and it bounds the work per value.
const MAX_INTEGER_DIGITS = 30;
const DECIMAL = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

export interface DecimalOptions {
  /** Allow a leading "-" (zonal prices can be negative; energies and shares cannot). */
  signed?: boolean;
}

/**
 * Why `text` is not a decimal at `scale` decimals, or null if it is. Plain notation only: no exponent,
 * no "+", no leading "." or trailing "."; more decimals than `scale` are accepted only when they are
 * zeros (the value stays exact).
 */
export function decimalProblem(text: string, scale: number, options: DecimalOptions = {}): string | null {
  const m = DECIMAL.exec(text);
  if (!m) return `expected a decimal number such as "12.5" (dot as separator, no exponent), got ${JSON.stringify(text)}`;
  if (m[1] === "-" && !options.signed) return `must not be negative, got ${JSON.stringify(text)}`;
  if ((m[2] ?? "").length > MAX_INTEGER_DIGITS) return `too many digits (at most ${MAX_INTEGER_DIGITS} before the dot)`;
  const frac = m[3] ?? "";
  if (frac.length > scale && !/^0*$/.test(frac.slice(scale))) return `at most ${scale} decimals, got ${JSON.stringify(text)}`;
  return null;
}

/** "1.25" at scale 3 → 1250n. Throws on anything `decimalProblem` rejects. */
export function parseDecimal(text: string, scale: number, options: DecimalOptions = {}): bigint {
  const problem = decimalProblem(text, scale, options);
  if (problem !== null) throw new RangeError(problem);
  const m = DECIMAL.exec(text)!;
  const frac = (m[3] ?? "").slice(0, scale).padEnd(scale, "0");
  const magnitude = BigInt(m[2]!) * pow10(scale) + (frac === "" ? 0n : BigInt(frac));
  return m[1] === "-" ? -magnitude : magnitude;
}

/** 1250n at scale 3 → "1.250"; always exactly `scale` decimals, so equal values print equal bytes. */
export function formatDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${negative ? "-" : ""}${whole}${scale > 0 ? `.${frac}` : ""}`;
}

/** Like formatDecimal but drops trailing zeros beyond `minScale` decimals (for rates shown to people). */
export function formatDecimalTrimmed(value: bigint, scale: number, minScale: number): string {
  let text = formatDecimal(value, scale);
  if (scale === 0) return text;
  const dot = text.indexOf(".");
  while (text.length - dot - 1 > minScale && text.endsWith("0")) text = text.slice(0, -1);
  return text.endsWith(".") ? text.slice(0, -1) : text;
}

/** floor(n / d) for d > 0, also for negative n (bigint division truncates toward zero). */
export function divFloor(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError("divisor must be positive");
  const q = n / d;
  return n % d < 0n ? q - 1n : q;
}

/**
 * n / d rounded to the nearest integer, halves away from zero (the usual commercial rule for euro
 * amounts). This is the engine's only rounding of a total; shares of it then go by largest remainder.
 */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError("divisor must be positive");
  return n < 0n ? -divFloor(-2n * n + d, 2n * d) : divFloor(2n * n + d, 2n * d);
}
