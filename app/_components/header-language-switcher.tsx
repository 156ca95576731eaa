"use client";
// The header is rendered once with the root layout and kept across client-side navigation, so whether
// the current page is English only (the API docs: no switcher there) is decided
// here from the browser's path.
import { usePathname } from "next/navigation";
import { LanguageSwitcher } from "@/app/_components/language-switcher";
import { isEnglishOnlyPath } from "@/server/i18n/locales";

export function HeaderLanguageSwitcher() {
  if (isEnglishOnlyPath(usePathname())) return null;
  return (
    <div className="mx-auto flex max-w-6xl justify-end px-4 pb-2 sm:px-6">
      <LanguageSwitcher />
    </div>
  );
}
