"use client";
import { useQuery } from "@tanstack/react-query";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
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
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="imports-table">
            <caption className="sr-only">Imported files, newest first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">When</th>
                <th scope="col" className="px-3 py-2">File</th>
                <th scope="col" className="px-3 py-2">Format</th>
                <th scope="col" className="px-3 py-2">Source</th>
                <th scope="col" className="px-3 py-2">Readings</th>
                <th scope="col" className="px-3 py-2">New / unchanged / corrected</th>
                <th scope="col" className="px-3 py-2">Rows left out</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
