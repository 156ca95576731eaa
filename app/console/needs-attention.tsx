"use client";
// The console home's "Needs attention": per community, what is waiting and a link to where it is
// done (server/console/attention.ts decides what the caller may act on).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor, type Formatter } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { AttentionItem as Item } from "@/server/console/attention";

/** An item's line in the reader's language: the service sends its kind and figures, not words. */
function useItemText(): (i: Item) => string {
  const t = useTranslations("console.attention");
  const f: Formatter = formatterFor(useLocale());
  return (i) => {
    const n = f.count(i.count);
    switch (i.kind) {
      case "period": {
        const p = i.period!;
        const missing = p.missing.state === "percent" ? t("missing.percent", { percent: f.count(p.missing.percent) }) : t(`missing.${p.missing.state}`);
        return t("period", { period: f.period(p.start, p.end), state: p.state, missing });
      }
      case "failed-imports":
        return t("failedImports", { count: i.count, n, days: i.days ?? 30 });
      case "members-without-account":
        return t("membersWithoutAccount", { count: i.count, n });
      case "witness-alerts":
        return t("witnessAlerts", { count: i.count, n });
      case "anchor-alerts":
        return t("anchorAlerts", { count: i.count, n });
      case "invoices-to-issue":
        return t("invoicesToIssue", { count: i.count, n });
      case "join-requests":
        return t("joinRequests", { count: i.count, n });
    }
  };
}

export function NeedsAttention() {
  const t = useTranslations("console.attention");
  const common = useTranslations("console.common");
  const text = useItemText();
  const trpc = useTRPC();
  const attention = useQuery(trpc.community.attention.queryOptions());
  if (attention.error) return <ErrorBox {...errorDetails(attention.error)} />;
  if (!attention.data) return <Loading what={t("loading")} />;
  const waiting = attention.data.filter((c) => c.items.length);
  return (
    <section aria-labelledby="attention-heading" data-testid="needs-attention">
      <h2 id="attention-heading" className="mb-3 text-lg font-semibold">
        {t("heading")}
      </h2>
      {waiting.length === 0 ? (
        <p className="text-sm text-slate-700">{t("nothing")}</p>
      ) : (
        <ul className="space-y-4">
          {waiting.map((c) => (
            <li key={c.communityId} className="rounded-lg border border-amber-300 bg-amber-50 p-4">
              <h3 className="font-semibold">
                {/* Plain text: each item below links to where it is done, and the community's card below links to it. */}
                {c.name}
                {c.via === "esco" ? <span className="font-normal text-slate-700"> · {common("servedByEsco")}</span> : null}
              </h3>
              <ul className="mt-2 space-y-1 text-sm">
                {c.items.map((i, n) => (
                  <li key={`${i.kind}-${n}`} className="break-words">
                    <Link href={i.href}>{text(i)}</Link>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
