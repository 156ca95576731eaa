"use client";
// The community ledger: balances per account, then the entries newest first, one page at a time,
// optionally for one account. Entries are append-only and hash-chained; the hash is shown short.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ExportLinks, queryString } from "@/app/_components/data-list";
import { Button, Empty, ErrorBox, Loading, Select } from "@/app/_components/ui";
import { shortHash } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";
import { AccountName, EntryKind, Money, Num, NumHead, useAccountLabel, useSettlementFormat } from "../settlement-parts";

const PAGE = 50;

export default function LedgerPage() {
  const { communityId } = useCommunity();
  const t = useTranslations("console.ledger");
  const c = useTranslations("console.common");
  const lists = useTranslations("console.lists");
  const f = useSettlementFormat();
  const accountLabel = useAccountLabel();
  const trpc = useTRPC();
  const [account, setAccount] = useState("");
  /** The `beforeSeq` of each page shown so far; the last one is on screen (undefined = newest). */
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const beforeSeq = pages[pages.length - 1];
  const ledger = useQuery({ ...trpc.settlement.ledger.queryOptions({ communityId, account: account || undefined, beforeSeq, limit: PAGE }), placeholderData: keepPreviousData });
  const members = useQuery(trpc.member.list.queryOptions({ communityId }));
  const byPseudonym = new Map((members.data ?? []).map((m) => [m.pseudonym, m]));
  const base = `/console/communities/${communityId}`;

  const memberOf = (acct: string) => (acct.startsWith("PC:") ? byPseudonym.get(acct.slice(3)) : undefined);
  /** Community accounts first, then members by reference. */
  const order = (acct: string) => (acct.startsWith("PC:") ? `1${memberOf(acct)?.reference ?? acct}` : `0${acct}`);

  if (ledger.error) return <ErrorBox {...errorDetails(ledger.error)} />;
  if (!ledger.data) return <Loading what={t("loading")} />;
  const { entries, nextBeforeSeq, total } = ledger.data;
  const balances = [...ledger.data.balances].sort((a, b) => (order(a.account) < order(b.account) ? -1 : order(a.account) > order(b.account) ? 1 : 0));

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
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div className="w-full max-w-sm">
            <Select
              label={t("showAccount")}
              value={account}
              onChange={(e) => {
                setAccount(e.target.value);
                setPages([undefined]);
              }}
            >
              <option value="">{t("allAccounts")}</option>
              {balances.map((b) => (
                <option key={b.account} value={b.account}>
                  {accountLabel(b.account, memberOf(b.account)?.reference)}
                </option>
              ))}
            </Select>
          </div>
          <ExportLinks label={lists("downloadEntries")} href={(format) => `/api/communities/${communityId}/ledger/export?${queryString({ format, account: account || undefined })}`} />
          <p className="text-sm text-slate-700" aria-live="polite">
            {entries.length ? t("range", { first: entries[0]!.seq, last: entries[entries.length - 1]!.seq, total: f.count(total), forAccount: account ? "yes" : "no" }) : t("noEntries")}
          </p>
        </div>
        {entries.length === 0 ? (
          <Empty>{t("noEntriesAccount")}</Empty>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={c("scrollable", { name: t("entriesRegion") })}>
            <table className={`w-full text-left text-sm ${ledger.isPlaceholderData ? "opacity-60" : ""}`} data-testid="ledger-entries" aria-busy={ledger.isFetching || undefined}>
              <caption className="sr-only">{t("entriesCaption")}</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <NumHead>{t("seq")}</NumHead>
                  <th scope="col" className="px-3 py-2">{t("period")}</th>
                  <th scope="col" className="px-3 py-2">{t("kind")}</th>
                  <th scope="col" className="px-3 py-2">{t("account")}</th>
                  <NumHead>{t("amount")}</NumHead>
                  <NumHead>{t("energy")}</NumHead>
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
          </div>
        )}
        <div className="flex flex-wrap gap-2">
          {pages.length > 1 ? (
            <>
              <Button variant="secondary" onClick={() => setPages([undefined])}>
                {t("newest")}
              </Button>
              <Button variant="secondary" onClick={() => setPages(pages.slice(0, -1))}>
                {t("newer")}
              </Button>
            </>
          ) : null}
          {nextBeforeSeq ? (
            <Button variant="secondary" busy={ledger.isFetching && ledger.isPlaceholderData} onClick={() => setPages([...pages, nextBeforeSeq])}>
              {t("older")}
            </Button>
          ) : null}
        </div>
      </section>
    </div>
  );
}
