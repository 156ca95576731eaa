"use client";
// A member's direct-debit mandates, newest first: the current one and those it replaced (kept as
// history: a new mandate never overwrites the old one).
import { DataTable } from "@/app/_components/ui";
import { formatDate } from "@/app/_lib/format";
import type { MandateDto } from "@/server/billing/bank-accounts";

export const schemeLabel = { CORE: "SEPA Core", B2B: "SEPA B2B" } as const;

export function MandateHistory({ mandates }: { mandates: MandateDto[] }) {
  if (mandates.length === 0) return null;
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-medium">Mandate history</h3>
      <DataTable caption="Direct-debit mandates of this member, newest first" testId="mandate-history" columns={[{ label: "Reference" }, { label: "Scheme", title: "The pain.008 local instrument" }, { label: "Signed on" }, { label: "In force" }]}>
        {mandates.map((m) => (
          <tr key={m.reference} className="border-t border-slate-200">
            <td className="px-3 py-2 font-mono">{m.reference}</td>
            <td className="px-3 py-2">{schemeLabel[m.scheme]}</td>
            <td className="px-3 py-2">{formatDate(m.signedOn)}</td>
            <td className="px-3 py-2">{m.revokedAt ? `${formatDate(m.validFrom.slice(0, 10))} – ${formatDate(m.revokedAt.slice(0, 10))}` : `since ${formatDate(m.validFrom.slice(0, 10))} (current)`}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
