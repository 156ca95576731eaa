"use client";
// The send log of "your statement is ready" e-mails (server/residents/statement-mails.ts): per final
// run and recipient, sent or not and why. Says plainly when e-mail is not set up.
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { DataTable, Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";

const STATUS = {
  SENT: "border-green-300 bg-green-50 text-green-900",
  FAILED: "border-red-300 bg-red-50 text-red-900",
  NOT_SENT: "border-amber-300 bg-amber-50 text-slate-800",
  PENDING: "border-slate-300 bg-slate-100 text-slate-700",
  SENDING: "border-slate-300 bg-slate-100 text-slate-700",
} as const;
const isStatus = (s: string): s is keyof typeof STATUS => s in STATUS;

export default function StatementMailsPage() {
  const { communityId, community } = useCommunity();
  const trpc = useTRPC();
  const t = useTranslations("console.emails");
  const f = formatterFor(useLocale());
  const log = useQuery(trpc.statementMail.log.queryOptions({ communityId }));
  if (log.error) return <ErrorBox {...errorDetails(log.error)} />;
  if (!log.data) return <Loading what={t("loading")} />;
  const { mailConfigured, optedIn, runs } = log.data;
  return (
    <div className="space-y-6">
      <section aria-labelledby="mail-heading" className="space-y-2">
        <h2 id="mail-heading" className="text-lg font-semibold">
          {t("heading")}
        </h2>
        <p className="text-sm text-slate-700">
          {t("intro", { count: optedIn })}
        </p>
        {!mailConfigured ? (
          <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-slate-800" data-testid="mail-not-set-up">
            {t.rich("notSetUp", { strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
        ) : null}
      </section>
      {runs.length === 0 ? (
        <Empty>{t("noRuns")}</Empty>
      ) : (
        runs.map((r) => (
          <section key={r.runId} aria-label={t("section", { period: f.period(r.periodStart, r.periodEnd) })} className="space-y-2">
            <h3 className="font-medium">
              {f.period(r.periodStart, r.periodEnd)} · v{r.version} <span className="font-normal text-slate-600">{t("finalized", { date: f.dateTime(r.finalizedAt) })}</span>
            </h3>
            {r.mails.length === 0 ? (
              <p className="text-sm text-slate-600">{t("noMails")}</p>
            ) : (
              <DataTable
                caption={t("caption", { period: f.period(r.periodStart, r.periodEnd) })}
                testId="statement-mail-log"
                className="rounded-lg border border-slate-200 bg-white"
                columns={[{ label: t("recipient") }, { label: t("language") }, { label: t("status") }, { label: t("attempts"), align: "right" }, { label: t("when") }, { label: t("reason") }]}
              >
                {r.mails.map((m) => (
                  <tr key={m.memberId} className="border-t border-slate-200">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      {m.name ?? <span className="font-mono">{m.pseudonym}</span>}
                      {m.name ? <span className="ml-1 font-mono text-xs text-slate-600">{m.pseudonym}</span> : null}
                    </th>
                    <td className="px-3 py-2">{m.locale}</td>
                    <td className="px-3 py-2">
                      <span className={`rounded-full border px-2 py-0.5 text-xs ${isStatus(m.status) ? STATUS[m.status] : ""}`}>{isStatus(m.status) ? t(`state.${m.status}`) : m.status}</span>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{f.count(m.attempts)}</td>
                    <td className="whitespace-nowrap px-3 py-2">{f.dateTime(m.sentAt ?? m.updatedAt)}</td>
                    <td className="px-3 py-2 break-words text-slate-700">{m.error ?? "—"}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        ))
      )}
      <p className="text-xs text-slate-600">{t("newest", { community: community?.name ?? "" })}</p>
    </div>
  );
}
