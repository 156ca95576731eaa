"use client";
// The send log of "your statement is ready" e-mails (server/residents/statement-mails.ts): per final
// run and recipient, sent or not and why. Says plainly when e-mail is not set up.
import { useQuery } from "@tanstack/react-query";
import { DataTable, Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatDateTime, formatPeriod } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";

const STATUS: Record<string, { label: string; className: string }> = {
  SENT: { label: "Sent", className: "border-green-300 bg-green-50 text-green-900" },
  FAILED: { label: "Failed", className: "border-red-300 bg-red-50 text-red-900" },
  NOT_SENT: { label: "Not sent", className: "border-amber-300 bg-amber-50 text-slate-800" },
  PENDING: { label: "Waiting", className: "border-slate-300 bg-slate-100 text-slate-700" },
  SENDING: { label: "Sending", className: "border-slate-300 bg-slate-100 text-slate-700" },
};

export default function StatementMailsPage() {
  const { communityId, community } = useCommunity();
  const trpc = useTRPC();
  const log = useQuery(trpc.statementMail.log.queryOptions({ communityId }));
  if (log.error) return <ErrorBox {...errorDetails(log.error)} />;
  if (!log.data) return <Loading what="Loading the e-mail log" />;
  const { mailConfigured, optedIn, runs } = log.data;
  return (
    <div className="space-y-6">
      <section aria-labelledby="mail-heading" className="space-y-2">
        <h2 id="mail-heading" className="text-lg font-semibold">
          Statement e-mails
        </h2>
        <p className="text-sm text-slate-700">
          Residents who turn this on in their page get one e-mail per final run, in their language: the period and a link to their page, no amounts. {optedIn} member
          {optedIn === 1 ? " has" : "s have"} it on now.
        </p>
        {!mailConfigured ? (
          <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-slate-800" data-testid="mail-not-set-up">
            <strong>E-mail is not set up on this server (SMTP_URL), so no e-mail is sent</strong> — no statement e-mails, no password reset links. Until it is, an administrator issues reset
            links on the organization's page.
          </p>
        ) : null}
      </section>
      {runs.length === 0 ? (
        <Empty>No final runs yet: e-mails go out after a run is finalized.</Empty>
      ) : (
        runs.map((r) => (
          <section key={r.runId} aria-label={`E-mails for ${formatPeriod(r.periodStart, r.periodEnd)}`} className="space-y-2">
            <h3 className="font-medium">
              {formatPeriod(r.periodStart, r.periodEnd)} · v{r.version} <span className="font-normal text-slate-600">finalized {formatDateTime(r.finalizedAt)}</span>
            </h3>
            {r.mails.length === 0 ? (
              <p className="text-sm text-slate-600">No e-mails: nobody in this run had statement e-mails on.</p>
            ) : (
              <DataTable
                caption={`Statement e-mails for ${formatPeriod(r.periodStart, r.periodEnd)}`}
                testId="statement-mail-log"
                className="rounded-lg border border-slate-200 bg-white"
                columns={[{ label: "Recipient" }, { label: "Language" }, { label: "Status" }, { label: "Attempts", align: "right" }, { label: "When" }, { label: "Reason" }]}
              >
                {r.mails.map((m) => (
                  <tr key={m.memberId} className="border-t border-slate-200">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      {m.name ?? <span className="font-mono">{m.pseudonym}</span>}
                      {m.name ? <span className="ml-1 font-mono text-xs text-slate-600">{m.pseudonym}</span> : null}
                    </th>
                    <td className="px-3 py-2">{m.locale}</td>
                    <td className="px-3 py-2">
                      <span className={`rounded-full border px-2 py-0.5 text-xs ${STATUS[m.status]?.className ?? ""}`}>{STATUS[m.status]?.label ?? m.status}</span>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{m.attempts}</td>
                    <td className="whitespace-nowrap px-3 py-2">{formatDateTime(m.sentAt ?? m.updatedAt)}</td>
                    <td className="px-3 py-2 break-words text-slate-700">{m.error ?? "—"}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        ))
      )}
      <p className="text-xs text-slate-600">{community?.name}: the newest 12 runs.</p>
    </div>
  );
}
