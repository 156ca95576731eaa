// The public page of a community: what it produced and shared, its credits, its members by kind, and
// the ledger's checkpoints. No login. Every figure comes through the privacy rule on the server
// (server/transparency); hidden ones say why.
import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/ui";
import { formatDate, formatMonth, formatPeriod, kindLabel, shortHash } from "@/app/_lib/format";
import { db } from "@/server/db/client";
import { publicCheckpoints } from "@/server/ledger/export-ledger";
import type { EnergyRow, PublicFigures } from "@/server/transparency/public-figures";
import { CreditsChart, EnergyChart } from "./charts";
import { chartNumber, FigureCell, type Unit } from "./figure-cell";
import { loadPublicStats } from "./load";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Pick<Params, "params">): Promise<Metadata> {
  const stats = await loadPublicStats((await params).slug);
  return { title: `${stats.community.name}: public figures` };
}

const VIEWS = [
  { id: "day", label: "Days" },
  { id: "month", label: "Months" },
  { id: "year", label: "Years" },
] as const;
type View = (typeof VIEWS)[number]["id"];

const dayLabel = (key: string) => new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${key}T00:00:00Z`));
const rowLabel = (view: View, key: string) => (view === "day" ? dayLabel(key) : view === "month" ? formatMonth(key) : key);

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

  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm text-slate-600">Energy community of {community.municipality} · public figures</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{community.name}</h1>
        <p className="mt-3 max-w-3xl text-slate-700">
          What the members&apos; solar panels produced, how much of it neighbours used (shared energy), and the credits paid for it.
          {total ? ` Figures from ${formatDate(total.from)} to ${formatDate(lastDay(total.to))}.` : ""}
        </p>
        <p className="mt-2 max-w-3xl text-sm text-slate-600" data-testid="privacy-rule">
          To protect each household, a figure is shown only when it combines at least {figures.privacy.k} members and no single member is more than{" "}
          {figures.privacy.maxSharePercent} % of it, and never for less than a day. Otherwise it is hidden, and the page says why.
        </p>
      </header>

      {total ? <AtAGlance figures={figures} total={total} /> : <NoData />}

      <MembersCard figures={figures} />

      {total ? (
        <section aria-labelledby="energy-heading" className="space-y-4">
          <h2 id="energy-heading" className="text-xl font-semibold">
            Energy over time
          </h2>
          <nav aria-label="Time resolution" className="flex flex-wrap gap-2">
            {VIEWS.map((v) => (
              <Link
                key={v.id}
                href={`${base}?view=${v.id}`}
                aria-current={v.id === view ? "page" : undefined}
                className={`rounded-md border px-3 py-1.5 text-sm no-underline ${v.id === view ? "border-credit bg-credit text-white" : "border-slate-300 bg-white text-slate-900 hover:bg-slate-100"}`}
              >
                {v.label}
              </Link>
            ))}
          </nav>
          {view === "day" && month ? <MonthPicker base={base} months={months} month={month} /> : null}
          {staticRule ? (
            <p className="text-sm text-slate-700">
              This community shares energy by fixed keys (static rule): shared energy is known only per settled period, from the final settlement runs. See
              &quot;Settlement periods and credits&quot; below.
            </p>
          ) : null}
          {rows.every((r) => [r.productionMWh, r.consumptionMWh, r.sharedMWh, r.surplusMWh].every((f) => !f?.shown)) ? (
            <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600" data-testid="chart-all-hidden">
              Every figure here is hidden to protect the members, so there is nothing to draw. The table below says why.
            </p>
          ) : (
            <figure className="rounded-lg border border-slate-200 bg-white p-4">
              <EnergyChart
                label={`Chart of production, shared energy, surplus to the grid and consumption per ${view}, in kWh. The same numbers are in the table below.`}
                data={rows.map((r) => ({
                  label: rowLabel(view, r.key),
                  production: chartNumber(r.productionMWh, 1e6),
                  consumption: chartNumber(r.consumptionMWh, 1e6),
                  shared: chartNumber(r.sharedMWh, 1e6),
                  surplus: chartNumber(r.surplusMWh, 1e6),
                }))}
              />
              <figcaption className="mt-2 text-sm text-slate-600">Energy per {view} in kWh; hidden figures leave a gap. Numbers in the table below.</figcaption>
            </figure>
          )}
          <EnergyTable rows={rows} view={view} staticRule={staticRule} />
        </section>
      ) : null}

      <CreditsSection figures={figures} />

      <Card title="The ledger">
        <p className="text-sm text-slate-700">
          Every credit is written in a tamper-evident ledger. Its state is sealed by checkpoints (the size of the ledger and a fingerprint of all its entries,
          called a Merkle root) that anyone can check against a copy of the ledger.
        </p>
        {latest ? (
          <p className="mt-3 text-sm" data-testid="latest-checkpoint">
            Latest checkpoint: {Number(latest.treeSize).toLocaleString()} entries, root{" "}
            <code className="font-mono" title={latest.root}>
              {shortHash(latest.root, 16)}
            </code>
            , {formatDate(latest.createdAt)}.
          </p>
        ) : (
          <p className="mt-3 text-sm text-slate-600">No settlement period has been finalized yet, so the ledger is empty.</p>
        )}
        <p className="mt-3">
          <Link href={`${base}/ledger`}>Checkpoints, download and how to verify</Link>
        </p>
      </Card>
    </div>
  );
}

const lastDay = (exclusiveEnd: string) => new Date(Date.parse(`${exclusiveEnd}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

function NoData() {
  return <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No meter data has been published for this community yet.</p>;
}

function AtAGlance({ figures, total }: { figures: PublicFigures; total: EnergyRow }) {
  const items: { label: string; term?: string; figure: Parameters<typeof FigureCell>[0]["figure"]; unit: Unit; color: string; testId: string }[] = [
    { label: "Production", term: "Energy the members' panels sent to the grid", figure: total.productionMWh, unit: "kWh", color: "border-l-sun", testId: "total-production" },
    { label: "Consumption", term: "Energy the members took from the grid", figure: total.consumptionMWh, unit: "kWh", color: "border-l-grid", testId: "total-consumption" },
    { label: "Shared energy", term: "Energy neighbours used from the community's panels, interval by interval", figure: total.sharedMWh, unit: "kWh", color: "border-l-shared", testId: "total-shared" },
    { label: "Self-sufficiency", term: "Shared energy ÷ consumption", figure: total.selfSufficiency, unit: "percent", color: "border-l-shared", testId: "total-self-sufficiency" },
    { label: "Self-consumption", term: "Shared energy ÷ production", figure: total.selfConsumption, unit: "percent", color: "border-l-shared", testId: "total-self-consumption" },
    { label: "Surplus to the grid", term: "Production − shared energy", figure: total.surplusMWh, unit: "kWh", color: "border-l-grid", testId: "total-surplus" },
    { label: "CO₂ avoided", term: "Shared energy × the grid's emissions per kWh", figure: total.avoidedCo2Micrograms, unit: "kg", color: "border-l-shared", testId: "total-co2" },
    { label: "Community Credit", term: "Credits paid to members for shared energy, all settled periods", figure: figures.communityCreditTotalCents, unit: "EUR", color: "border-l-credit", testId: "total-credit" },
  ];
  return (
    <section aria-labelledby="glance-heading">
      <h2 id="glance-heading" className="mb-3 text-xl font-semibold">
        At a glance, {formatDate(total.from)} – {formatDate(lastDay(total.to))}
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
              <FigureCell figure={i.figure} unit={i.unit} missing={i.unit === "EUR" ? "nothing settled yet" : "not known per day"} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function MembersCard({ figures }: { figures: PublicFigures }) {
  return (
    <section aria-labelledby="members-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="members-heading" className="text-lg font-semibold">
        Members today
      </h2>
      <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="member-counts">
        <div>
          <dt className="text-sm text-slate-700">All members</dt>
          <dd className="text-lg font-semibold">
            <FigureCell figure={figures.members.total} unit="count" />
          </dd>
        </div>
        {figures.members.byKind.map((k) => (
          <div key={k.kind}>
            <dt className="text-sm text-slate-700">{kindLabel[k.kind]}s</dt>
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
  const i = months.indexOf(month);
  const prev = months[i - 1];
  const next = months[i + 1];
  return (
    <nav aria-label="Month" className="flex items-center gap-4 text-sm">
      {prev ? <Link href={`${base}?view=day&month=${prev}`}>← {formatMonth(prev)}</Link> : null}
      <span className="font-medium" aria-current="date">
        {formatMonth(month)}
      </span>
      {next ? <Link href={`${base}?view=day&month=${next}`}>{formatMonth(next)} →</Link> : null}
    </nav>
  );
}

function EnergyTable({ rows, view, staticRule }: { rows: EnergyRow[]; view: View; staticRule: boolean }) {
  const perPeriod = staticRule ? "settled per period" : "no data";
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="energy-table">
        <caption className="sr-only">Energy per {view}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">
              {view === "day" ? "Day" : view === "month" ? "Month" : "Year"}
            </th>
            <th scope="col" className="px-3 py-2">Production (kWh)</th>
            <th scope="col" className="px-3 py-2">Consumption (kWh)</th>
            <th scope="col" className="px-3 py-2">Shared energy (kWh)</th>
            <th scope="col" className="px-3 py-2">Self-sufficiency (%)</th>
            <th scope="col" className="px-3 py-2">Self-consumption (%)</th>
            <th scope="col" className="px-3 py-2">Surplus to the grid (kWh)</th>
            <th scope="col" className="px-3 py-2">CO₂ avoided (kg)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-slate-200">
              <th scope="row" className="px-3 py-2 font-medium whitespace-nowrap">
                {view === "day" ? formatDate(r.key) : view === "month" ? formatMonth(r.key) : r.key}
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

function CreditsSection({ figures }: { figures: PublicFigures }) {
  const staticRule = figures.sharedFrom === "settlement-runs";
  return (
    <section aria-labelledby="credits-heading" className="space-y-4">
      <h2 id="credits-heading" className="text-xl font-semibold">
        Settlement periods and credits
      </h2>
      <p className="max-w-3xl text-sm text-slate-700">
        Each period is settled once its meter data is complete: consumers pay the community price for the shared energy they used, and producers are credited
        for it. The Community Credit is the sum of those credits; the running total comes from the ledger.
        {staticRule ? " Shared energy here is as settled by the final runs." : ""}
      </p>
      {figures.periods.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No period has been settled yet.</p>
      ) : (
        <>
          <figure className="rounded-lg border border-slate-200 bg-white p-4">
            <CreditsChart
              label="Chart of the Community Credit per settlement period and the credits paid out to date, in euros. The same numbers are in the table below."
              data={figures.periods.map((p) => ({ label: formatPeriod(p.from, p.to), credit: chartNumber(p.communityCreditCents, 100), paidToDate: chartNumber(p.creditsPaidToDateCents, 100) }))}
            />
            <figcaption className="mt-2 text-sm text-slate-600">Community Credit per settlement period in euros. Numbers in the table below.</figcaption>
          </figure>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="credits-table">
              <caption className="sr-only">Settlement periods and credits</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">Period</th>
                  {staticRule ? <th scope="col" className="px-3 py-2">Shared energy, as settled (kWh)</th> : null}
                  {staticRule ? <th scope="col" className="px-3 py-2">CO₂ avoided (kg)</th> : null}
                  <th scope="col" className="px-3 py-2">Community Credit (EUR)</th>
                  <th scope="col" className="px-3 py-2">Credits paid out to date (EUR)</th>
                </tr>
              </thead>
              <tbody>
                {figures.periods.map((p) => (
                  <tr key={`${p.from}/${p.to}`} className="border-t border-slate-200">
                    <th scope="row" className="px-3 py-2 font-medium whitespace-nowrap">
                      {formatPeriod(p.from, p.to)}
                      {p.version > 1 ? <span className="ml-1 text-xs text-slate-600">(corrected, version {p.version})</span> : null}
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
