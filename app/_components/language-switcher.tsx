"use client";
// The language switcher: one button per language, each named in itself (and marked with its `lang`
// so screen readers pronounce it right). A form posting to a server action: it works without
// JavaScript too, keeps the current page, and the choice persists in a cookie.
import { useLocale, useTranslations } from "next-intl";
import { setLocale } from "@/app/_lib/locale-action";
import { LOCALE_NAMES, LOCALES } from "@/server/i18n/locales";

export function LanguageSwitcher() {
  const t = useTranslations("header");
  const current = useLocale();
  return (
    <form action={setLocale} aria-label={t("language")} className="flex flex-wrap items-center gap-1 text-sm" data-testid="language-switcher">
      <span aria-hidden className="mr-1 text-slate-600">
        {t("language")}:
      </span>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          lang={l}
          aria-pressed={l === current}
          className={`min-h-8 rounded px-2 py-1 ${l === current ? "bg-slate-800 text-white" : "text-slate-900 underline-offset-2 hover:bg-slate-100 hover:underline"}`}
        >
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </form>
  );
}
