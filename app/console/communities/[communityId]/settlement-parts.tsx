"use client";
// Pieces shared by the settlement, run, ledger and member pages: plain words for states and entry
// kinds, the totals of a period, the per-member results and the gap report.
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { directionLabel, formatDateTime, formatEurFromCents, formatKWhFromMWh, kindLabel } from "@/app/_lib/format";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>["settlement"];
export type PeriodStatus = Outputs["periods"][number];
export type Preview = Outputs["preview"];
export type RunSummary = Outputs["runs"][number];
export type RunDetail = Outputs["run"];
export type MemberRow = Preview["members"][number];
export type GapRow = Preview["gaps"][number];
export type Totals = Preview["totals"];

/** kWh with 3 decimals, as the settlement tables show them. */
export const kwh = (mwh: string) => formatKWhFromMWh(mwh, undefined, 3);
export const eur = (cents: string, signed = false) => formatEurFromCents(cents, undefined, { signed });

const STATES: Record<PeriodStatus["state"], { label: string; className: string }> = {
  open: { label: "Open", className: "border-slate-300 bg-white text-slate-700" },
  grace: { label: "In grace period", className: "border-slate-300 bg-slate-100 text-slate-800" },
  due: { label: "Ready to settle", className: "border-credit bg-blue-50 text-credit" },
  final: { label: "Final", className: "border-slate-700 bg-slate-800 text-white" },
  changed: { label: "Readings changed since the final run — settle again to correct", className: "border-red-300 bg-red-50 text-red-900" },
};

export function stateText(p: Pick<PeriodStatus, "state" | "latestRun">): string {
  return p.state === "final" && p.latestRun ? `Final (v${p.latestRun.version})` : STATES[p.state].label;
}

export function StateBadge({ period }: { period: Pick<PeriodStatus, "state" | "latestRun"> }) {
  return <span className={`inline-block rounded-full border px-2.5 py-0.5 text-xs font-medium ${period.state === "changed" ? "" : "whitespace-nowrap"} ${STATES[period.state].className}`}>{stateText(period)}</span>;
}

export const STATE_HINTS: Record<PeriodStatus["state"], string> = {
  open: "the period has not ended yet",
  grace: "ended; late meter data may still arrive",
  due: "ended and past its grace days, not settled yet",
  final: "settled; its entries are in the ledger",
  changed: "meter data for the period arrived after it was settled",
};

export const entryKindLabel: Record<string, string> = {
  SHARED_ENERGY_DEBIT: "Shared energy received",
  SHARED_ENERGY_COLLECTED: "Collected from members",
  SHARED_ENERGY_CREDIT: "Shared energy delivered",
  SHARED_ENERGY_PAID: "Paid to members",
  INCENTIVE_RECEIVABLE: "Incentive due",
  INCENTIVE_RECEIVED: "Incentive received",
  INCENTIVE_CREDIT: "Incentive credited",
  INCENTIVE_PAID: "Incentive paid out",
  INCENTIVE_FUND: "Incentive to the community fund",
  GRID_FEE_CHARGED: "Grid fee on market trades",
  GRID_FEE_PAID: "Grid fee paid",
  REVERSAL: "Reversal",
};

/** The kind of a ledger entry in plain words; the technical kind in the tooltip. */
export function EntryKind({ kind, reversesSeq }: { kind: string; reversesSeq: string | null }) {
  return (
    <span title={kind}>
      {entryKindLabel[kind] ?? kind}
      {reversesSeq ? ` of #${reversesSeq}` : ""}
    </span>
  );
}

const COMMUNITY_ACCOUNTS: Record<string, string> = { CC: "Community clearing", FUND: "Community fund", GSE: "GSE (incentives)", GRID_FEE: "Grid fee (market rule)" };

/** "PC:M-…" with its member's reference when known → "SOL-001 · PC:M-…"; community accounts by name. */
export function accountLabel(account: string, reference?: string): string {
  if (account.startsWith("PC:")) return reference ? `${reference} · ${account}` : account;
  return COMMUNITY_ACCOUNTS[account] ? `${COMMUNITY_ACCOUNTS[account]} (${account})` : account;
}

/** An account in a table cell: the member's reference as a link to their page, and the account id. */
export function AccountName({ account, member, base }: { account: string; member?: { id: string; reference: string }; base: string }) {
  if (!account.startsWith("PC:")) return <>{accountLabel(account)}</>;
  return (
    <span className="whitespace-nowrap">
      {member ? (
        <>
          <Link href={`${base}/members/${member.id}#ledger`}>{member.reference}</Link>{" "}
        </>
      ) : null}
      <span className="font-mono text-xs text-slate-600" title="Prosumer Credit account of the member's pseudonymous id">
        {account}
      </span>
    </span>
  );
}

export function Num({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <td className={`whitespace-nowrap px-3 py-2 text-right tabular-nums ${className}`}>{children}</td>;
}

export function NumHead({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <th scope="col" className="px-3 py-2 text-right" title={title}>
      {children}
    </th>
  );
}

/** A signed amount of Prosumer Credit: credits in blue, debits in plain text with a minus sign. */
export function Money({ cents, signed = true }: { cents: string; signed?: boolean }) {
  const positive = BigInt(cents) > 0n;
  return <span className={positive ? "font-medium text-credit" : undefined}>{eur(cents, signed)}</span>;
}

/** Headline numbers of a period or run: energy in kWh, money in €, each with its colour. */
export function TotalsGrid({ totals }: { totals: Totals }) {
  const tiles: { label: string; hint: string; value: string; accent: string; text?: string }[] = [
    { label: "Consumption", hint: "all members' metered consumption", value: kwh(totals.consumptionMWh), accent: "border-l-slate-400" },
    { label: "Production fed in", hint: "injection of all producers and prosumers", value: kwh(totals.injectionMWh), accent: "border-l-sun" },
    { label: "Shared energy", hint: "produced and used inside the community in the same interval", value: kwh(totals.sharedMWh), accent: "border-l-shared", text: "text-shared" },
    { label: "Surplus to the grid", hint: "production nobody in the community used", value: kwh(totals.surplusMWh), accent: "border-l-grid" },
    { label: "Value of shared energy", hint: "what members pay for the energy they got from their neighbours", value: eur(totals.valueCents), accent: "border-l-shared" },
    { label: "Community Credit", hint: "the credits paid to producers' Prosumer Credit accounts", value: eur(totals.communityCreditCents), accent: "border-l-credit", text: "text-credit" },
  ];
  if (totals.market) {
    // The market: "shared" is what was traded; the value is what buyers paid; the win is shown, not posted.
    tiles[2] = { ...tiles[2]!, label: "Traded in the market", hint: "bought by members from their neighbours, after each one's own use" };
    tiles[4] = { ...tiles[4]!, label: "Paid by buyers", hint: "what buyers paid their neighbours (sellers got this less the grid fee)" };
    tiles.push(
      { label: "Grid fee", hint: "paid on the traded energy to the grid fee account", value: eur(totals.market.gridFeeCents), accent: "border-l-grid" },
      { label: "Value kept in the community", hint: "buyers' savings against the retail tariff plus sellers' extra against the feed-in tariff", value: eur(totals.market.winCents), accent: "border-l-shared", text: "text-shared" },
    );
  }
  return (
    <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="totals">
      {tiles.map((t) => (
        <div key={t.label} className={`rounded-lg border border-l-4 border-slate-200 bg-white p-4 ${t.accent}`}>
          <dt className="text-sm font-medium text-slate-700">
            {t.label} <span className="block text-xs font-normal text-slate-600">{t.hint}</span>
          </dt>
          <dd className={`mt-1 text-xl font-semibold tabular-nums ${t.text ?? ""}`}>{t.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The market's traded volume and volume-weighted average price per local day. */
export function MarketDaysTable({ days, caption }: { days: NonNullable<Totals["market"]>["days"]; caption: string }) {
  if (days.length === 0) return <p className="text-sm text-slate-700">Nothing was traded in this period.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={`${caption} (scrollable table)`}>
      <table className="w-full text-left text-sm" data-testid="market-days">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">Day</th>
            <NumHead>Traded</NumHead>
            <NumHead title="Σ paid ÷ Σ traded energy of the day">Average price (€/kWh)</NumHead>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date} className="border-t border-slate-200">
              <th scope="row" className="px-3 py-2 text-left font-normal tabular-nums">{d.date}</th>
              <Num>{kwh(d.tradedMWh)}</Num>
              <Num>{priceText(d.priceEurPerKWh)}</Num>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A price in EUR/kWh shown with 4 decimals (the exact value is in the exports and the API). */
export function priceText(eurPerKWh: string | null): string {
  return eurPerKWh === null ? "–" : Number(eurPerKWh).toFixed(4);
}

/** Per-member results; each reference links to the member's page when `memberHref` is given. */
export function MemberResultsTable({ members, memberHref, caption }: { members: MemberRow[]; memberHref?: (memberId: string) => string; caption: string }) {
  if (members.length === 0) return <p className="text-sm text-slate-700">No member had a metering point in this period.</p>;
  const market = members.some((m) => m.winCents !== null);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={`${caption} (scrollable table)`}>
      <table className="w-full text-left text-sm" data-testid="member-results">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">Member</th>
            <th scope="col" className="px-3 py-2">Pseudonym</th>
            <th scope="col" className="px-3 py-2">Kind</th>
            <NumHead>Consumption</NumHead>
            <NumHead title="Energy allocated to the member from the neighbours' panels">{market ? "Bought" : "Shared (allocated)"}</NumHead>
            <NumHead>Injection</NumHead>
            <NumHead title="The member's injection that neighbours used">{market ? "Sold" : "Delivered"}</NumHead>
            {market ? <NumHead title="Average price paid per kWh bought / earned per kWh sold">Price (€/kWh)</NumHead> : null}
            <NumHead title="Prosumer Credit: credits for delivered energy minus the value of allocated energy">Prosumer Credit</NumHead>
            {market ? <NumHead title="Saving against buying at the retail tariff plus extra against selling at the feed-in tariff (shown, not posted)">Win</NumHead> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.memberId} className="border-t border-slate-200">
              <th scope="row" className="px-3 py-2 text-left font-normal">
                {memberHref ? <Link href={memberHref(m.memberId)}>{m.reference}</Link> : m.reference}
              </th>
              <td className="px-3 py-2 font-mono text-xs">{m.pseudonym}</td>
              <td className="px-3 py-2">{kindLabel[m.kind] ?? m.kind}</td>
              <Num>{kwh(m.consumptionMWh)}</Num>
              <Num className="text-shared">{kwh(m.allocatedMWh)}</Num>
              <Num>{kwh(m.injectionMWh)}</Num>
              <Num className="text-shared">{kwh(m.deliveredMWh)}</Num>
              {market ? <Num>{[m.buyPriceEurPerKWh, m.sellPriceEurPerKWh].filter((p) => p !== null).map(priceText).join(" / ") || "–"}</Num> : null}
              <Num>
                <Money cents={m.pcCents} />
              </Num>
              {market ? <Num className="text-shared">{m.winCents === null ? "–" : eur(m.winCents)}</Num> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Metering points with missing intervals; the first missing time in the community's time zone. */
export function GapTable({ gaps, timeZone, caption }: { gaps: GapRow[]; timeZone: string; caption: string }) {
  const nf = new Intl.NumberFormat();
  return (
    <div className="max-h-80 overflow-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={`${caption} (scrollable table)`}>
      <table className="w-full text-left text-sm" data-testid="gap-report">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">Metering point</th>
            <th scope="col" className="px-3 py-2">Member</th>
            <th scope="col" className="px-3 py-2">Direction</th>
            <NumHead>Missing / expected intervals</NumHead>
            <th scope="col" className="px-3 py-2">First missing ({timeZone})</th>
          </tr>
        </thead>
        <tbody>
          {gaps.map((g) => (
            <tr key={g.meteringPointId} className="border-t border-slate-200">
              <td className="px-3 py-2 font-mono">{g.code}</td>
              <td className="px-3 py-2">{g.reference}</td>
              <td className="px-3 py-2">{directionLabel[g.direction] ?? g.direction}</td>
              <Num>
                {nf.format(g.missingIntervals)} / {nf.format(g.expectedIntervals)}
              </Num>
              <td className="whitespace-nowrap px-3 py-2">{g.firstMissing ? formatDateTime(g.firstMissing, undefined, timeZone) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "scheduler" or a user id → who finalized, in plain words. */
export function startedByLabel(startedBy: string): string {
  return startedBy === "scheduler" ? "Scheduler" : "A user";
}
