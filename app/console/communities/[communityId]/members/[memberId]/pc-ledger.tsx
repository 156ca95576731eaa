"use client";
// The member's Prosumer Credit account in the ledger.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import Link from "next/link";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { EntryKind, Money, Num, NumHead, useSettlementFormat } from "../../settlement-parts";

/** The member's Prosumer Credit account: balance and entries (newest first) with the running balance. */
export function PcLedger({ communityId, memberId }: { communityId: string; memberId: string }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.pcLedger");
  const f = useSettlementFormat();
  const ledger = useQuery(trpc.settlement.memberLedger.queryOptions({ communityId, memberId }));
  if (ledger.error) return <ErrorBox {...errorDetails(ledger.error)} />;
  if (!ledger.data) return <Loading what={t("loading")} />;
  const l = ledger.data;
  const base = `/console/communities/${communityId}`;
  if (l.entries.length === 0) return <Empty>{t("empty")}</Empty>;
  return (
    <div className="space-y-3">
      <p className="text-sm" data-testid="pc-balance">
        {t.rich("balance", { account: l.account, id: (chunks) => <span className="font-mono">{chunks}</span> })}{" "}
        <span className="text-lg font-semibold">
          <Money cents={l.balanceCents} signed={false} />
        </span>{" "}
        <span className="text-slate-600">
          {t("entries", { count: l.entries.length })}
        </span>
      </p>
      <div className="max-h-96 overflow-auto" tabIndex={0} role="region" aria-label={t("region")}>
        <table className="w-full text-left text-sm" data-testid="pc-ledger">
          <caption className="sr-only">{t("caption")}</caption>
          <thead className="text-slate-700">
            <tr>
              <NumHead>{t("seq")}</NumHead>
              <th scope="col" className="px-3 py-2">{t("period")}</th>
              <th scope="col" className="px-3 py-2">{t("kind")}</th>
              <NumHead>{t("amount")}</NumHead>
              <NumHead>{t("energy")}</NumHead>
              <NumHead>{t("balanceCol")}</NumHead>
            </tr>
          </thead>
          <tbody>
            {[...l.entries].reverse().map((e) => (
              <tr key={e.seq} className="border-t border-slate-200">
                <Num>{f.count(e.seq)}</Num>
                <td className="whitespace-nowrap px-3 py-2">
                  <Link href={`${base}/settlement/runs/${e.runId}`}>{f.period(e.periodStart, e.periodEnd)}</Link> <span className="text-slate-600">v{e.runVersion}</span>
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  <EntryKind kind={e.kind} reversesSeq={e.reversesSeq} />
                </td>
                <Num>
                  <Money cents={e.amountCents} />
                </Num>
                <Num>{f.kwh3(e.energyMWh)}</Num>
                <Num>
                  <Money cents={e.balanceAfterCents} signed={false} />
                </Num>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
