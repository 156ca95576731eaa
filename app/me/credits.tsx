"use client";
// Shared energy and Prosumer Credit per settled period, with the calculation shown, a PDF statement
// per period, and the PC account in the ledger with its running balance (reversals included).
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatDateTime, formatEurFromCents, formatPeriod } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { COLORS, KWhBarChart, kwh3, kwhNumber } from "./energy-chart";

type Credits = inferRouterOutputs<AppRouter>["me"]["credits"];
type PeriodCredit = Credits["periods"][number];

const eur = (cents: string, signed = false) => formatEurFromCents(cents, undefined, { signed });
const shortPeriod = (p: { periodStart: string; periodEnd: string }) => formatPeriod(p.periodStart, p.periodEnd);

/** The technical term in a tooltip, the plain words in the text (DESIGN §6). */
export function Term({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <abbr title={title} className="cursor-help underline decoration-dotted underline-offset-2">
      {children}
    </abbr>
  );
}

export function MyCredits({ memberId }: { memberId: string }) {
  const trpc = useTRPC();
  const credits = useQuery(trpc.me.credits.queryOptions({ memberId }));
  if (credits.error) return <ErrorBox {...errorDetails(credits.error)} />;
  if (!credits.data) return <Loading what="Loading your credits" />;
  const c = credits.data;
  if (c.periods.length === 0 && c.ledger.entries.length === 0) {
    return <Empty>Your credits — the value of the energy you shared with your neighbours — will appear here after the community&apos;s first settlement.</Empty>;
  }
  return (
    <div className="space-y-8">
      <SharedEnergy periods={c.periods} />
      <section aria-labelledby={`pc-${memberId}`} className="space-y-4">
        <h3 id={`pc-${memberId}`} className="text-lg font-semibold">
          Your <Term title="Prosumer Credit (PC): what you are credited for energy your panels gave your neighbours, minus what you pay for energy you got from theirs">Prosumer Credit</Term> per period
        </h3>
        <ul className="space-y-4" data-testid="my-credits">
          {c.periods.map((p) => (
            <li key={p.runId}>
              <PeriodCard memberId={memberId} p={p} />
            </li>
          ))}
        </ul>
      </section>
      <PcAccount ledger={c.ledger} />
    </div>
  );
}

function SharedEnergy({ periods }: { periods: PeriodCredit[] }) {
  const rows = [...periods].reverse().map((p) => ({ label: shortPeriod(p), allocated: kwhNumber(p.allocatedMWh), delivered: kwhNumber(p.deliveredMWh), p }));
  const anyDelivered = periods.some((p) => p.deliveredMWh !== "0");
  const caption = "Energy shared with your neighbours per settled period";
  return (
    <section aria-labelledby="shared-energy" className="space-y-3">
      <h3 id="shared-energy" className="text-lg font-semibold">
        Energy you got from your neighbours&apos; panels{" "}
        <span className="text-sm font-normal text-slate-600">
          (<Term title="Shared energy: the part of your consumption that the community's production covered in the same quarter hour (allocated to you by the community's rule)">shared energy</Term>)
        </span>
      </h3>
      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <figure className="h-64 min-w-0" aria-label={`${caption}: bar chart, the same numbers are in the table`}>
          <KWhBarChart
            rows={rows.map(({ label, allocated, delivered }) => ({ label, allocated, delivered }))}
            bars={[
              { key: "allocated", name: "From your neighbours' panels", color: COLORS.shared },
              ...(anyDelivered ? [{ key: "delivered", name: "Your panels' energy your neighbours used", color: COLORS.injection }] : []),
            ]}
          />
        </figure>
        <div className="overflow-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label={`${caption} (scrollable table)`}>
          <table className="w-full text-left text-sm" data-testid="shared-energy-table">
            <caption className="sr-only">{caption}</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">Period</th>
                <th scope="col" className="px-3 py-2 text-right">From neighbours</th>
                {anyDelivered ? <th scope="col" className="px-3 py-2 text-right">To neighbours</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.p.runId} className="border-t border-slate-200">
                  <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-normal">{r.label}</th>
                  <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums text-shared">{kwh3(r.p.allocatedMWh)}</td>
                  {anyDelivered ? <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums text-sun">{kwh3(r.p.deliveredMWh)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function PeriodCard({ memberId, p }: { memberId: string; p: PeriodCredit }) {
  const positive = BigInt(p.pcCents) > 0n;
  return (
    <article className="rounded-md border border-slate-200 p-4" aria-label={`Period ${shortPeriod(p)}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h4 className="font-medium">
          {shortPeriod(p)}
          {p.version > 1 ? <span className="ml-2 text-sm font-normal text-slate-600">corrected (version {p.version}); the earlier figures were reversed in the ledger</span> : null}
        </h4>
        <p className="text-sm">
          Prosumer Credit: <span className={`text-lg font-semibold tabular-nums ${positive ? "text-credit" : ""}`} data-testid="period-pc">{eur(p.pcCents, true)}</span>
        </p>
      </div>
      <dl className="mt-3 grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm sm:max-w-xl">
        <dt>Your consumption</dt>
        <dd className="text-right tabular-nums">{kwh3(p.consumptionMWh)}</dd>
        <dt>
          from your neighbours&apos; panels (<Term title="Allocated energy: your share of the community's production in each quarter hour">allocated</Term>)
        </dt>
        <dd className="text-right tabular-nums text-shared">{kwh3(p.allocatedMWh)}</dd>
        <dt>Your panels sent to the grid</dt>
        <dd className="text-right tabular-nums">{kwh3(p.injectionMWh)}</dd>
        <dt>
          of which your neighbours used (<Term title="Delivered energy: your injection that other members were allocated">delivered</Term>)
        </dt>
        <dd className="text-right tabular-nums text-sun">{kwh3(p.deliveredMWh)}</dd>
      </dl>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-credit">How this was calculated</summary>
        <div className="mt-2 space-y-1 rounded bg-slate-50 p-3" data-testid="calculation">
          {p.flat ? (
            <>
              <p>Community price: €{p.flat.priceEurPerKWh} per kWh.</p>
              <p>
                You pay: {kwh3(p.allocatedMWh)} × €{p.flat.priceEurPerKWh} = €{p.flat.debitExactEur} → <strong>{eur(p.debitCents)}</strong>
              </p>
              <p>
                You are credited: {kwh3(p.deliveredMWh)} × €{p.flat.priceEurPerKWh} = €{p.flat.creditExactEur} → <strong>{eur(p.creditCents)}</strong>
              </p>
              <p>
                Prosumer Credit = credited − paid = {eur(p.creditCents)} − {eur(p.debitCents)} = <strong>{eur(p.pcCents, true)}</strong>
              </p>
              <p className="text-slate-600">Amounts are rounded to the cent once; the last cents go by largest remainder so that the community&apos;s totals match to the cent.</p>
            </>
          ) : p.incentive ? (
            <>
              <p>
                Your share of the <Term title="DM 414/2023 incentive (TIP) and ARERA valorisation on the community's shared energy">incentive</Term>: <strong>{eur(p.incentive.creditCents)}</strong>
              </p>
              <p>
                The community shares it: producers {p.incentive.split.producers} (by energy delivered), consumers {p.incentive.split.consumers} (by energy allocated), community fund {p.incentive.split.fund}.
              </p>
              <p>
                Prosumer Credit: <strong>{eur(p.pcCents, true)}</strong>
              </p>
            </>
          ) : null}
        </div>
      </details>
      <p className="mt-3 text-sm">
        <a href={`/me/statement?memberId=${memberId}&runId=${p.runId}`} download>
          Statement for {shortPeriod(p)} (PDF)
        </a>{" "}
        <span className="text-slate-600">· settled {formatDateTime(p.finalizedAt)}</span>
      </p>
    </article>
  );
}

const KIND: Record<string, string> = {
  SHARED_ENERGY_DEBIT: "Energy from neighbours (you pay)",
  SHARED_ENERGY_CREDIT: "Energy to neighbours (you are credited)",
  INCENTIVE_CREDIT: "Incentive share",
  REVERSAL: "Reversal (correction)",
};

function PcAccount({ ledger }: { ledger: Credits["ledger"] }) {
  if (ledger.entries.length === 0) return null;
  return (
    <section aria-labelledby="pc-account" className="space-y-3">
      <h3 id="pc-account" className="text-lg font-semibold">Your credit account</h3>
      <p className="text-sm" data-testid="my-balance">
        Balance of <span className="font-mono">{ledger.account}</span>: <span className="text-lg font-semibold tabular-nums">{eur(ledger.balanceCents)}</span>{" "}
        <span className="text-slate-600">(positive: the community owes you; negative: you owe the community)</span>
      </p>
      <div className="max-h-80 overflow-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label="Entries of your credit account (scrollable table)">
        <table className="w-full text-left text-sm" data-testid="my-ledger">
          <caption className="sr-only">Entries of your credit account, newest first, with the balance after each</caption>
          <thead className="sticky top-0 bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 text-right">Entry</th>
              <th scope="col" className="px-3 py-2">Period</th>
              <th scope="col" className="px-3 py-2">What</th>
              <th scope="col" className="px-3 py-2 text-right">Amount</th>
              <th scope="col" className="px-3 py-2 text-right">Balance</th>
            </tr>
          </thead>
          <tbody>
            {[...ledger.entries].reverse().map((e) => (
              <tr key={e.seq} className="border-t border-slate-200">
                <td className="px-3 py-1.5 text-right tabular-nums">#{e.seq}</td>
                <td className="whitespace-nowrap px-3 py-1.5">{formatPeriod(e.periodStart, e.periodEnd)}</td>
                <td className="px-3 py-1.5">
                  <span title={e.kind}>{KIND[e.kind] ?? e.kind}</span>
                  {e.reversesSeq ? ` of #${e.reversesSeq}` : ""}
                </td>
                <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">{eur(e.amountCents, true)}</td>
                <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">{eur(e.balanceAfterCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
