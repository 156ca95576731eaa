"use client";
// The community ledger: balances per account, then the entries — newest first unless sorted otherwise,
// one page at a time — with a search (account, member reference, entry number), account and kind
// filters, sortable number, amount and energy, and the download of exactly this list (entry-list.ts).
// Entries are append-only and hash-chained; the hash is shown short.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { ExportLinks, FilterSelect, ListRegion, ListToolbar, queryString, SearchBox, SortHeader, type SortState } from "@/app/_components/data-list";
import { Button, Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { ENTRY_KINDS } from "@/server/ledger/entry-line";
import { shortHash } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";
import { AccountName, EntryKind, Money, Num, NumHead, useAccountLabel, useSettlementFormat } from "../settlement-parts";

const PAGE = 50;
type SortKey = "seq" | "amount" | "energy";
type Kind = (typeof ENTRY_KINDS)[number];

export default function LedgerPage() {
  const { communityId } = useCommunity();
  const t = useTranslations("console.ledger");
  const c = useTranslations("console.common");
  const lists = useTranslations("console.lists");
  const f = useSettlementFormat();
  const accountLabel = useAccountLabel();
  const trpc = useTRPC();
  const l = useTranslations("console.entriesList");
  const [account, setAccountValue] = useState("");
  const [kind, setKindValue] = useState<"" | Kind>("");
  const [search, setSearchText] = useState("");
  const [order, setOrderValue] = useState<SortState<SortKey>>({ sort: "seq", dir: "desc" });
  /** Where the page on screen starts; any change of the list's choice starts again at the first page. */
  const [offset, setOffset] = useState(0);
  const setAccount = (v: string) => (setAccountValue(v), setOffset(0));
  const setKind = (v: string) => (setKindValue(v as "" | Kind), setOffset(0));
  const setOrder = (o: SortState<SortKey>) => (setOrderValue(o), setOffset(0));
  const setSearch = useCallback((v: string) => (setSearchText(v), setOffset(0)), []);
  const query = { search: search || undefined, account: account || undefined, kind: kind || undefined, ...order };
  const newestFirst = order.sort === "seq" && order.dir === "desc";
  const ledger = useQuery({ ...trpc.settlement.ledger.queryOptions({ communityId, ...query, offset, limit: PAGE }), placeholderData: keepPreviousData });
  const entryKind = useTranslations("console.parts.entryKind");
  const members = useQuery(trpc.member.list.queryOptions({ communityId }));
  const byPseudonym = new Map((members.data ?? []).map((m) => [m.pseudonym, m]));
  const base = `/console/communities/${communityId}`;

  const memberOf = (acct: string) => (acct.startsWith("PC:") ? byPseudonym.get(acct.slice(3)) : undefined);
  /** Community accounts first, then members by reference. */
  const accountOrder = (acct: string) => (acct.startsWith("PC:") ? `1${memberOf(acct)?.reference ?? acct}` : `0${acct}`);

  if (ledger.error) return <ErrorBox {...errorDetails(ledger.error)} />;
  if (!ledger.data) return <Loading what={t("loading")} />;
  const { entries, total } = ledger.data;
  const hasNext = offset + entries.length < total;
  const balances = [...ledger.data.balances].sort((a, b) => (accountOrder(a.account) < accountOrder(b.account) ? -1 : accountOrder(a.account) > accountOrder(b.account) ? 1 : 0));

  if (balances.length === 0) {
    return (
      <Empty>
        {t.rich("empty", { link: (chunks) => <Link href={`${base}/settlement`}>{chunks}</Link> })}
      </Empty>
    );
  }

  return (
    <div className="space-y-8">
      <section aria-labelledby="balances-heading">
        <h2 id="balances-heading" className="mb-1 text-lg font-semibold">
          {t("balances")}
        </h2>
        <p className="mb-3 text-sm text-slate-700">{t("balancesNote")}</p>
        <div className="max-h-96 overflow-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={c("scrollable", { name: t("balancesRegion") })}>
          <table className="w-full text-left text-sm" data-testid="balances">
            <caption className="sr-only">{t("balancesCaption")}</caption>
            <thead className="sticky top-0 bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">{t("account")}</th>
                <NumHead>{t("entries")}</NumHead>
                <NumHead>{t("balance")}</NumHead>
              </tr>
            </thead>
            <tbody>
              {balances.map((b) => (
                <tr key={b.account} className="border-t border-slate-200">
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <AccountName account={b.account} member={memberOf(b.account)} base={base} />
                  </th>
                  <Num>{f.count(b.entries)}</Num>
                  <Num>
                    <Money cents={b.balanceCents} />
                  </Num>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="entries-heading" className="space-y-3">
        <h2 id="entries-heading" className="text-lg font-semibold">
          {t("entries")}
        </h2>
        <ListToolbar label={l("toolbar")}>
          <SearchBox label={l("search")} placeholder={l("searchPlaceholder")} value={search} onChange={setSearch} />
          <FilterSelect
            label={t("showAccount")}
            value={account}
            onChange={setAccount}
            allLabel={t("allAccounts")}
            options={balances.map((b) => ({ value: b.account, label: accountLabel(b.account, memberOf(b.account)?.reference) }))}
          />
          <FilterSelect label={t("kind")} value={kind} onChange={setKind} allLabel={l("allKinds")} options={ENTRY_KINDS.map((k) => ({ value: k, label: entryKind(k) }))} />
          <ExportLinks label={lists("downloadEntries")} href={(format) => `/api/communities/${communityId}/ledger/export?${queryString({ format, ...query })}`} />
        </ListToolbar>
        <p className="text-sm text-slate-700" aria-live="polite">
          {entries.length ? l("range", { from: f.count(offset + 1), to: f.count(offset + entries.length), total: f.count(total) }) : t("noEntries")}
        </p>
        {entries.length === 0 ? (
          <Empty>{l("emptyFiltered")}</Empty>
        ) : (
          <ListRegion label={c("scrollable", { name: t("entriesRegion") })}>
            <table className={`w-full text-left text-sm ${ledger.isPlaceholderData ? "opacity-60" : ""}`} data-testid="ledger-entries" aria-busy={ledger.isFetching || undefined}>
              <caption className="sr-only">{newestFirst ? t("entriesCaption") : l("caption")}</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <SortHeader label={t("seq")} column="seq" state={order} onSort={setOrder} align="right" />
                  <th scope="col" className="px-3 py-2">{t("period")}</th>
                  <th scope="col" className="px-3 py-2">{t("kind")}</th>
                  <th scope="col" className="px-3 py-2">{t("account")}</th>
                  <SortHeader label={t("amount")} column="amount" state={order} onSort={setOrder} align="right" />
                  <SortHeader label={t("energy")} column="energy" state={order} onSort={setOrder} align="right" />
                  <th scope="col" className="px-3 py-2" title={t("hashTitle")}>
                    {t("hash")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.seq} className="border-t border-slate-200">
                    <Num>{e.seq}</Num>
                    <td className="whitespace-nowrap px-3 py-2">
                      <Link href={`${base}/settlement/runs/${e.runId}`}>{f.period(e.periodStart, e.periodEnd)}</Link> <span className="text-slate-600">v{e.runVersion}</span>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">
                      <EntryKind kind={e.kind} reversesSeq={e.reversesSeq} />
                    </td>
                    <td className="px-3 py-2">
                      <AccountName account={e.account} member={memberOf(e.account)} base={base} />
                    </td>
                    <Num>
                      <Money cents={e.amountCents} />
                    </Num>
                    <Num>{f.kwh3(e.energyMWh)}</Num>
                    <td className="px-3 py-2 font-mono text-xs" title={e.hash}>
                      {shortHash(e.hash)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ListRegion>
        )}
        <div className="flex flex-wrap gap-2">
          {offset > 0 ? (
            <>
              <Button variant="secondary" onClick={() => setOffset(0)}>
                {newestFirst ? t("newest") : l("first")}
              </Button>
              <Button variant="secondary" onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {newestFirst ? t("newer") : l("previous")}
              </Button>
            </>
          ) : null}
          {hasNext ? (
            <Button variant="secondary" busy={ledger.isFetching && ledger.isPlaceholderData} onClick={() => setOffset(offset + PAGE)}>
              {newestFirst ? t("older") : l("next")}
            </Button>
          ) : null}
        </div>
      </section>
    </div>
  );
}
