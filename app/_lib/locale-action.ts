"use server";
// The language switcher's action: remembers the choice in a cookie (a year). Next re-renders the
// current page after an action that sets a cookie, so the visitor stays where they were.
import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE } from "@/server/i18n/locales";

export async function setLocale(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  // Only our languages: anything else is refused and nothing is written.
  if (!isLocale(locale)) throw new Error("Unknown language.");
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: LOCALE_COOKIE_MAX_AGE, sameSite: "lax" });
}
