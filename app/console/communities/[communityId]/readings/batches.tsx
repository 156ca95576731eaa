"use client";
import { useQuery } from "@tanstack/react-query";
import { DataTable, Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatDateTime } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { nf } from "./shared";

/** The community's imported files, newest first. */
export function Batches({ communityId }: { communityId: string }) {
  const trpc = useTRPC();
  const batches = useQuery(trpc.readingImport.batches.queryOptions({ communityId }));
  return (
    <section aria-labelledby="imports-heading">
      <h2 id="imports-heading" className="mb-3 text-lg font-semibold">
        Imports
      </h2>
      {batches.error ? (
        <ErrorBox {...errorDetails(batches.error)} />
      ) : !batches.data ? (
        <Loading what="Loading imports" />
      ) : batches.data.length === 0 ? (
        <Empty>No meter data imported yet.</Empty>
      ) : (
        <DataTable
          caption="Imported files, newest first"
          testId="imports-table"
          className="rounded-lg border border-slate-200 bg-white"
          columns={["When", "File", "Format", "Source", "Readings", "New / unchanged / corrected", "Rows left out"].map((label) => ({ label }))}
        >
          {batches.data.map((b) => (
            <tr key={b.id} className="border-t border-slate-200">
              <td className="px-3 py-2">{formatDateTime(b.createdAt)}</td>
              <td className="px-3 py-2">{b.fileName}</td>
              <td className="px-3 py-2">{b.format}</td>
              <td className="px-3 py-2">{b.source.toLowerCase()}</td>
              <td className="px-3 py-2">{nf().format(b.readingCount)}</td>
              <td className="px-3 py-2">
                {nf().format(b.readingsNew)} / {nf().format(b.readingsUnchanged)} / {nf().format(b.readingsCorrected)}
              </td>
              <td className="px-3 py-2">{nf().format(b.skippedCount)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
