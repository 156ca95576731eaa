// The language of the current request, for server components, route handlers and next-intl's
// request config: English on English-only pages, else the switcher's cookie, else Accept-Language.
import { cookies, headers } from "next/headers";
import { DEFAULT_LOCALE, isEnglishOnlyPath, LOCALE_COOKIE, PATH_HEADER, resolveLocale, type Locale } from "./locales";

export async function requestLocale(): Promise<Locale> {
  const h = await headers();
  if (isEnglishOnlyPath(h.get(PATH_HEADER))) return DEFAULT_LOCALE;
  return preferredLocale();
}

/** The visitor's language whatever the page: the switcher's cookie, else Accept-Language, else English. */
export async function preferredLocale(): Promise<Locale> {
  return resolveLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
}
