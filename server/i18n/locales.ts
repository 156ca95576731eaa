// The languages of the public, resident and console pages, and how a request's language is chosen. Pure: no
// framework imports, so the proxy, the server pages, the PDF route and tests share one rule.

export const LOCALES = ["en", "it", "de", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Set by the language switcher; wins over the browser's Accept-Language. */
export const LOCALE_COOKIE = "dajie-locale";
export const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/** Each language named in itself, as the switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", it: "Italiano", de: "Deutsch", fr: "Français" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best of our languages for an Accept-Language header ("it-IT,it;q=0.9,en;q=0.8"): by quality,
 * then order; a region falls back to its language ("de-AT" → de); q=0 means "not this one".
 * Nothing acceptable → English.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranges = acceptLanguage
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((r) => r.quality > 0 && r.language !== "" && r.language !== "*")
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  return ranges.map((r) => r.language).find(isLocale) ?? DEFAULT_LOCALE;
}

/** The cookie if it names one of our languages, else the browser's preference, else English. */
export function resolveLocale(cookie: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  return isLocale(cookie) ? cookie : negotiateLocale(acceptLanguage);
}

/**
 * Pages that stay in English whatever the visitor's language: the API reference for developers (see
 * README "Languages"). Its `<html lang>` says "en". The municipality/ESCO console, the invitation and
 * the password-reset pages follow the visitor's language like the public pages.
 */
export const ENGLISH_ONLY_PREFIXES = ["/developers"] as const;

export function isEnglishOnlyPath(pathname: string | null | undefined): boolean {
  if (!pathname) return false;
  return ENGLISH_ONLY_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** Request header the proxy sets to the requested path (a client's own value is overwritten). */
export const PATH_HEADER = "x-dajie-pathname";
