// Locale formatting for what people read (pages, charts, the PDF statement). Pure: Intl only, no
// framework. Exact values (integer cents, mWh, decimal strings) stay exact until this point.

import { isoDateToMs, lastDayOf } from "../shared/iso-date";

/**
 * Every number goes through one NumberFormat with grouping always on: CLDR's Italian (and Spanish)
 * data groups only from five digits ("3920,8" beside "13.678,3"), which reads as inconsistent in a
 * table. With "always", Italian is "3.920,8" and "13.678,3" alike.
 */
function numberFormat(locale: string | undefined, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return new Intl.NumberFormat(locale, { useGrouping: "always", ...opts });
}

/** A calendar date ("2026-12-04" or an instant read in UTC) → "Dec 4, 2026" · "4 dic 2026" · "04.12.2026". */
export function formatDate(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso));
}

/**
 * An instant with its time zone named: "Dec 4, 2026, 2:00 PM GMT+1" · "4 dic 2026, 14:00 CET" ·
 * "4. Dez. 2026, 14:00 MEZ". `timeZone` is the community's where there is one; without it the
 * reader's own zone is used, and named too.
 */
export function formatDateTime(iso: string, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone, timeZoneName: "short" }).format(new Date(iso));
}

/** "1234567" mWh → "1.2 kWh" (rounded half up, once, for display); grouped for the locale. */
export function formatKWhFromMWh(mwh: string | bigint, locale?: string, decimals = 1): string {
  const value = BigInt(mwh);
  const negative = value < 0n;
  const scale = 10n ** BigInt(6 - decimals);
  const rounded = ((negative ? -value : value) + scale / 2n) / scale; // in units of 10^-decimals kWh
  const unit = 10n ** BigInt(decimals);
  const nf = numberFormat(locale);
  const decimalMark = nf.formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  const frac = decimals ? decimalMark + String(rounded % unit).padStart(decimals, "0") : "";
  return `${negative ? "−" : ""}${nf.format(rounded / unit)}${frac} kWh`;
}

/** A settlement period of local dates [start, end) → "Nov 2 – 8, 2026" (the end date is exclusive). */
export function formatPeriod(start: string, end: string, locale?: string): string {
  const first = new Date(`${start}T00:00:00Z`);
  const last = new Date(isoDateToMs(lastDayOf(end)));
  const f = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  return last <= first ? f.format(first) : f.formatRange(first, last);
}

/** "-123456" cents → "−€1,234.56" (exact, no floating point); `signed` adds "+" to positive amounts. */
export function formatEurFromCents(cents: string | bigint, locale?: string, opts: { signed?: boolean } = {}): string {
  const value = BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const fraction = String(abs % 100n).padStart(2, "0");
  const text = numberFormat(locale, { style: "currency", currency: "EUR" })
    .formatToParts(abs / 100n)
    .map((p) => (p.type === "fraction" ? fraction : p.value))
    .join("");
  return `${negative ? "−" : opts.signed && value > 0n ? "+" : ""}${text}`;
}

/**
 * An exact decimal string ("0.11", "-1.728", "12") in the locale's digits: "0,11" (it), all digits
 * kept, no floating point. With `currency: true` it is an amount in euros: "€0.11" (en), "0,11 €" (it).
 */
export function formatDecimalString(value: string, locale?: string, opts: { currency?: boolean } = {}): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`not a decimal number: ${value}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const digits = fraction.length;
  const nf = numberFormat(locale, {
    ...(opts.currency ? { style: "currency", currency: "EUR" } : {}),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Format the whole part (a BigInt: exact), then put the exact fraction digits in place of Intl's zeros.
  const text = nf
    .formatToParts(BigInt(whole))
    .map((p) => (p.type === "fraction" ? fraction : p.value))
    .join("");
  const negative = sign === "-" && /[1-9]/.test(whole + fraction);
  return `${negative ? "−" : ""}${text}`;
}

/** A plain count (members, entries) for the locale; exact for any size. */
export function formatCount(value: string | bigint | number, locale?: string): string {
  return numberFormat(locale).format(typeof value === "number" ? value : BigInt(value));
}

/** The first characters of a hex hash, for tables (the full value goes in a tooltip). */
export function shortHash(hex: string, length = 12): string {
  return hex.length > length ? `${hex.slice(0, length)}…` : hex;
}

/** English labels, for the console (public and resident pages use the messages' "kind" instead). */
export const kindLabel: Record<string, string> = { CONSUMER: "Consumer", PRODUCER: "Producer", PROSUMER: "Prosumer" };
export const directionLabel: Record<string, string> = { CONSUMPTION: "Consumption", INJECTION: "Injection" };

/** "1234500000000" µg → "1,234.5 kg" (rounded half up once, for display). */
export function formatKgFromMicrograms(ug: string | bigint, locale?: string): string {
  // 1 kg = 10^9 µg; the same exact rounding as energy, one decimal.
  return formatKWhFromMWh(BigInt(ug) / 1000n, locale).replace(/ kWh$/, " kg");
}

/** "87.3" (an exact decimal string) → "87.3 %" with the locale's decimal mark. */
export function formatPercent(percent: string, locale?: string): string {
  const [whole = "0", fraction = "0"] = percent.split(".");
  const nf = numberFormat(locale);
  const mark = nf.formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  return `${nf.format(BigInt(whole))}${mark}${fraction} %`;
}

/** A month key "2026-11" → "November 2026". */
export function formatMonth(key: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${key}-01T00:00:00Z`));
}

/** Every formatter above bound to one locale: `const f = formatterFor(useLocale())`. */
export function formatterFor(locale: string) {
  return {
    locale,
    date: (iso: string) => formatDate(iso, locale),
    dateTime: (iso: string, timeZone?: string) => formatDateTime(iso, locale, timeZone),
    kwh: (mwh: string | bigint, decimals = 1) => formatKWhFromMWh(mwh, locale, decimals),
    kg: (ug: string | bigint) => formatKgFromMicrograms(ug, locale),
    eur: (cents: string | bigint, opts: { signed?: boolean } = {}) => formatEurFromCents(cents, locale, opts),
    eurDecimal: (value: string) => formatDecimalString(value, locale, { currency: true }),
    decimal: (value: string) => formatDecimalString(value, locale),
    percent: (percent: string) => formatPercent(percent, locale),
    count: (value: string | bigint | number) => formatCount(value, locale),
    period: (start: string, end: string) => formatPeriod(start, end, locale),
    month: (key: string) => formatMonth(key, locale),
    /** "2026-11-03" → "3 Nov" (chart axes). */
    dayShort: (key: string) => new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${key}T00:00:00Z`)),
    /** "2026-11" → "Nov 2026" (chart axes). */
    monthShort: (key: string) => new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${key}-01T00:00:00Z`)),
    /** A number on a chart axis (display only: the exact values are in the tables). */
    axis: (value: number) => numberFormat(locale, { maximumFractionDigits: 1 }).format(value),
  };
}

export type Formatter = ReturnType<typeof formatterFor>;
