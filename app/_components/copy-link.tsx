"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";

/** A one-time link shown to an administrator, with a copy button. */
export function CopyLink({ link, emailed }: { link: string; emailed: boolean }) {
  const t = useTranslations("console.copyLink");
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-900">
      <p className="font-medium">{emailed ? t("emailed") : t("created")}</p>
      <div className="flex flex-wrap items-center gap-2">
        <input readOnly value={link} aria-label={t("link")} data-testid="invitation-link" className="min-w-0 flex-1 rounded border border-green-400 bg-white px-2 py-1 font-mono text-xs" />
        <button
          type="button"
          className="rounded-md border border-green-600 px-3 py-1 hover:bg-green-100"
          onClick={async () => {
            await navigator.clipboard?.writeText(link).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? t("copied") : t("copy")}
        </button>
      </div>
      <p className="text-xs">{t("valid")}</p>
    </div>
  );
}
