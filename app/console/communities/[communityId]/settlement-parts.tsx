"use client";
// Pieces shared by the settlement, run, ledger and member pages: plain words for states and entry
// kinds, the totals of a period, the per-member results and the gap report.
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { formatDecimalString, formatEurFromCents, formatKWhFromMWh, formatterFor } from "@/app/_lib/format";
import type { AppRouter } from "@/server/api/root";
import { ENTRY_KINDS } from "@/server/ledger/entry-line";

type Outputs = inferRouterOutputs<AppRouter>["settlement"];
export type PeriodStatus = Outputs["periods"][number];
export type Preview = Outputs["preview"];
export type RunSummary = Outputs["runs"][number];
export type RunDetail = Outputs["run"];
export type MemberRow = Preview["members"][number];
export type GapRow = Preview["gaps"][number];
export type Totals = Preview["totals"];

/**
 * Settlement, run and ledger tables show kWh with 3 decimals (watt-hours: what gets valued), money to
 * the cent; both through the one formatter in the page's language. `kwh`/`eur` without a locale are
 * for callers outside these pages; the hook binds the page's language.
 */
export const kwh = (mwh: string, locale?: string) => formatKWhFromMWh(mwh, locale, 3);
export const eur = (cents: string, signed = false, locale?: string) => formatEurFromCents(cents, locale, { signed });

/** The page's formatter, with the settlement tables' kWh precision. */
export function useSettlementFormat() {
  const f = formatterFor(useLocale());
  return { ...f, kwh3: (mwh: string) => kwh(mwh, f.locale), money: (cents: string, signed = false) => eur(cents, signed, f.locale) };
}

const KINDS = ["CONSUMER", "PRODUCER", "PROSUMER"] as const;
const DIRECTIONS = ["CONSUMPTION", "INJECTION"] as const;
const oneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** A member's kind and a metering point's direction in the page's language (unknown values as they are). */
export function useEnumLabels() {
  const c = useTranslations("console.common");
  return {
    kind: (k: string) => (oneOf(KINDS, k) ? c(`kind.${k}`) : k),
    direction: (d: string) => (oneOf(DIRECTIONS, d) ? c(`direction.${d}`) : d),
  };
}

const STATE_CLASSES: Record<PeriodStatus["state"], string> = {
  open: "border-slate-300 bg-white text-slate-700",
  grace: "border-slate-300 bg-slate-100 text-slate-800",
  due: "border-credit bg-blue-50 text-credit",
  final: "border-slate-700 bg-slate-800 text-white",
  changed: "border-red-300 bg-red-50 text-red-900",
};

type StateOf = Pick<PeriodStatus, "state" | "latestRun"> & { missing?: PeriodStatus["missing"] };

/** An ended period with missing meter data: it needs review rather than being ready. */
const needsReview = (p: StateOf) => (p.state === "due" || p.state === "grace") && (p.missing?.missingIntervals ?? 0) > 0;

/** A period's state in words ("Needs review: 12.5 % missing", "Final (v2)"). */
export function useStateText(): (p: StateOf) => string {
  const t = useTranslations("console.parts");
  const f = formatterFor(useLocale());
  return (p) => {
    if (needsReview(p)) return t("needsReview", { percent: f.decimal(p.missing!.percent) });
    return p.state === "final" && p.latestRun ? t("finalVersion", { version: p.latestRun.version }) : t(`state.${p.state}`);
  };
}

export function StateBadge({ period }: { period: StateOf }) {
  const stateText = useStateText();
  const className = needsReview(period) ? "border-amber-400 bg-amber-50 text-amber-950" : STATE_CLASSES[period.state];
  return <span className={`inline-block rounded-full border px-2.5 py-0.5 text-xs font-medium ${period.state === "changed" ? "" : "whitespace-nowrap"} ${className}`}>{stateText(period)}</span>;
}

/** The kind of a ledger entry in plain words; the technical kind in the tooltip. */
export function EntryKind({ kind, reversesSeq }: { kind: string; reversesSeq: string | null }) {
  const t = useTranslations("console.parts");
  const label = oneOf(ENTRY_KINDS, kind) ? t(`entryKind.${kind}`) : kind;
  return <span title={kind}>{reversesSeq ? t("reversalOf", { kind: label, seq: reversesSeq }) : label}</span>;
}

const COMMUNITY_ACCOUNTS = ["CC", "FUND", "GSE", "GRID_FEE"] as const;
type CommunityAccount = (typeof COMMUNITY_ACCOUNTS)[number];

/** "PC:M-…" with its member's reference when known → "SOL-001 · PC:M-…"; community accounts by name. */
export function useAccountLabel(): (account: string, reference?: string) => string {
  const t = useTranslations("console.parts");
  return (account, reference) => {
    if (account.startsWith("PC:")) return reference ? `${reference} · ${account}` : account;
    return (COMMUNITY_ACCOUNTS as readonly string[]).includes(account) ? `${t(`account.${account as CommunityAccount}`)} (${account})` : account;
  };
}

/** An account in a table cell: the member's reference as a link to their page, and the account id. */
export function AccountName({ account, member, base }: { account: string; member?: { id: string; reference: string }; base: string }) {
  const t = useTranslations("console.parts");
  const accountLabel = useAccountLabel();
  if (!account.startsWith("PC:")) return <>{accountLabel(account)}</>;
  return (
    <span className="whitespace-nowrap">
      {member ? (
        <>
          <Link href={`${base}/members/${member.id}#ledger`}>{member.reference}</Link>{" "}
        </>
      ) : null}
      <span className="font-mono text-xs text-slate-600" title={t("pcAccountTitle")}>
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
  const locale = useLocale();
  const positive = BigInt(cents) > 0n;
  return <span className={positive ? "font-medium text-credit" : undefined}>{eur(cents, signed, locale)}</span>;
}

/** Headline numbers of a period or run: energy in kWh, money in €, each with its colour. */
export function TotalsGrid({ totals }: { totals: Totals }) {
  const t = useTranslations("console.parts.tile");
  const { kwh3, money } = useSettlementFormat();
  const tile = (key: "consumption" | "injection" | "shared" | "surplus" | "value" | "communityCredit" | "traded" | "paid" | "gridFee" | "win") => ({ label: t(key), hint: t(`${key}Hint`) });
  const tiles: { label: string; hint: string; value: string; accent: string; text?: string }[] = [
    { ...tile("consumption"), value: kwh3(totals.consumptionMWh), accent: "border-l-slate-400" },
    { ...tile("injection"), value: kwh3(totals.injectionMWh), accent: "border-l-sun" },
    { ...tile("shared"), value: kwh3(totals.sharedMWh), accent: "border-l-shared", text: "text-shared" },
    { ...tile("surplus"), value: kwh3(totals.surplusMWh), accent: "border-l-grid" },
    { ...tile("value"), value: money(totals.valueCents), accent: "border-l-shared" },
    { ...tile("communityCredit"), value: money(totals.communityCreditCents), accent: "border-l-credit", text: "text-credit" },
  ];
  if (totals.market) {
    // The market: "shared" is what was traded; the value is what buyers paid; the win is shown, not posted.
    tiles[2] = { ...tiles[2]!, ...tile("traded") };
    tiles[4] = { ...tiles[4]!, ...tile("paid") };
    tiles.push({ ...tile("gridFee"), value: money(totals.market.gridFeeCents), accent: "border-l-grid" }, { ...tile("win"), value: money(totals.market.winCents), accent: "border-l-shared", text: "text-shared" });
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
  const t = useTranslations("console.parts");
  const c = useTranslations("console.common");
  const f = useSettlementFormat();
  if (days.length === 0) return <p className="text-sm text-slate-700">{t("nothingTraded")}</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={c("scrollable", { name: caption })}>
      <table className="w-full text-left text-sm" data-testid="market-days">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">{t("day")}</th>
            <NumHead>{t("tradedColumn")}</NumHead>
            <NumHead title={t("averagePriceTitle")}>{t("averagePrice")}</NumHead>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date} className="border-t border-slate-200">
              <th scope="row" className="px-3 py-2 text-left font-normal tabular-nums">{f.date(d.date)}</th>
              <Num>{f.kwh3(d.tradedMWh)}</Num>
              <Num>{priceText(d.priceEurPerKWh, f.locale)}</Num>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A price in EUR/kWh shown with 4 decimals in the page's language (the exact value is in the exports and the API). */
export function priceText(eurPerKWh: string | null, locale?: string): string {
  return eurPerKWh === null ? "–" : formatDecimalString(Number(eurPerKWh).toFixed(4), locale);
}

/** Per-member results; each reference links to the member's page when `memberHref` is given. */
export function MemberResultsTable({ members, memberHref, caption }: { members: MemberRow[]; memberHref?: (memberId: string) => string; caption: string }) {
  const t = useTranslations("console.parts");
  const c = useTranslations("console.common");
  const f = useSettlementFormat();
  const labels = useEnumLabels();
  if (members.length === 0) return <p className="text-sm text-slate-700">{t("noMemberPoint")}</p>;
  const market = members.some((m) => m.winCents !== null);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={c("scrollable", { name: caption })}>
      <table className="w-full text-left text-sm" data-testid="member-results">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">{t("col.member")}</th>
            <th scope="col" className="px-3 py-2">{t("col.pseudonym")}</th>
            <th scope="col" className="px-3 py-2">{t("col.kind")}</th>
            <NumHead>{t("col.consumption")}</NumHead>
            <NumHead title={t("col.allocatedTitle")}>{market ? t("col.bought") : t("col.allocated")}</NumHead>
            <NumHead>{t("col.injection")}</NumHead>
            <NumHead title={t("col.deliveredTitle")}>{market ? t("col.sold") : t("col.delivered")}</NumHead>
            {market ? <NumHead title={t("col.priceTitle")}>{t("col.price")}</NumHead> : null}
            <NumHead title={t("col.pcTitle")}>{t("col.pc")}</NumHead>
            {market ? <NumHead title={t("col.winTitle")}>{t("col.win")}</NumHead> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.memberId} className="border-t border-slate-200">
              <th scope="row" className="px-3 py-2 text-left font-normal">
                {memberHref ? <Link href={memberHref(m.memberId)}>{m.reference}</Link> : m.reference}
              </th>
              <td className="px-3 py-2 font-mono text-xs">{m.pseudonym}</td>
              <td className="px-3 py-2">{labels.kind(m.kind)}</td>
              <Num>{f.kwh3(m.consumptionMWh)}</Num>
              <Num className="text-shared">{f.kwh3(m.allocatedMWh)}</Num>
              <Num>{f.kwh3(m.injectionMWh)}</Num>
              <Num className="text-shared">{f.kwh3(m.deliveredMWh)}</Num>
              {market ? <Num>{[m.buyPriceEurPerKWh, m.sellPriceEurPerKWh].filter((p) => p !== null).map((p) => priceText(p, f.locale)).join(" / ") || "–"}</Num> : null}
              <Num>
                <Money cents={m.pcCents} />
              </Num>
              {market ? <Num className="text-shared">{m.winCents === null ? "–" : f.money(m.winCents)}</Num> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Metering points with missing intervals; the first missing time in the community's time zone. */
export function GapTable({ gaps, timeZone, caption }: { gaps: GapRow[]; timeZone: string; caption: string }) {
  const t = useTranslations("console.parts");
  const c = useTranslations("console.common");
  const f = useSettlementFormat();
  const labels = useEnumLabels();
  return (
    <div className="max-h-80 overflow-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={c("scrollable", { name: caption })}>
      <table className="w-full text-left text-sm" data-testid="gap-report">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">{t("col.meteringPoint")}</th>
            <th scope="col" className="px-3 py-2">{t("col.member")}</th>
            <th scope="col" className="px-3 py-2">{t("col.direction")}</th>
            <NumHead>{t("col.missingExpected")}</NumHead>
            <th scope="col" className="px-3 py-2">{t("col.firstMissing", { timeZone })}</th>
          </tr>
        </thead>
        <tbody>
          {gaps.map((g) => (
            <tr key={g.meteringPointId} className="border-t border-slate-200">
              <td className="px-3 py-2 font-mono">{g.code}</td>
              <td className="px-3 py-2">{g.reference}</td>
              <td className="px-3 py-2">{labels.direction(g.direction)}</td>
              <Num>
                {f.count(g.missingIntervals)} / {f.count(g.expectedIntervals)}
              </Num>
              <td className="whitespace-nowrap px-3 py-2">{g.firstMissing ? f.dateTime(g.firstMissing, timeZone) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
