"use client";
// The resident's energy per day or month: a bar chart and, beside it, the same numbers in a table
// (the table is what screen readers and keyboard users read; the chart is a picture of it).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import dynamic from "next/dynamic";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor, formatKWhFromMWh, type Formatter } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

/** The chart, loaded after the page: the table beside it has the same numbers. */
export const KWhBarChart = dynamic(() => import("./bar-chart"), { ssr: false, loading: () => <div className="h-full animate-pulse rounded-md bg-slate-100" /> });

export const COLORS = { consumption: "#4b5563", injection: "#b45309", shared: "#15803d", credit: "#1d4ed8" };
/** For drawing only: exact values stay strings in the tables. */
export const kwhNumber = (mwh: string) => Number(mwh) / 1e6;
/** kWh with three decimals (Wh), exact from mWh, in the page's language. */
export function useKwh3(): (mwh: string) => string {
  const locale = useLocale();
  return (mwh) => formatKWhFromMWh(mwh, locale, 3);
}

const bucketLabel = (f: Formatter, bucket: string, resolution: "day" | "month") => (resolution === "day" ? f.dayShort(bucket) : f.monthShort(bucket));

export function EnergyChart({ memberId, hasInjection }: { memberId: string; hasInjection: boolean }) {
  const trpc = useTRPC();
  const t = useTranslations("energy");
  const f = formatterFor(useLocale());
  const kwh3 = useKwh3();
  const [resolution, setResolution] = useState<"day" | "month">("day");
  // The previous view stays until the other one has loaded; labels follow the data shown.
  const energy = useQuery({ ...trpc.me.energy.queryOptions({ memberId, resolution }), placeholderData: keepPreviousData });
  const shown = energy.data?.resolution ?? resolution;
  const rows = (energy.data?.buckets ?? []).map((b) => ({
    ...b,
    label: bucketLabel(f, b.bucket, shown),
    consumption: kwhNumber(b.consumptionMWh),
    injection: kwhNumber(b.injectionMWh),
    text: { consumption: kwh3(b.consumptionMWh), injection: kwh3(b.injectionMWh) },
  }));
  const caption = shown === "day" ? t("captionDay") : t("captionMonth");
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label={t("showPer")}>
        {(["day", "month"] as const).map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={resolution === r}
            onClick={() => setResolution(r)}
            className={`min-h-10 rounded-md border px-3 py-1.5 text-sm ${resolution === r ? "border-slate-800 bg-slate-800 text-white" : "border-slate-300 bg-white hover:bg-slate-100"}`}
          >
            {r === "day" ? t("daily") : t("monthly")}
          </button>
        ))}
        {energy.data ? <span className="text-xs text-slate-600">{t("timesIn", { timeZone: energy.data.timeZone })}</span> : null}
      </div>
      {energy.error ? <ErrorBox {...errorDetails(energy.error)} /> : null}
      {!energy.data && !energy.error ? <Loading what={t("loading")} /> : null}
      {energy.data && rows.length === 0 ? <Empty>{t("none")}</Empty> : null}
      {rows.length > 0 ? (
        <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
          <figure className="h-72 min-w-0" aria-label={t("chartLabel", { caption })}>
            <KWhBarChart
              rows={rows}
              bars={[
                { key: "consumption", name: t("used"), color: COLORS.consumption },
                ...(hasInjection ? [{ key: "injection", name: t("sent"), color: COLORS.injection }] : []),
              ]}
            />
          </figure>
          <div className="max-h-72 overflow-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label={t("tableLabel", { caption })}>
            <table className="w-full text-left text-sm" data-testid="energy-table">
              <caption className="sr-only">{caption}</caption>
              <thead className="sticky top-0 bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">{shown === "day" ? t("columnDay") : t("columnMonth")}</th>
                  <th scope="col" className="px-3 py-2 text-right">{t("columnUsed")}</th>
                  {hasInjection ? <th scope="col" className="px-3 py-2 text-right">{t("columnSent")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.bucket} className="border-t border-slate-200">
                    <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-normal">{r.label}</th>
                    <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">{kwh3(r.consumptionMWh)}</td>
                    {hasInjection ? <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums text-sun">{kwh3(r.injectionMWh)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </div>
  );
}
