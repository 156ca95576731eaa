// Locale formatting for what people read. Exact values stay strings until this point.

export function formatDate(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso));
}

export function formatDateTime(iso: string, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

/** "1234567" mWh → "1.2 kWh" (rounded half up, once, for display); grouped for the locale. */
export function formatKWhFromMWh(mwh: string | bigint, locale?: string, decimals = 1): string {
  const value = BigInt(mwh);
  const negative = value < 0n;
  const scale = 10n ** BigInt(6 - decimals);
  const rounded = ((negative ? -value : value) + scale / 2n) / scale; // in units of 10^-decimals kWh
  const unit = 10n ** BigInt(decimals);
  const nf = new Intl.NumberFormat(locale);
  const decimalMark = nf.formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  const frac = decimals ? decimalMark + String(rounded % unit).padStart(decimals, "0") : "";
  return `${negative ? "−" : ""}${nf.format(rounded / unit)}${frac} kWh`;
}

export const kindLabel: Record<string, string> = { CONSUMER: "Consumer", PRODUCER: "Producer", PROSUMER: "Prosumer" };
export const directionLabel: Record<string, string> = { CONSUMPTION: "Consumption", INJECTION: "Injection" };
