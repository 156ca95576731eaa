"use client";
// The community's final runs, newest first, with their checkpoints.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ExportLinks } from "@/app/_components/data-list";
import { DataTable, Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatDateTime, formatPeriod, shortHash } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { eur, Num } from "../settlement-parts";

export function Runs({ communityId }: { communityId: string }) {
  const trpc = useTRPC();
  const runs = useQuery(trpc.settlement.runs.queryOptions({ communityId }));
  const base = `/console/communities/${communityId}`;
  const nf = new Intl.NumberFormat();
  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading" className="mb-1 text-lg font-semibold">
        Final runs
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        Every finalized period, newest first, with its <span title="checkpoint: the Merkle root of all ledger entries up to this one" className="underline decoration-dotted">checkpoint</span>. A correction is a new version of the same period.
      </p>
      {runs.error ? (
        <ErrorBox {...errorDetails(runs.error)} />
      ) : !runs.data ? (
        <Loading what="Loading runs" />
      ) : runs.data.length === 0 ? (
        <Empty>No final runs yet. Preview a period that is ready to settle and finalize it.</Empty>
      ) : (
        <>
        <div className="mb-3">
          <ExportLinks label="Download the runs" href={(format) => `/api/communities/${communityId}/runs/export?format=${format}`} />
        </div>
        <DataTable
          caption="Final settlement runs, newest first"
          testId="runs"
          className="rounded-lg border border-slate-200 bg-white"
          region="Final runs (scrollable table)"
          columns={[
            { label: "Period" },
            { label: "Version" },
            { label: "Finalized" },
            { label: "Entries", align: "right" },
            { label: "Community Credit", align: "right" },
            { label: "Checkpoint size", align: "right", title: "Number of ledger entries the checkpoint covers" },
            { label: "Root", title: "checkpoint: the Merkle root of all ledger entries up to this one" },
          ]}
        >
          {runs.data.map((r) => (
            <tr key={r.id} className={`border-t border-slate-200 ${r.superseded ? "text-slate-600" : ""}`}>
              <th scope="row" className="whitespace-nowrap px-3 py-2 text-left font-normal">
                <Link href={`${base}/settlement/runs/${r.id}`}>{formatPeriod(r.periodStart, r.periodEnd)}</Link>
              </th>
              <td className="whitespace-nowrap px-3 py-2">
                v{r.version}
                {r.correctsId ? <span className="text-slate-600"> (corrects v{r.version - 1})</span> : null}
                {r.superseded ? <span className="ml-2 rounded-full border border-slate-300 bg-slate-100 px-2 py-0.5 text-xs text-slate-700">superseded</span> : null}
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                {formatDateTime(r.createdAt)} · {r.startedByName}
              </td>
              <Num>{nf.format(r.totals.entries)}</Num>
              <Num className="text-credit">{eur(r.totals.communityCreditCents)}</Num>
              <Num>{nf.format(BigInt(r.checkpointSize))}</Num>
              <td className="px-3 py-2 font-mono text-xs" title={r.checkpointRoot}>
                {shortHash(r.checkpointRoot)}
              </td>
            </tr>
          ))}
        </DataTable>
        </>
      )}
    </section>
  );
}
