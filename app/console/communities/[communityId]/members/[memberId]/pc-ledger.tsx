"use client";
// The member's Prosumer Credit account in the ledger.
import { useQuery } from "@tanstack/react-query";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import Link from "next/link";
import { formatPeriod } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { EntryKind, kwh, Money, Num, NumHead } from "../../settlement-parts";

/** The member's Prosumer Credit account: balance and entries (newest first) with the running balance. */
export function PcLedger({ communityId, memberId }: { communityId: string; memberId: string }) {
  const trpc = useTRPC();
  const ledger = useQuery(trpc.settlement.memberLedger.queryOptions({ communityId, memberId }));
  if (ledger.error) return <ErrorBox {...errorDetails(ledger.error)} />;
  if (!ledger.data) return <Loading what="Loading the Prosumer Credit ledger" />;
  const l = ledger.data;
  const base = `/console/communities/${communityId}`;
  if (l.entries.length === 0) return <Empty>No Prosumer Credit entries yet: they are written when a settlement period is finalized.</Empty>;
  return (
    <div className="space-y-3">
      <p className="text-sm" data-testid="pc-balance">
        Balance of account <span className="font-mono">{l.account}</span>:{" "}
        <span className="text-lg font-semibold">
          <Money cents={l.balanceCents} signed={false} />
        </span>{" "}
        <span className="text-slate-600">
          ({l.entries.length} {l.entries.length === 1 ? "entry" : "entries"}; positive: owed to the member, negative: owed by the member)
        </span>
      </p>
      <div className="max-h-96 overflow-auto" tabIndex={0} role="region" aria-label="Prosumer Credit entries (scrollable table)">
        <table className="w-full text-left text-sm" data-testid="pc-ledger">
          <caption className="sr-only">Prosumer Credit entries, newest first, with the balance after each</caption>
          <thead className="text-slate-700">
            <tr>
              <NumHead>Seq</NumHead>
              <th scope="col" className="px-3 py-2">Period</th>
              <th scope="col" className="px-3 py-2">Kind</th>
              <NumHead>Amount</NumHead>
              <NumHead>Energy</NumHead>
              <NumHead>Balance</NumHead>
            </tr>
          </thead>
          <tbody>
            {[...l.entries].reverse().map((e) => (
              <tr key={e.seq} className="border-t border-slate-200">
                <Num>{e.seq}</Num>
                <td className="whitespace-nowrap px-3 py-2">
                  <Link href={`${base}/settlement/runs/${e.runId}`}>{formatPeriod(e.periodStart, e.periodEnd)}</Link> <span className="text-slate-600">v{e.runVersion}</span>
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  <EntryKind kind={e.kind} reversesSeq={e.reversesSeq} />
                </td>
                <Num>
                  <Money cents={e.amountCents} />
                </Num>
                <Num>{kwh(e.energyMWh)}</Num>
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
