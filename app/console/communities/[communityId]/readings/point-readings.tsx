"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useEffect } from "react";
import { Empty, ErrorBox, Loading, Select } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { addDays } from "@/server/shared/iso-date";
import { useEnumLabels } from "../settlement-parts";
import { DailyChart } from "./daily-chart";

/** Per metering point: the daily energy as a chart and a table, and the missing intervals of the period. */
export function Readings({ communityId, selected, onSelect }: { communityId: string; selected: string | null; onSelect: (id: string) => void }) {
  const t = useTranslations("console.readings");
  const f = formatterFor(useLocale());
  const c = useTranslations("console.common");
  const labels = useEnumLabels();
  const trpc = useTRPC();
  const points = useQuery(trpc.meteringPoint.list.queryOptions({ communityId }));
  const pointId = selected ?? points.data?.[0]?.id ?? null;
  const readings = useQuery({ ...trpc.readingImport.readings.queryOptions({ communityId, meteringPointId: pointId ?? "" }), enabled: !!pointId });
  const period = readings.data ? { from: readings.data.from, to: readings.data.to } : null;
  const gaps = useQuery({ ...trpc.readingImport.gaps.queryOptions({ communityId, meteringPointId: pointId ?? "", from: period?.from ?? "", to: period?.to ?? "" }), enabled: !!pointId && !!period });
  useEffect(() => {
    if (selected && points.data && !points.data.some((p) => p.id === selected)) void points.refetch();
  }, [selected, points]);

  return (
    <section aria-labelledby="readings-heading" className="space-y-4">
      <h2 id="readings-heading" className="text-lg font-semibold">
        {t("readingsHeading")}
      </h2>
      {points.error ? (
        <ErrorBox {...errorDetails(points.error)} />
      ) : !points.data ? (
        <Loading what={t("loadingPoints")} />
      ) : points.data.length === 0 ? (
        <Empty>{t("noPoints")}</Empty>
      ) : (
        <>
          <div className="max-w-md">
            <Select label={t("meteringPoint")} value={pointId ?? ""} onChange={(e) => onSelect(e.target.value)}>
              {points.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} · {labels.direction(p.direction)} · {p.memberReference}
                </option>
              ))}
            </Select>
          </div>
          {readings.error ? <ErrorBox {...errorDetails(readings.error)} /> : null}
          {readings.isPending ? <Loading what={t("loadingReadings")} /> : null}
          {readings.data ? (
            readings.data.days.length === 0 ? (
              <Empty>{t("noReadings")}</Empty>
            ) : (
              <>
                <p className="text-sm text-slate-700">
                  {t("dailyRange", { from: f.date(readings.data.from), to: f.date(addDays(readings.data.to, -1)), timeZone: readings.data.timeZone })}
                </p>
                <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
                  <DailyChart
                    days={readings.data.days}
                    format={f}
                    label={t("chartLabel", { code: readings.data.meteringPoint.code, direction: labels.direction(readings.data.meteringPoint.direction), from: f.date(readings.data.from), to: f.date(addDays(readings.data.to, -1)) })}
                    injection={readings.data.meteringPoint.direction === "INJECTION"}
                  />
                  <div className="max-h-96 overflow-y-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={c("scrollable", { name: t("dailyRegion") })}>
                    <table className="w-full text-left text-sm" data-testid="daily-readings">
                      <caption className="sr-only">{t("dailyCaption")}</caption>
                      <thead className="sticky top-0 bg-slate-100 text-slate-700">
                        <tr>
                          <th scope="col" className="px-3 py-2">{t("date")}</th>
                          <th scope="col" className="px-3 py-2 text-right">{t("energyKWh")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {readings.data.days.map((d) => (
                          <tr key={d.date} className="border-t border-slate-200">
                            <td className="px-3 py-1">{f.date(d.date)}</td>
                            <td className="px-3 py-1 text-right tabular-nums">{f.kwh(d.mwh, 2)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
                <div>
                  <h3 className="mb-2 font-semibold">{t("missingHeading")}</h3>
                  {gaps.error ? <ErrorBox {...errorDetails(gaps.error)} /> : null}
                  {gaps.isPending ? <Loading what={t("lookingForGaps")} /> : null}
                  {gaps.data ? (
                    gaps.data.gaps.length === 0 ? (
                      <p className="text-sm" data-testid="gaps">
                        {t("noGaps", { minutes: gaps.data.intervalMinutes })}
                      </p>
                    ) : (
                      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="gaps">
                        {gaps.data.gaps.slice(0, 100).map((g) => (
                          <li key={g.start}>
                            {f.dateTime(g.start, readings.data?.timeZone)} – {f.dateTime(g.end, readings.data?.timeZone)} ({t("gapIntervals", { count: g.intervals, n: f.count(g.intervals) })})
                          </li>
                        ))}
                        {gaps.data.gaps.length > 100 || gaps.data.more ? <li>{t("andMore")}</li> : null}
                      </ul>
                    )
                  ) : null}
                </div>
              </>
            )
          ) : null}
        </>
      )}
    </section>
  );
}
