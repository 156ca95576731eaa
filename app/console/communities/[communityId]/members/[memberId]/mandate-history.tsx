"use client";
// A member's direct-debit mandates, newest first: the current one and those it replaced (kept as
// history: a new mandate never overwrites the old one).
import { useLocale, useTranslations } from "next-intl";
import { DataTable } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import type { MandateDto } from "@/server/billing/bank-accounts";

export const schemeLabel = { CORE: "SEPA Core", B2B: "SEPA B2B" } as const;

export function MandateHistory({ mandates }: { mandates: MandateDto[] }) {
  const t = useTranslations("console.member.mandates");
  const f = formatterFor(useLocale());
  if (mandates.length === 0) return null;
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-medium">{t("title")}</h3>
      <DataTable caption={t("caption")} testId="mandate-history" columns={[{ label: t("reference") }, { label: t("scheme"), title: t("schemeTitle") }, { label: t("signedOn") }, { label: t("inForce") }]}>
        {mandates.map((m) => (
          <tr key={m.reference} className="border-t border-slate-200">
            <td className="px-3 py-2 font-mono">{m.reference}</td>
            <td className="px-3 py-2">{schemeLabel[m.scheme]}</td>
            <td className="px-3 py-2">{f.date(m.signedOn)}</td>
            <td className="px-3 py-2">{m.revokedAt ? `${f.date(m.validFrom.slice(0, 10))} – ${f.date(m.revokedAt.slice(0, 10))}` : t("current", { date: f.date(m.validFrom.slice(0, 10)) })}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
