// The public page's community credits per settled period: a chart and the table of the same figures.
import { useLocale, useTranslations } from "next-intl";
import { formatterFor } from "@/app/_lib/format";
import type { PublicFigures } from "@/server/transparency/public-figures";
import { CreditsChart } from "./charts";
import { chartNumber, FigureCell } from "./figure-cell";
import type { ChartPoint } from "./energy-section";

export function CreditsSection({ figures, point }: { figures: PublicFigures; point: ChartPoint }) {
  const t = useTranslations("public");
  const f = formatterFor(useLocale());
  const staticRule = figures.sharedFrom === "settlement-runs";
  const market = figures.periods.some((p) => p.market);
  const price = (p: (typeof figures.periods)[number]) => {
    const a = p.market?.averagePriceEurPerKWh ?? null;
    if (!a) return <span className="text-sm text-slate-600">{t("noDataCell")}</span>;
    if (!a.shown) return <FigureCell figure={a} unit="EUR" />;
    return <span className="tabular-nums">{t("pricePerKWh", { price: f.eurDecimal(a.value) })}</span>;
  };
  return (
    <section aria-labelledby="credits-heading" className="space-y-4">
      <h2 id="credits-heading" className="text-xl font-semibold">
        {t("creditsHeading")}
      </h2>
      <p className="max-w-3xl text-sm text-slate-700">
        {t("creditsIntro")}
        {staticRule ? ` ${t("creditsStaticRule")}` : ""}
      </p>
      {figures.valueKeptTotalCents ? (
        <div className="rounded-lg border border-l-4 border-slate-200 border-l-shared bg-white p-4" data-testid="value-kept">
          <h3 className="font-semibold">{t("valueKeptHeading")}</h3>
          <p className="mt-1 max-w-3xl text-sm text-slate-700">{t("valueKeptIntro")}</p>
          <p className="mt-2 text-2xl font-semibold text-shared">
            <FigureCell figure={figures.valueKeptTotalCents} unit="EUR" />
          </p>
        </div>
      ) : null}
      {figures.periods.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">{t("noPeriods")}</p>
      ) : (
        <>
          <figure className="rounded-lg border border-slate-200 bg-white p-4">
            <CreditsChart
              label={t("creditsChartLabel")}
              names={{ credit: t("seriesCredit"), paidToDate: t("seriesPaidToDate") }}
              data={figures.periods.map((p) => ({
                label: f.period(p.from, p.to),
                credit: chartNumber(p.communityCreditCents, 100),
                paidToDate: chartNumber(p.creditsPaidToDateCents, 100),
                text: { credit: point(p.communityCreditCents, "EUR"), paidToDate: point(p.creditsPaidToDateCents, "EUR") },
              }))}
            />
            <figcaption className="mt-2 text-sm text-slate-600">{t("creditsChartCaption")}</figcaption>
          </figure>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={t("creditsHeading")}>
            <table className="w-full text-left text-sm" data-testid="credits-table">
              <caption className="sr-only">{t("creditsHeading")}</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">{t("columnPeriod")}</th>
                  {staticRule ? <th scope="col" className="px-3 py-2">{t("columnSharedSettled")}</th> : null}
                  {staticRule ? <th scope="col" className="px-3 py-2">{t("columnCo2")}</th> : null}
                  <th scope="col" className="px-3 py-2">{t("columnCredit")}</th>
                  <th scope="col" className="px-3 py-2">{t("columnPaidToDate")}</th>
                  {market ? <th scope="col" className="px-3 py-2">{t("columnValueKept")}</th> : null}
                  {market ? <th scope="col" className="px-3 py-2">{t("columnAveragePrice")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {figures.periods.map((p) => (
                  <tr key={`${p.from}/${p.to}`} className="border-t border-slate-200">
                    <th scope="row" className="px-3 py-2 font-medium whitespace-nowrap">
                      {f.period(p.from, p.to)}
                      {p.version > 1 ? <span className="ml-1 text-xs text-slate-600">{t("corrected", { version: p.version })}</span> : null}
                    </th>
                    {staticRule ? (
                      <td className="px-3 py-2">
                        <FigureCell figure={p.sharedMWh} unit="kWh" />
                      </td>
                    ) : null}
                    {staticRule ? (
                      <td className="px-3 py-2">
                        <FigureCell figure={p.avoidedCo2Micrograms} unit="kg" />
                      </td>
                    ) : null}
                    <td className="px-3 py-2">
                      <FigureCell figure={p.communityCreditCents} unit="EUR" />
                    </td>
                    <td className="px-3 py-2">
                      <FigureCell figure={p.creditsPaidToDateCents} unit="EUR" />
                    </td>
                    {market ? (
                      <td className="px-3 py-2">
                        <FigureCell figure={p.market?.valueKeptCents ?? null} unit="EUR" />
                      </td>
                    ) : null}
                    {market ? <td className="px-3 py-2">{price(p)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
