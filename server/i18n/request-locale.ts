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

/** requestLocale for a route handler, from its Request (so the handler runs outside Next too, in tests). */
export function routeLocale(req: Request): Locale {
  if (isEnglishOnlyPath(new URL(req.url).pathname)) return DEFAULT_LOCALE;
  const cookie = req.headers
    .get("cookie")
    ?.split(/;\s*/)
    .find((c) => c.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1);
  return resolveLocale(cookie, req.headers.get("accept-language"));
}
