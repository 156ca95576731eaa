// Exact decimal → milliwatt-hour conversion. Energy never passes through a float.
//
// Rounding rule (the only place energy is rounded):
// - Energy units (Wh, kWh, MWh): the value must be a whole number of mWh; more precision is the
//   problem `excess-precision` (trailing zeros are fine: "0.003000" kWh = 3000 mWh).
// - Average-power units (W, kW, MW over the interval): energy = power × seconds / 3600, which often
//   is not a whole number of mWh (1 W over 5 min = 83.33… mWh), so the conversion itself demands
//   rounding: round half to even, once per interval, to the nearest mWh (error ≤ 0.5 mWh per interval).

export type EnergyUnit = "Wh" | "kWh" | "MWh";
export type PowerUnit = "W" | "kW" | "MW";
export type Unit = EnergyUnit | PowerUnit;
export const UNITS: readonly Unit[] = ["Wh", "kWh", "MWh", "W", "kW", "MW"];

/** value = digits × 10^-scale (scale may be negative). */
export interface ExactDecimal {
  digits: bigint;
  scale: number;
}

export type EnergyResult =
  | { ok: true; mWh: bigint }
  | { ok: false; code: "non-numeric" | "negative-value" | "excess-precision"; message: string };

const MWH_EXPONENT: Record<Unit, number> = { Wh: 3, kWh: 6, MWh: 9, W: 3, kW: 6, MW: 9 };
const isPower = (unit: Unit) => unit === "W" || unit === "kW" || unit === "MW";

// Bounds keep a hostile "1e999999999" from building a gigantic bigint.
const MAX_DIGITS = 40;
const MAX_EXPONENT = 30;

const patterns = {
  ".": /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/,
  ",": /^([+-]?)(\d*)(?:,(\d*))?(?:[eE]([+-]?\d{1,3}))?$/,
};

/** Parses "12", "-0.5", "1,25" (with decimalMark ","), "4.8e-3". No thousands separators. */
export function parseDecimal(text: string, decimalMark: "." | "," = "."): ExactDecimal | undefined {
  const m = patterns[decimalMark].exec(text.trim());
  if (!m) return undefined;
  const [, sign = "", int = "", frac = "", exp] = m;
  if (int.length + frac.length === 0 || int.length + frac.length > MAX_DIGITS) return undefined;
  const e = exp === undefined ? 0 : Number(exp);
  if (Math.abs(e) > MAX_EXPONENT) return undefined;
  const magnitude = BigInt(int + frac || "0");
  return { digits: sign === "-" ? -magnitude : magnitude, scale: frac.length - e };
}

const pow10 = (n: number) => 10n ** BigInt(n);
const ENERGY_FACTOR: Record<EnergyUnit, bigint> = { Wh: 1_000n, kWh: 1_000_000n, MWh: 1_000_000_000n };

/** Divides non-negative num by positive den, rounding half to even. */
function divideHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twiceRest = (num % den) * 2n;
  if (twiceRest > den || (twiceRest === den && q % 2n === 1n)) return q + 1n;
  return q;
}

/** Converts an exact decimal in `unit` to mWh; `intervalSeconds` is needed for power units. */
export function decimalToMilliwattHours(value: ExactDecimal, unit: Unit, intervalSeconds: number): EnergyResult {
  if (value.digits < 0n) return { ok: false, code: "negative-value", message: "energy must not be negative" };
  const power = isPower(unit);
  let num = value.digits * pow10(MWH_EXPONENT[unit]);
  let den = 1n;
  if (value.scale >= 0) den = pow10(value.scale);
  else num *= pow10(-value.scale);
  if (power) {
    num *= BigInt(intervalSeconds);
    den *= 3600n;
    return { ok: true, mWh: divideHalfEven(num, den) };
  }
  if (num % den !== 0n) {
    return { ok: false, code: "excess-precision", message: `more precise than 1 mWh in ${unit}` };
  }
  return { ok: true, mWh: num / den };
}

/** Parses a decimal string in `unit` into mWh. */
export function toMilliwattHours(
  text: string,
  unit: Unit,
  intervalSeconds: number,
  decimalMark: "." | "," = ".",
): EnergyResult {
  // Fast path for the common cell, a plain whole number in an energy unit ("437" Wh): straight to
  // mWh without the regex and the decimal record. Same result as the general path (property test).
  const n = text.length;
  if (n > 0 && n <= 15 && !isPower(unit)) {
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    if (i === n) return { ok: true, mWh: BigInt(text) * ENERGY_FACTOR[unit as EnergyUnit] };
  }
  const value = parseDecimal(text, decimalMark);
  if (!value) return { ok: false, code: "non-numeric", message: `not a number: "${text.slice(0, 40)}"` };
  return decimalToMilliwattHours(value, unit, intervalSeconds);
}

/** mWh → exact Wh decimal string without trailing zeros: 1234567n → "1234.567", 5000n → "5". */
export function formatWh(mWh: bigint): string {
  const negative = mWh < 0n;
  const abs = negative ? -mWh : mWh;
  const whole = (abs / 1000n).toString();
  const frac = (abs % 1000n).toString().padStart(3, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

export function parseUnit(text: string | undefined): Unit | undefined {
  if (!text) return undefined;
  const t = text.trim().toLowerCase();
  return UNITS.find((u) => u.toLowerCase() === t);
}
