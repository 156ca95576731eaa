"use client";
// One local day, quarter hour by quarter hour: how much of the resident's consumption came from the
// community and how much from the grid; for producers, what went to neighbours and what to the grid.
// Only their own figures (the server computes the split over the community and returns theirs alone).
// A stacked bar chart and the same numbers in a table; sized for a phone.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { COLORS, KWhBarChart, kwhNumber, useKwh3 } from "./energy-chart";

const GRID = "#94a3b8";

export function DayView({ memberId, hasInjection }: { memberId: string; hasInjection: boolean }) {
  const trpc = useTRPC();
  const t = useTranslations("dayView");
  const locale = useLocale();
  const kwh3 = useKwh3();
  const [day, setDay] = useState<string | undefined>(undefined);
  const view = useQuery({ ...trpc.me.day.queryOptions({ memberId, day }), placeholderData: keepPreviousData });
  const data = view.data;
  const time = (iso: string) => new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: data?.timeZone }).format(new Date(iso));
  const rows = (data?.intervals ?? []).map((i) => ({
    ...i,
    label: time(i.start),
    fromCommunity: kwhNumber(i.fromCommunityMWh),
    fromGrid: kwhNumber(i.fromGridMWh),
    toNeighbours: kwhNumber(i.toNeighboursMWh),
    toGrid: kwhNumber(i.toGridMWh),
    text: { fromCommunity: kwh3(i.fromCommunityMWh), fromGrid: kwh3(i.fromGridMWh), toNeighbours: kwh3(i.toNeighboursMWh), toGrid: kwh3(i.toGridMWh) },
  }));
  const caption = data ? t("caption", { day: data.day }) : "";
  return (
    <div className="space-y-3" data-testid="day-view">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="block text-slate-700">{t("chooseDay")}</span>
          <input
            type="date"
            className="min-h-10 rounded-md border border-slate-300 px-2 py-1"
            value={day ?? data?.day ?? ""}
            onChange={(e) => setDay(e.target.value || undefined)}
            aria-label={t("chooseDay")}
          />
        </label>
        {data ? <span className="text-xs text-slate-600">{t("timesIn", { timeZone: data.timeZone })}</span> : null}
      </div>
      {view.error ? <ErrorBox {...errorDetails(view.error)} /> : null}
      {view.isPending ? <Loading what={t("loading")} /> : null}
      {!view.isPending && !view.error && !data ? <Empty>{t("none")}</Empty> : null}
      {data ? (
        <>
          <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" data-testid="day-totals">
            <div className="rounded-md border border-slate-200 p-2">
              <dt className="text-slate-600">{t("used")}</dt>
              <dd className="tabular-nums">{kwh3(data.totals.consumptionMWh)}</dd>
            </div>
            <div className="rounded-md border border-slate-200 p-2">
              <dt className="text-slate-600">{t("fromCommunity")}</dt>
              <dd className="tabular-nums text-shared">{kwh3(data.totals.fromCommunityMWh)}</dd>
            </div>
            <div className="rounded-md border border-slate-200 p-2">
              <dt className="text-slate-600">{t("fromGrid")}</dt>
              <dd className="tabular-nums">{kwh3(data.totals.fromGridMWh)}</dd>
            </div>
            {hasInjection ? (
              <div className="rounded-md border border-slate-200 p-2">
                <dt className="text-slate-600">{t("toNeighbours")}</dt>
                <dd className="tabular-nums">
                  {kwh3(data.totals.toNeighboursMWh)} · {t("toGridShort", { kwh: kwh3(data.totals.toGridMWh) })}
                </dd>
              </div>
            ) : null}
          </dl>
          <figure className="h-64 min-w-0" aria-label={t("chartLabel", { caption })}>
            <KWhBarChart
              rows={rows}
              bars={[
                { key: "fromCommunity", name: t("fromCommunity"), color: COLORS.shared, stackId: "use" },
                { key: "fromGrid", name: t("fromGrid"), color: GRID, stackId: "use" },
                ...(hasInjection
                  ? [
                      { key: "toNeighbours", name: t("toNeighbours"), color: COLORS.injection, stackId: "sent" },
                      { key: "toGrid", name: t("toGrid"), color: "#fcd34d", stackId: "sent" },
                    ]
                  : []),
              ]}
            />
          </figure>
          <div className="max-h-80 overflow-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label={t("tableLabel", { caption })}>
            <table className="w-full text-left text-sm" data-testid="day-table">
              <caption className="sr-only">{caption}</caption>
              <thead className="sticky top-0 bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-2 py-2">{t("columnTime")}</th>
                  <th scope="col" className="px-2 py-2 text-right">{t("used")}</th>
                  <th scope="col" className="px-2 py-2 text-right">{t("fromCommunity")}</th>
                  <th scope="col" className="px-2 py-2 text-right">{t("fromGrid")}</th>
                  {hasInjection ? <th scope="col" className="px-2 py-2 text-right">{t("toNeighbours")}</th> : null}
                  {hasInjection ? <th scope="col" className="px-2 py-2 text-right">{t("toGrid")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.start} className={`border-t border-slate-200 ${r.measured ? "" : "text-slate-500"}`}>
                    <th scope="row" className="whitespace-nowrap px-2 py-1 text-left font-normal">{r.label}</th>
                    <td className="whitespace-nowrap px-2 py-1 text-right tabular-nums">{kwh3(r.consumptionMWh)}</td>
                    <td className="whitespace-nowrap px-2 py-1 text-right tabular-nums">{kwh3(r.fromCommunityMWh)}</td>
                    <td className="whitespace-nowrap px-2 py-1 text-right tabular-nums">{kwh3(r.fromGridMWh)}</td>
                    {hasInjection ? <td className="whitespace-nowrap px-2 py-1 text-right tabular-nums">{kwh3(r.toNeighboursMWh)}</td> : null}
                    {hasInjection ? <td className="whitespace-nowrap px-2 py-1 text-right tabular-nums">{kwh3(r.toGridMWh)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
