"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { Button, Empty, ErrorBox, Loading, PageHeader } from "@/app/_components/ui";
import { formatDateTime } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export default function AuditPage() {
  const { orgId } = useParams<{ orgId: string }>();
  const trpc = useTRPC();
  const log = useInfiniteQuery(trpc.organization.auditLog.infiniteQueryOptions({ orgId, limit: 50 }, { getNextPageParam: (last) => last.nextCursor }));
  if (log.error) return <ErrorBox {...errorDetails(log.error)} />;
  if (!log.data) return <Loading what="Loading the audit log" />;
  const items = log.data.pages.flatMap((p) => p.items);
  return (
    <div>
      <PageHeader title="Audit log" subtitle="Every change made by your organization's users: who, what, when, before and after. Entries cannot be edited or deleted." />
      {items.length === 0 ? (
        <Empty>Nothing has been changed yet.</Empty>
      ) : (
        <ol className="space-y-2">
          {items.map((e) => (
            <li key={e.id} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
              <div className="flex flex-wrap gap-x-4">
                <time dateTime={e.at} className="text-slate-600">
                  {formatDateTime(e.at)}
                </time>
                <span className="font-medium">{e.action}</span>
                <span>{e.actor}</span>
                <span className="text-slate-600">
                  {e.objectType} <span className="font-mono text-xs">{e.objectId}</span>
                </span>
              </div>
              {e.before || e.after ? (
                <details className="mt-2">
                  <summary className="cursor-pointer text-credit">Before and after</summary>
                  <div className="mt-2 grid gap-2 sm:grid-cols-2">
                    <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs" aria-label="Before">{e.before ? JSON.stringify(e.before, null, 2) : "—"}</pre>
                    <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs" aria-label="After">{e.after ? JSON.stringify(e.after, null, 2) : "—"}</pre>
                  </div>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {log.hasNextPage ? (
        <Button variant="secondary" className="mt-4" busy={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
          Show older entries
        </Button>
      ) : null}
    </div>
  );
}
