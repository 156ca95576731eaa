"use client";
// The recent periods with their state, and any other range of days, to preview.
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Button, Card, DataTable, Empty, ErrorBox, Field, Loading } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { addDays } from "@/server/shared/iso-date";
import { StateBadge } from "../settlement-parts";
import { samePeriod, type Period } from "./period";

export function Periods({ communityId, selected, onPreview }: { communityId: string; selected: Period | null; onPreview: (p: Period) => void }) {
  const t = useTranslations("console.settlement");
  const hint = useTranslations("console.parts.hint");
  const c = useTranslations("console.common");
  const f = formatterFor(useLocale());
  const trpc = useTRPC();
  const periods = useQuery(trpc.settlement.periods.queryOptions({ communityId }));
  return (
    <section aria-labelledby="periods-heading">
      <h2 id="periods-heading" className="mb-1 text-lg font-semibold">
        {t("periodsHeading")}
      </h2>
      <p className="mb-3 text-sm text-slate-700">{t("periodsIntro")}</p>
      {periods.error ? (
        <ErrorBox {...errorDetails(periods.error)} />
      ) : !periods.data ? (
        <Loading what={t("loadingPeriods")} />
      ) : periods.data.length === 0 ? (
        <Empty>{t("noPeriods")}</Empty>
      ) : (
        <DataTable
          caption={t("periodsCaption")}
          testId="periods"
          className="rounded-lg border border-slate-200 bg-white"
          region={c("scrollable", { name: t("periodsHeading") })}
          columns={[{ label: t("period") }, { label: t("state") }, { label: <span className="sr-only">{t("actions")}</span> }]}
        >
          {periods.data.map((p) => {
            const label = f.period(p.period.start, p.period.end);
            const current = samePeriod(selected, p.period);
            return (
              <tr key={p.period.start} className={`border-t border-slate-200 ${current ? "bg-blue-50" : ""}`} aria-current={current ? "true" : undefined}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {label}
                </th>
                <td className="px-3 py-2">
                  <StateBadge period={p} /> <span className="ml-1 hidden text-xs text-slate-600 sm:inline">{p.missing && p.missing.missingIntervals > 0 ? t("pointsMissReadings", { count: p.missing.meteringPoints, n: f.count(p.missing.meteringPoints) }) : hint(p.state)}</span>
                </td>
                <td className="px-3 py-2 text-right">
                  <Button variant="secondary" aria-label={t("previewLabel", { period: label })} onClick={() => onPreview({ ...p.period, state: p.state })}>
                    {t("preview")}
                  </Button>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

/** Any range of days: the first and the last day, both included. */
export function CustomRange({ onPreview }: { onPreview: (p: Period) => void }) {
  const t = useTranslations("console.settlement");
  const [first, setFirst] = useState("");
  const [last, setLast] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <Card title={t("rangeTitle")}>
      <form
        className="flex flex-wrap items-end gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!first || !last) return setError(t("rangeChoose"));
          if (last < first) return setError(t("rangeOrder"));
          setError(null);
          onPreview({ start: first, end: addDays(last, 1) });
        }}
        noValidate
      >
        <Field label={t("firstDay")} type="date" value={first} onChange={(e) => setFirst(e.target.value)} />
        <Field label={t("lastDay")} type="date" value={last} onChange={(e) => setLast(e.target.value)} />
        <Button type="submit" variant="secondary">
          {t("previewRange")}
        </Button>
      </form>
      <p className="mt-2 text-sm text-slate-600">{t("rangeNote")}</p>
      {error ? (
        <div className="mt-3">
          <ErrorBox message={error} />
        </div>
      ) : null}
    </Card>
  );
}
