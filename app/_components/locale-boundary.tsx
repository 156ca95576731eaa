"use client";
// The root layout (and with it <html lang> and the messages) is not re-rendered on a client-side
// navigation. Crossing between an English-only page (the API docs) and a translated one would keep
// the old language around the new page, so when the language the path calls for differs from the
// one rendered, the tree is refreshed from the server once for that path.
import { useLocale } from "next-intl";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { isEnglishOnlyPath, type Locale } from "@/server/i18n/locales";

export function LocaleBoundary({ preferred }: { preferred: Locale }) {
  const pathname = usePathname();
  const locale = useLocale();
  const router = useRouter();
  const refreshedFor = useRef<string | null>(null);
  useEffect(() => {
    const expected = isEnglishOnlyPath(pathname) ? "en" : preferred;
    if (expected !== locale && refreshedFor.current !== pathname) {
      refreshedFor.current = pathname;
      router.refresh();
    }
  }, [pathname, locale, preferred, router]);
  return null;
}
