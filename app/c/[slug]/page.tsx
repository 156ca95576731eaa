// The public page of a community: what it produced and shared, its credits, its members by kind, and
// the ledger's checkpoints. No login. Every figure comes through the privacy rule on the server
// (server/transparency); hidden ones say why.
import type { Metadata } from "next";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/app/_components/ui";
import { formatterFor, shortHash, type Formatter } from "@/app/_lib/format";
import { db } from "@/server/db/client";
import { publicCheckpoints } from "@/server/ledger/export-ledger";
import type { EnergyRow, Hidden, PublicFigures } from "@/server/transparency/public-figures";
import { CreditsChart, EnergyChart } from "./charts";
import { chartNumber, chartText, FigureCell, type Unit } from "./figure-cell";
import { loadPublicStats } from "./load";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Pick<Params, "params">): Promise<Metadata> {
  const stats = await loadPublicStats((await params).slug);
  const t = await getTranslations("public");
  return { title: t("metaTitle", { community: stats.community.name }) };
}

const VIEWS = [
  { id: "day", label: "days" },
  { id: "month", label: "months" },
  { id: "year", label: "years" },
] as const;
type View = (typeof VIEWS)[number]["id"];

const rowLabel = (f: Formatter, view: View, key: string) => (view === "day" ? f.dayShort(key) : view === "month" ? f.month(key) : key);

export default async function PublicCommunityPage({ params, searchParams }: Params) {
  const { slug } = await params;
  const sp = await searchParams;
  const stats = await loadPublicStats(slug);
  const { community, figures } = stats;
  const view: View = sp.view === "month" || sp.view === "year" ? sp.view : "day";
  const months = figures.energy.months.map((m) => m.key);
  const month = typeof sp.month === "string" && months.includes(sp.month) ? sp.month : months[months.length - 1];
  const rows = view === "year" ? figures.energy.years : view === "month" ? figures.energy.months : figures.energy.days.filter((d) => d.key.startsWith(month ?? "-"));
  const base = `/c/${community.slug}`;
  const staticRule = figures.sharedFrom === "settlement-runs";
  const checkpoints = await publicCheckpoints(db(), (await db().community.findUniqueOrThrow({ where: { slug: community.slug }, select: { id: true } })).id);
  const latest = checkpoints[0];
  const total = figures.energy.total;
  const t = await getTranslations("public");
  const f = formatterFor(await getLocale());
  const hiddenText = await hiddenTextServer();
  const point = (a: Parameters<typeof chartNumber>[0], unit: Unit) => chartText(a, unit, f, hiddenText, t("noDataCell"));

  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm text-slate-600">{t("kicker", { municipality: community.municipality })}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{community.name}</h1>
        <p className="mt-3 max-w-3xl text-slate-700">
          {t("intro")}
          {total ? ` ${t("introRange", { from: f.date(total.from), to: f.date(lastDay(total.to)) })}` : ""}
        </p>
        <p className="mt-2 max-w-3xl text-sm text-slate-600" data-testid="privacy-rule">
          {t("privacyRule", { k: figures.privacy.k, maxSharePercent: figures.privacy.maxSharePercent })}
        </p>
      </header>

      {total ? <AtAGlance figures={figures} total={total} /> : <NoData />}

      <MembersCard figures={figures} />

      {total ? (
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
              {t("staticRule")}
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
      ) : null}

      <CreditsSection figures={figures} point={point} />

      <Card title={t("ledgerHeading")}>
        <p className="text-sm text-slate-700">{t("ledgerText")}</p>
        {latest ? (
          <p className="mt-3 text-sm" data-testid="latest-checkpoint">
            {t.rich("latestCheckpoint", {
              entries: f.count(latest.treeSize),
              root: shortHash(latest.root, 16),
              date: f.date(latest.createdAt),
              code: (chunks) => (
                <code className="font-mono" title={latest.root}>
                  {chunks}
                </code>
              ),
            })}
          </p>
        ) : (
          <p className="mt-3 text-sm text-slate-600">{t("noCheckpoint")}</p>
        )}
        <p className="mt-3">
          <Link href={`${base}/ledger`}>{t("ledgerLink")}</Link>
        </p>
      </Card>
    </div>
  );
}

/** Hidden figures' words for server code that is not a component (chart tooltips). */
async function hiddenTextServer() {
  const t = await getTranslations("privacy");
  return (h: Hidden) => t("hidden", { reason: t(`reason.${h.reason}`, h.params) });
}

const lastDay = (exclusiveEnd: string) => new Date(Date.parse(`${exclusiveEnd}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

function NoData() {
  const t = useTranslations("public");
  return <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">{t("noData")}</p>;
}

function AtAGlance({ figures, total }: { figures: PublicFigures; total: EnergyRow }) {
  const t = useTranslations("public");
  const f = formatterFor(useLocale());
  const items: { label: string; term?: string; figure: Parameters<typeof FigureCell>[0]["figure"]; unit: Unit; color: string; testId: string }[] = [
    { label: t("production"), term: t("productionTerm"), figure: total.productionMWh, unit: "kWh", color: "border-l-sun", testId: "total-production" },
    { label: t("consumption"), term: t("consumptionTerm"), figure: total.consumptionMWh, unit: "kWh", color: "border-l-grid", testId: "total-consumption" },
    { label: t("shared"), term: t("sharedTerm"), figure: total.sharedMWh, unit: "kWh", color: "border-l-shared", testId: "total-shared" },
    { label: t("selfSufficiency"), term: t("selfSufficiencyTerm"), figure: total.selfSufficiency, unit: "percent", color: "border-l-shared", testId: "total-self-sufficiency" },
    { label: t("selfConsumption"), term: t("selfConsumptionTerm"), figure: total.selfConsumption, unit: "percent", color: "border-l-shared", testId: "total-self-consumption" },
    { label: t("surplus"), term: t("surplusTerm"), figure: total.surplusMWh, unit: "kWh", color: "border-l-grid", testId: "total-surplus" },
    { label: t("co2"), term: t("co2Term"), figure: total.avoidedCo2Micrograms, unit: "kg", color: "border-l-shared", testId: "total-co2" },
    { label: t("communityCredit"), term: t("communityCreditTerm"), figure: figures.communityCreditTotalCents, unit: "EUR", color: "border-l-credit", testId: "total-credit" },
  ];
  return (
    <section aria-labelledby="glance-heading">
      <h2 id="glance-heading" className="mb-3 text-xl font-semibold">
        {t("glance", { from: f.date(total.from), to: f.date(lastDay(total.to)) })}
      </h2>
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {items.map((i) => (
          <div key={i.label} className={`rounded-lg border border-l-4 border-slate-200 bg-white p-4 ${i.color}`} data-testid={i.testId}>
            <dt className="text-sm text-slate-700">
              <abbr title={i.term} className="no-underline">
                {i.label}
              </abbr>
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

function MembersCard({ figures }: { figures: PublicFigures }) {
  const t = useTranslations();
  return (
    <section aria-labelledby="members-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="members-heading" className="text-lg font-semibold">
        {t("public.membersToday")}
      </h2>
      <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="member-counts">
        <div>
          <dt className="text-sm text-slate-700">{t("public.allMembers")}</dt>
          <dd className="text-lg font-semibold">
            <FigureCell figure={figures.members.total} unit="count" />
          </dd>
        </div>
        {figures.members.byKind.map((k) => (
          <div key={k.kind}>
            <dt className="text-sm text-slate-700">{t(`kindPlural.${k.kind}`)}</dt>
            <dd className="text-lg font-semibold">
              <FigureCell figure={k.count} unit="count" />
            </dd>
          </div>
        ))}
      </dl>
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
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
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

function CreditsSection({ figures, point }: { figures: PublicFigures; point: (a: Parameters<typeof chartNumber>[0], unit: Unit) => string }) {
  const t = useTranslations("public");
  const f = formatterFor(useLocale());
  const staticRule = figures.sharedFrom === "settlement-runs";
  return (
    <section aria-labelledby="credits-heading" className="space-y-4">
      <h2 id="credits-heading" className="text-xl font-semibold">
        {t("creditsHeading")}
      </h2>
      <p className="max-w-3xl text-sm text-slate-700">
        {t("creditsIntro")}
        {staticRule ? ` ${t("creditsStaticRule")}` : ""}
      </p>
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
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="credits-table">
              <caption className="sr-only">{t("creditsHeading")}</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">{t("columnPeriod")}</th>
                  {staticRule ? <th scope="col" className="px-3 py-2">{t("columnSharedSettled")}</th> : null}
                  {staticRule ? <th scope="col" className="px-3 py-2">{t("columnCo2")}</th> : null}
                  <th scope="col" className="px-3 py-2">{t("columnCredit")}</th>
                  <th scope="col" className="px-3 py-2">{t("columnPaidToDate")}</th>
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
