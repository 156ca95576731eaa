"use client";
// Shared energy and the credit or charge per settled period (newest period first, whenever it was
// settled), only the rows that apply to the member's kind, kWh to the Wh everywhere, with the
// calculation shown, a PDF statement per period, and the PC account in the ledger with its running
// balance (reversals included, in the order they were recorded).
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useLocale, useTranslations } from "next-intl";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor, type Formatter } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { byPeriodNewestFirst, netWording, rowsFor, type MemberKind } from "@/server/residents/resident-summary";
import { COLORS, KWhBarChart, kwhNumber, useKwh3 } from "./energy-chart";

type Credits = inferRouterOutputs<AppRouter>["me"]["credits"];
type PeriodCredit = Credits["periods"][number];

const shortPeriod = (f: Formatter, p: { periodStart: string; periodEnd: string }) => f.period(p.periodStart, p.periodEnd);

/** Amounts from integer cents in the page's language; `signed` adds "+" to positive ones. */
function useEur() {
  const f = formatterFor(useLocale());
  return (cents: string, signed = false) => f.eur(cents, { signed });
}

const useTranslationsPlain = () => useTranslations("plainPages.me");

/** The technical term in a tooltip, the plain words in the text (DESIGN §6). */
export function Term({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <abbr title={title} className="cursor-help underline decoration-dotted underline-offset-2">
      {children}
    </abbr>
  );
}

export function MyCredits({ memberId, kind }: { memberId: string; kind: MemberKind }) {
  const trpc = useTRPC();
  const credits = useQuery(trpc.me.credits.queryOptions({ memberId }));
  const t = useTranslations("credits");
  const tp = useTranslationsPlain();
  if (credits.error) return <ErrorBox {...errorDetails(credits.error)} />;
  if (!credits.data) return <Loading what={t("loading")} />;
  const c = { ...credits.data, periods: byPeriodNewestFirst(credits.data.periods) };
  if (c.periods.length === 0 && c.ledger.entries.length === 0) {
    return <Empty>{t("empty")}</Empty>;
  }
  return (
    <div className="space-y-8">
      <SharedEnergy periods={c.periods} />
      <section aria-labelledby={`pc-${memberId}`} className="space-y-4">
        <h3 id={`pc-${memberId}`} className="text-lg font-semibold">
          <Term title={t("pcTerm")}>{tp("perPeriodHeading")}</Term>
        </h3>
        <ul className="space-y-4" data-testid="my-credits">
          {c.periods.map((p) => (
            <li key={p.runId}>
              <PeriodCard memberId={memberId} p={p} kind={kind} />
            </li>
          ))}
        </ul>
      </section>
      <PcAccount ledger={c.ledger} />
    </div>
  );
}

function SharedEnergy({ periods }: { periods: PeriodCredit[] }) {
  const t = useTranslations("credits");
  const te = useTranslations("energy");
  const f = formatterFor(useLocale());
  const kwh3 = useKwh3();
  const rows = [...periods].reverse().map((p) => ({
    label: shortPeriod(f, p),
    allocated: kwhNumber(p.allocatedMWh),
    delivered: kwhNumber(p.deliveredMWh),
    text: { allocated: kwh3(p.allocatedMWh), delivered: kwh3(p.deliveredMWh) },
    p,
  }));
  const anyDelivered = periods.some((p) => p.deliveredMWh !== "0");
  const caption = t("sharedCaption");
  return (
    <section aria-labelledby="shared-energy" className="space-y-3">
      <h3 id="shared-energy" className="text-lg font-semibold">
        {t("sharedHeading")}{" "}
        <span className="text-sm font-normal text-slate-600">
          (<Term title={t("sharedTerm")}>{t("sharedTermWord")}</Term>)
        </span>
      </h3>
      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <figure className="h-64 min-w-0" aria-label={te("chartLabel", { caption })}>
          <KWhBarChart
            rows={rows.map(({ label, allocated, delivered, text }) => ({ label, allocated, delivered, text }))}
            bars={[
              { key: "allocated", name: t("fromNeighboursBar"), color: COLORS.shared },
              ...(anyDelivered ? [{ key: "delivered", name: t("toNeighboursBar"), color: COLORS.injection }] : []),
            ]}
          />
        </figure>
        <div className="overflow-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label={te("tableLabel", { caption })}>
          <table className="w-full text-left text-sm" data-testid="shared-energy-table">
            <caption className="sr-only">{caption}</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">{t("columnPeriod")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("columnFrom")}</th>
                {anyDelivered ? <th scope="col" className="px-3 py-2 text-right">{t("columnTo")}</th> : null}
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

function PeriodCard({ memberId, p, kind }: { memberId: string; p: PeriodCredit; kind: MemberKind }) {
  const t = useTranslations("credits");
  const tp = useTranslationsPlain();
  const rows = rowsFor(kind, p);
  const net = netWording(p.pcCents);
  const f = formatterFor(useLocale());
  const eur = useEur();
  const kwh3 = useKwh3();
  const b = (chunks: React.ReactNode) => <strong>{chunks}</strong>;
  const term = (title: string) => (chunks: React.ReactNode) => <Term title={title}>{chunks}</Term>;
  return (
    <article className="rounded-md border border-slate-200 p-4" aria-label={t("periodLabel", { period: shortPeriod(f, p) })}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h4 className="font-medium">
          {shortPeriod(f, p)}
          {p.version > 1 ? <span className="ml-2 text-sm font-normal text-slate-600">{t("correctedNote", { version: p.version })}</span> : null}
        </h4>
        <p className="text-sm">
          {tp(net.direction)} <span className={`text-lg font-semibold tabular-nums ${net.direction === "credit" ? "text-credit" : ""}`} data-testid="period-pc">{eur(net.cents)}</span>
        </p>
      </div>
      <dl className="mt-3 grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm sm:max-w-xl">
        {rows.includes("consumption") ? (
          <>
            <dt>{t("yourConsumption")}</dt>
            <dd className="text-right tabular-nums">{kwh3(p.consumptionMWh)}</dd>
            <dt>{t.rich("allocatedLine", { term: term(t("allocatedTerm")) })}</dt>
            <dd className="text-right tabular-nums text-shared">{kwh3(p.allocatedMWh)}</dd>
          </>
        ) : null}
        {rows.includes("injection") ? (
          <>
            <dt>{t("injectionLine")}</dt>
            <dd className="text-right tabular-nums">{kwh3(p.injectionMWh)}</dd>
            <dt>{t.rich("deliveredLine", { term: term(t("deliveredTerm")) })}</dt>
            <dd className="text-right tabular-nums text-sun">{kwh3(p.deliveredMWh)}</dd>
          </>
        ) : null}
      </dl>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-credit">{t("howCalculated")}</summary>
        <div className="mt-2 space-y-1 rounded bg-slate-50 p-3" data-testid="calculation">
          {p.flat ? (
            <>
              <p>{t("price", { price: f.eurDecimal(p.flat.priceEurPerKWh) })}</p>
              {rows.includes("allocated") ? <p>{t.rich("youPay", { energy: kwh3(p.allocatedMWh), price: f.eurDecimal(p.flat.priceEurPerKWh), exact: f.eurDecimal(p.flat.debitExactEur), rounded: eur(p.debitCents), b })}</p> : null}
              {rows.includes("delivered") ? <p>{t.rich("youAreCredited", { energy: kwh3(p.deliveredMWh), price: f.eurDecimal(p.flat.priceEurPerKWh), exact: f.eurDecimal(p.flat.creditExactEur), rounded: eur(p.creditCents), b })}</p> : null}
              {rows.length === 4 ? <p>{t.rich("pcFormula", { credited: eur(p.creditCents), paid: eur(p.debitCents), pc: eur(p.pcCents, true), b })}</p> : null}
              <p className="text-slate-600">{t("rounding")}</p>
            </>
          ) : p.market ? (
            <>
              {BigInt(p.allocatedMWh) > 0n ? (
                <p>{t.rich("marketYouPay", { energy: kwh3(p.allocatedMWh), price: f.eurDecimal(p.market.buyPriceEurPerKWh ?? "0"), paid: eur(p.debitCents), b })}</p>
              ) : null}
              {BigInt(p.deliveredMWh) > 0n ? (
                <p>{t.rich("marketYouEarn", { energy: kwh3(p.deliveredMWh), price: f.eurDecimal(p.market.sellPriceEurPerKWh ?? "0"), earned: eur(p.creditCents), b })}</p>
              ) : null}
              {rows.length === 4 ? <p>{t.rich("pcFormula", { credited: eur(p.creditCents), paid: eur(p.debitCents), pc: eur(p.pcCents, true), b })}</p> : null}
              <p data-testid="period-win">{t.rich("marketWin", { win: eur(p.market.winCents), retail: f.eurDecimal(p.market.retailEurPerKWh), feedIn: f.eurDecimal(p.market.feedInEurPerKWh), b })}</p>
            </>
          ) : p.incentive ? (
            <>
              <p>{t.rich("incentiveShare", { amount: eur(p.incentive.creditCents), term: term(t("incentiveTerm")), b })}</p>
              <p>{t("incentiveSplit", { producers: f.decimal(p.incentive.split.producers), consumers: f.decimal(p.incentive.split.consumers), fund: f.decimal(p.incentive.split.fund) })}</p>
              <p>{t.rich("pcTotal", { pc: eur(p.pcCents, true), b })}</p>
            </>
          ) : null}
        </div>
      </details>
      <p className="mt-3 text-sm">
        <a href={`/me/statement?memberId=${memberId}&runId=${p.runId}`} download>
          {t("statement", { period: shortPeriod(f, p) })}
        </a>{" "}
        <span className="text-slate-600">{t("settled", { date: f.dateTime(p.finalizedAt) })}</span>
      </p>
    </article>
  );
}

const KINDS = ["SHARED_ENERGY_DEBIT", "SHARED_ENERGY_CREDIT", "INCENTIVE_CREDIT", "REVERSAL"] as const;
const isKind = (k: string): k is (typeof KINDS)[number] => (KINDS as readonly string[]).includes(k);

function PcAccount({ ledger }: { ledger: Credits["ledger"] }) {
  const t = useTranslations("credits");
  const f = formatterFor(useLocale());
  const eur = useEur();
  if (ledger.entries.length === 0) return null;
  return (
    <section aria-labelledby="pc-account" className="space-y-3">
      <h3 id="pc-account" className="text-lg font-semibold">{t("accountHeading")}</h3>
      <p className="text-sm" data-testid="my-balance">
        {t.rich("balance", {
          account: ledger.account,
          balance: eur(ledger.balanceCents),
          mono: (chunks) => <span className="font-mono">{chunks}</span>,
          b: (chunks) => <span className="text-lg font-semibold tabular-nums">{chunks}</span>,
        })}{" "}
        <span className="text-slate-600">{t("balanceNote")}</span>
      </p>
      <div className="max-h-80 overflow-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label={t("entriesLabel")}>
        <table className="w-full text-left text-sm" data-testid="my-ledger">
          <caption className="sr-only">{t("entriesCaption")}</caption>
          <thead className="sticky top-0 bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 text-right">{t("columnEntry")}</th>
              <th scope="col" className="px-3 py-2">{t("columnPeriod")}</th>
              <th scope="col" className="px-3 py-2">{t("columnWhat")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("columnAmount")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("columnBalance")}</th>
            </tr>
          </thead>
          <tbody>
            {[...ledger.entries].reverse().map((e) => (
              <tr key={e.seq} className="border-t border-slate-200">
                <td className="px-3 py-1.5 text-right tabular-nums">#{e.seq}</td>
                <td className="whitespace-nowrap px-3 py-1.5">{f.period(e.periodStart, e.periodEnd)}</td>
                <td className="px-3 py-1.5">
                  <span title={e.kind}>{isKind(e.kind) ? t(`kind.${e.kind}`) : e.kind}</span>
                  {e.reversesSeq ? t("ofEntry", { seq: e.reversesSeq }) : ""}
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
