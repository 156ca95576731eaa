// The public page's energy over time: by day (one month at a time), month or year, as a chart with
// the same figures in a table beside it.
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { formatterFor, type Formatter } from "@/app/_lib/format";
import type { EnergyRow, PublicFigures } from "@/server/transparency/public-figures";
import { EnergyChart } from "./charts";
import { chartNumber, FigureCell, type Unit } from "./figure-cell";

/** A chart point's words (the tooltip): the exact figure with its unit, or why it is hidden. */
export type ChartPoint = (a: Parameters<typeof chartNumber>[0], unit: Unit) => string;

const VIEWS = [
  { id: "day", label: "days" },
  { id: "month", label: "months" },
  { id: "year", label: "years" },
] as const;
type View = (typeof VIEWS)[number]["id"];

const rowLabel = (f: Formatter, view: View, key: string) => (view === "day" ? f.dayShort(key) : view === "month" ? f.month(key) : key);

/** The view asked for in the address (?view=day|month|year&month=YYYY-MM), else the latest month by day. */
export function energyView(figures: PublicFigures, sp: Record<string, string | string[] | undefined>) {
  const view: View = sp.view === "month" || sp.view === "year" ? sp.view : "day";
  const months = figures.energy.months.map((m) => m.key);
  const month = typeof sp.month === "string" && months.includes(sp.month) ? sp.month : months[months.length - 1];
  return { view, months, month };
}

export function EnergySection({ figures, market = false, base, view, months, month, point }: { figures: PublicFigures; market?: boolean; base: string; point: ChartPoint } & ReturnType<typeof energyView>) {
  const t = useTranslations("public");
  const f = formatterFor(useLocale());
  const rows = view === "year" ? figures.energy.years : view === "month" ? figures.energy.months : figures.energy.days.filter((d) => d.key.startsWith(month ?? "-"));
  const staticRule = figures.sharedFrom === "settlement-runs";
  return (
    <section aria-labelledby="energy-heading" className="space-y-4">
      <h2 id="energy-heading" className="text-xl font-semibold">
        {t("energyHeading")}
      </h2>
      <nav aria-label={t("resolution")} className="flex flex-wrap gap-2">
        {VIEWS.map((v) => (
          <Link
            key={v.id}
            href={`${base}?view=${v.id}`}
            aria-current={v.id === view ? "page" : undefined}
            className={`rounded-md border px-3 py-1.5 text-sm no-underline ${v.id === view ? "border-credit bg-credit text-white" : "border-slate-300 bg-white text-slate-900 hover:bg-slate-100"}`}
          >
            {t(v.label)}
          </Link>
        ))}
      </nav>
      {view === "day" && month ? <MonthPicker base={base} months={months} month={month} /> : null}
      {staticRule ? (
        <p className="text-sm text-slate-700">
          {market ? t("marketRule") : t("staticRule")}
        </p>
      ) : null}
      {rows.every((r) => [r.productionMWh, r.consumptionMWh, r.sharedMWh, r.surplusMWh].every((f) => !f?.shown)) ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600" data-testid="chart-all-hidden">
          {t("chartAllHidden")}
        </p>
      ) : (
        <figure className="rounded-lg border border-slate-200 bg-white p-4">
          <EnergyChart
            label={t("energyChartLabel", { view })}
            names={{ production: t("seriesProduction"), shared: t("seriesShared"), surplus: t("seriesSurplus"), consumption: t("seriesConsumption") }}
            data={rows.map((r) => ({
              label: rowLabel(f, view, r.key),
              production: chartNumber(r.productionMWh, 1e6),
              consumption: chartNumber(r.consumptionMWh, 1e6),
              shared: chartNumber(r.sharedMWh, 1e6),
              surplus: chartNumber(r.surplusMWh, 1e6),
              text: { production: point(r.productionMWh, "kWh"), consumption: point(r.consumptionMWh, "kWh"), shared: point(r.sharedMWh, "kWh"), surplus: point(r.surplusMWh, "kWh") },
            }))}
          />
          <figcaption className="mt-2 text-sm text-slate-600">{t("energyChartCaption", { view })}</figcaption>
        </figure>
      )}
      <EnergyTable rows={rows} view={view} staticRule={staticRule} />
    </section>
  );
}

function MonthPicker({ base, months, month }: { base: string; months: string[]; month: string }) {
  const t = useTranslations("public");
  const f = formatterFor(useLocale());
  const i = months.indexOf(month);
  const prev = months[i - 1];
  const next = months[i + 1];
  return (
    <nav aria-label={t("month")} className="flex items-center gap-4 text-sm">
      {prev ? <Link href={`${base}?view=day&month=${prev}`}>← {f.month(prev)}</Link> : null}
      <span className="font-medium" aria-current="date">
        {f.month(month)}
      </span>
      {next ? <Link href={`${base}?view=day&month=${next}`}>{f.month(next)} →</Link> : null}
    </nav>
  );
}

function EnergyTable({ rows, view, staticRule }: { rows: EnergyRow[]; view: View; staticRule: boolean }) {
  const t = useTranslations("public");
  const f = formatterFor(useLocale());
  const perPeriod = staticRule ? t("settledPerPeriod") : t("noDataCell");
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={t("energyTableCaption", { view })}>
      <table className="w-full text-left text-sm" data-testid="energy-table">
        <caption className="sr-only">{t("energyTableCaption", { view })}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">
              {t("columnPeriodKey", { view })}
            </th>
            <th scope="col" className="px-3 py-2">{t("columnProduction")}</th>
            <th scope="col" className="px-3 py-2">{t("columnConsumption")}</th>
            <th scope="col" className="px-3 py-2">{t("columnShared")}</th>
            <th scope="col" className="px-3 py-2">{t("columnSelfSufficiency")}</th>
            <th scope="col" className="px-3 py-2">{t("columnSelfConsumption")}</th>
            <th scope="col" className="px-3 py-2">{t("columnSurplus")}</th>
            <th scope="col" className="px-3 py-2">{t("columnCo2")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-slate-200">
              <th scope="row" className="px-3 py-2 font-medium whitespace-nowrap">
                {view === "day" ? f.date(r.key) : view === "month" ? f.month(r.key) : r.key}
              </th>
              <td className="px-3 py-2">
                <FigureCell figure={r.productionMWh} unit="kWh" />
              </td>
              <td className="px-3 py-2">
                <FigureCell figure={r.consumptionMWh} unit="kWh" />
              </td>
              <td className="px-3 py-2">
                <FigureCell figure={r.sharedMWh} unit="kWh" missing={perPeriod} />
              </td>
              <td className="px-3 py-2">
                <FigureCell figure={r.selfSufficiency} unit="percent" missing={staticRule ? perPeriod : "—"} />
              </td>
              <td className="px-3 py-2">
                <FigureCell figure={r.selfConsumption} unit="percent" missing={staticRule ? perPeriod : "—"} />
              </td>
              <td className="px-3 py-2">
                <FigureCell figure={r.surplusMWh} unit="kWh" missing={perPeriod} />
              </td>
              <td className="px-3 py-2">
                <FigureCell figure={r.avoidedCo2Micrograms} unit="kg" missing={perPeriod} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
