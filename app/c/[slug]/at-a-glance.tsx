// The public page's first look: the whole period's figures as cards (or that there are none yet).
import { useLocale, useTranslations } from "next-intl";
import { formatterFor } from "@/app/_lib/format";
import { lastDayOf } from "@/server/shared/iso-date";
import type { EnergyRow, PublicFigures } from "@/server/transparency/public-figures";
import { FigureCell, type Unit } from "./figure-cell";

export function NoData() {
  const t = useTranslations("public");
  return <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">{t("noData")}</p>;
}

export function AtAGlance({ figures, total }: { figures: PublicFigures; total: EnergyRow }) {
  const t = useTranslations("public");
  const f = formatterFor(useLocale());
  const tp = useTranslations("plainPages.public");
  const items: { label: string; term?: string; explained?: string; figure: Parameters<typeof FigureCell>[0]["figure"]; unit: Unit; color: string; testId: string }[] = [
    { label: t("production"), term: t("productionTerm"), figure: total.productionMWh, unit: "kWh", color: "border-l-sun", testId: "total-production" },
    { label: t("consumption"), term: t("consumptionTerm"), figure: total.consumptionMWh, unit: "kWh", color: "border-l-grid", testId: "total-consumption" },
    { label: t("shared"), term: t("sharedTerm"), figure: total.sharedMWh, unit: "kWh", color: "border-l-shared", testId: "total-shared" },
    { label: t("selfSufficiency"), term: t("selfSufficiencyTerm"), explained: tp("selfSufficiencyExplained"), figure: total.selfSufficiency, unit: "percent", color: "border-l-shared", testId: "total-self-sufficiency" },
    { label: t("selfConsumption"), term: t("selfConsumptionTerm"), explained: tp("selfConsumptionExplained"), figure: total.selfConsumption, unit: "percent", color: "border-l-shared", testId: "total-self-consumption" },
    { label: t("surplus"), term: t("surplusTerm"), figure: total.surplusMWh, unit: "kWh", color: "border-l-grid", testId: "total-surplus" },
    { label: t("co2"), term: t("co2Term"), figure: total.avoidedCo2Micrograms, unit: "kg", color: "border-l-shared", testId: "total-co2" },
    { label: t("communityCredit"), term: t("communityCreditTerm"), figure: figures.communityCreditTotalCents, unit: "EUR", color: "border-l-credit", testId: "total-credit" },
  ];
  return (
    <section aria-labelledby="glance-heading">
      <h2 id="glance-heading" className="mb-3 text-xl font-semibold">
        {t("glance", { from: f.date(total.from), to: f.date(lastDayOf(total.to)) })}
      </h2>
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {items.map((i) => (
          <div key={i.label} className={`rounded-lg border border-l-4 border-slate-200 bg-white p-4 ${i.color}`} data-testid={i.testId}>
            <dt className="text-sm text-slate-700">
              <abbr title={i.term} className="no-underline">
                {i.label}
              </abbr>
              {i.explained ? <span className="mt-1 block text-xs text-slate-600">{i.explained}</span> : null}
            </dt>
            <dd className="mt-1 text-xl font-semibold">
              <FigureCell figure={i.figure} unit={i.unit} missing={i.unit === "EUR" ? t("nothingSettled") : t("notKnownPerDay")} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
