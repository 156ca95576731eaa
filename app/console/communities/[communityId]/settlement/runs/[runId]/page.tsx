"use client";
// One final settlement run: what it settled, when and by whom, its checkpoint, and the per-member
// results with links to each member's Prosumer Credit ledger; its billing exports and invoices.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button, ErrorBox, Loading } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { RuleSnapshot } from "@/server/settlement/run-schemas";
import { useCommunity } from "../../../community-context";
import { GapTable, MarketDaysTable, MemberResultsTable, TotalsGrid, useSettlementFormat } from "../../../settlement-parts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "0.120000" → "0.12": the stored price without its padding zeros (still an exact decimal string). */
const trimZeros = (decimalText: string) => decimalText.replace(/(\.\d*?[1-9])0+$|\.0+$/, "$1");

/** The rule a run used, in a line of the page's language: "Dynamic pro-rata, €0.12 per kWh of shared energy". */
function useRuleSummary(): (rule: RuleSnapshot) => string {
  const t = useTranslations("console.run");
  const f = useSettlementFormat();
  return (rule) => {
    const name = t(`ruleName.${rule.kind}`);
    if (rule.kind === "IT_CER") return name;
    if (rule.kind === "MARKET") {
      const m = rule.market;
      const fee = trimZeros(m.gridFeeEurPerKWh);
      const line = t("ruleMarket", { rule: name, pricing: m.pricing, retail: f.eurDecimal(trimZeros(m.retailEurPerKWh)), feedIn: f.eurDecimal(trimZeros(m.feedInEurPerKWh)) });
      return fee === "0" ? line : `${line}, ${t("ruleGridFee", { fee: f.eurDecimal(fee) })}`;
    }
    return t("ruleFlat", { rule: name, price: f.eurDecimal(trimZeros(rule.priceEurPerKWh)) });
  };
}

/** The run's invoices: issued once (by whoever may settle), then downloadable one by one or as a ZIP. */
function RunInvoices({ communityId, runId, canIssue, timeZone }: { communityId: string; runId: string; canIssue: boolean; timeZone: string }) {
  const t = useTranslations("console.run");
  const c = useTranslations("console.common");
  const f = useSettlementFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invoices = useQuery(trpc.billing.invoices.queryOptions({ communityId, runId }));
  const issue = useMutation(
    trpc.billing.issueInvoices.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.billing.invoices.queryKey({ communityId, runId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.billing.issuePlan.queryKey({ communityId, runId }) }),
        ]),
    }),
  );
  const plan = useQuery(trpc.billing.issuePlan.queryOptions({ communityId, runId }));
  const [confirming, setConfirming] = useState(false);
  const href = (query: string) => `/api/communities/${communityId}/runs/${runId}/export?${query}`;
  if (invoices.error) return <ErrorBox {...errorDetails(invoices.error)} />;
  if (!invoices.data) return <Loading what={t("loadingInvoices")} />;
  if (invoices.data.length === 0) {
    return (
      <div className="space-y-2 text-sm">
        <p>{t("noInvoices")}</p>
        {issue.error ? <ErrorBox {...errorDetails(issue.error)} /> : null}
        {canIssue ? (
          <>
            <Button busy={issue.isPending} disabled={!plan.data} onClick={() => setConfirming(true)}>
              {t("issueButton")}
            </Button>
            <ConfirmDialog
              open={confirming}
              title={t("issueTitle")}
              confirmLabel={t("issueConfirm", { count: plan.data?.documents ?? 0, n: f.count(plan.data?.documents ?? 0) })}
              onCancel={() => setConfirming(false)}
              onConfirm={() => {
                setConfirming(false);
                issue.mutate({ communityId, runId });
              }}
            >
              <p data-testid="confirm-consequence">
                {t("issueConsequence", { count: plan.data?.documents ?? 0, n: f.count(plan.data?.documents ?? 0) })}
              </p>
            </ConfirmDialog>
          </>
        ) : (
          <p className="text-slate-700">{t("whoCanIssue")}</p>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-2 text-sm">
      {plan.data?.issuedBy ? (
        <p data-testid="invoices-issued-by">
          {t("issuedBy", { when: f.dateTime(plan.data.issuedAt!, timeZone), who: plan.data.issuedBy })}
        </p>
      ) : null}
      <p>
        <a href={href("format=ubl")} download>
          {t("downloadInvoices")}
        </a>
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={c("scrollable", { name: t("invoicesRegion") })}>
        <table className="w-full text-left text-sm" data-testid="invoices">
          <caption className="sr-only">{t("invoicesCaption")}</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">{t("number")}</th>
              <th scope="col" className="px-3 py-2">{t("type")}</th>
              <th scope="col" className="px-3 py-2">{t("member")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("net")}</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">{t("download")}</span></th>
            </tr>
          </thead>
          <tbody>
            {invoices.data.map((i) => (
              <tr key={i.number} className="border-t border-slate-200">
                <td className="px-3 py-2 font-mono text-xs">{i.number}</td>
                <td className="px-3 py-2">{i.type === "INVOICE" ? t("invoice") : t("creditNote")}</td>
                <td className="px-3 py-2">{i.memberReference}</td>
                <td className="px-3 py-2 text-right tabular-nums">{f.decimal(i.netEur)}</td>
                <td className="px-3 py-2">
                  <a href={href(`format=ubl&member=${encodeURIComponent(i.memberReference)}`)} download aria-label={t("xmlOf", { number: i.number, member: i.memberReference })}>
                    XML
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export default function RunPage() {
  const { communityId, community, canSettle } = useCommunity();
  const { runId } = useParams<{ runId: string }>();
  const t = useTranslations("console.run");
  const s = useTranslations("console.settlement");
  const f = useSettlementFormat();
  const ruleSummary = useRuleSummary();
  const trpc = useTRPC();
  const validId = UUID.test(runId);
  const run = useQuery({ ...trpc.settlement.run.queryOptions({ communityId, runId }), enabled: validId });
  const runs = useQuery(trpc.settlement.runs.queryOptions({ communityId }));
  const base = `/console/communities/${communityId}`;
  const back = (
    <p className="text-sm">
      <Link href={`${base}/settlement`}>{t("back")}</Link>
    </p>
  );

  if (run.error || !validId)
    return (
      <div className="space-y-4">
        {back}
        <ErrorBox {...(run.error ? errorDetails(run.error) : { message: t("notFound") })} />
      </div>
    );
  if (!run.data)
    return (
      <div className="space-y-4">
        {back}
        <Loading what={t("loading")} />
      </div>
    );
  const r = run.data;
  const label = f.period(r.periodStart, r.periodEnd);
  const corrected = r.correctsId ? runs.data?.find((x) => x.id === r.correctsId) : undefined;
  const correction = runs.data?.find((x) => x.correctsId === r.id);
  const timeZone = community?.timeZone ?? "UTC";
  const rule = ruleSummary(r.ruleSnapshot);

  return (
    <div className="space-y-6">
      {back}
      <div>
        <h2 className="text-xl font-semibold">
          {t("heading", { period: label })} <span className="font-normal text-slate-600">{t("versionParen", { version: r.version })}</span>
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          {t.rich("finalizedBy", { when: f.dateTime(r.createdAt, timeZone), name: r.startedByName, who: (chunks) => <span data-testid="run-started-by">{chunks}</span> })}
          {r.correctsId ? (
            <>
              {" "}
              · {t.rich("correctsVersion", { version: corrected?.version ?? r.version - 1, link: (chunks) => <Link href={`${base}/settlement/runs/${r.correctsId}`}>{chunks}</Link> })}
            </>
          ) : null}
        </p>
      </div>
      {r.superseded ? (
        <p className="rounded-md border border-slate-300 bg-slate-100 p-4 text-sm" data-testid="superseded">
          {correction ? t.rich("supersededBy", { version: correction.version, link: (chunks) => <Link href={`${base}/settlement/runs/${correction.id}`}>{chunks}</Link> }) : t("supersededLater")}
        </p>
      ) : null}

      <dl className="grid gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">{t("ledgerEntries")}</dt>
        <dd className="tabular-nums">
          {f.count(r.totals.entries)} (#{r.firstSeq} – #{r.lastSeq})
        </dd>
        <dt className="font-medium">
          <span title={s("checkpointTitle")} className="underline decoration-dotted">
            {t("checkpoint")}
          </span>
        </dt>
        <dd className="min-w-0 space-y-1">
          <p>
            {t.rich("treeSize", {
              size: f.count(BigInt(r.checkpointSize)),
              b: (chunks) => (
                <span className="font-semibold tabular-nums" data-testid="checkpoint-size">
                  {chunks}
                </span>
              ),
            })}
          </p>
          <p className="break-all font-mono text-xs" data-testid="checkpoint-root" title={t("rootTitle")}>
            {r.checkpointRoot}
          </p>
          <p className="text-xs text-slate-600">{t("rootNote")}</p>
        </dd>
        <dt className="font-medium">
          <span title={t("inputsDigestTitle")} className="underline decoration-dotted">
            {t("inputsDigest")}
          </span>
        </dt>
        <dd className="min-w-0 break-all font-mono text-xs">{r.inputsDigest}</dd>
        {rule ? (
          <>
            <dt className="font-medium">{t("rule")}</dt>
            <dd>{rule}</dd>
          </>
        ) : null}
        <dt className="font-medium">{t("acceptedGaps")}</dt>
        <dd data-testid="accepted-gaps">{r.acceptedGaps === 0 ? t("noAcceptedGaps") : t("acceptedGapsCount", { count: r.acceptedGaps, n: f.count(r.acceptedGaps) })}</dd>
      </dl>

      <TotalsGrid totals={r.totals} />

      {r.totals.market ? (
        <section aria-labelledby="market-heading" className="space-y-2">
          <h3 id="market-heading" className="font-semibold">
            {t("marketHeading")}
          </h3>
          <p className="text-sm text-slate-700">{t("marketNote")}</p>
          <MarketDaysTable days={r.totals.market.days} caption={t("marketCaption", { period: label })} />
        </section>
      ) : null}

      <section aria-labelledby="exports-heading" className="space-y-2">
        <h3 id="exports-heading" className="font-semibold">
          {t("exportsHeading")}
        </h3>
        <p className="text-sm text-slate-700">{t("exportsNote")}</p>
        <p className="flex flex-wrap gap-3 text-sm">
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=csv`} download>
            {t("downloadCsv")}
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=json`} download>
            {t("downloadJson")}
          </a>
        </p>
        <h4 className="pt-2 font-semibold">{t("invoicesHeading")}</h4>
        <RunInvoices communityId={communityId} runId={r.id} canIssue={canSettle} timeZone={timeZone} />
      </section>

      <section aria-labelledby="sepa-heading" className="space-y-2">
        <h3 id="sepa-heading" className="font-semibold">
          {t("sepaHeading")}
        </h3>
        <p className="text-sm text-slate-700">{t("sepaNote")}</p>
        <p className="flex flex-wrap gap-3 text-sm">
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=pain008`} download>
            {t("downloadPain008")}
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=pain001`} download>
            {t("downloadPain001")}
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=sepa-report`} download>
            {t("downloadSepaReport")}
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=statements`} download>
            {t("downloadStatements")}
          </a>
        </p>
        {r.members.length ? (
          <details className="text-sm">
            <summary className="cursor-pointer">{t("oneStatement")}</summary>
            <ul className="mt-2 grid gap-1 sm:grid-cols-3">
              {r.members.map((m) => (
                <li key={m.memberId}>
                  <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=statement&memberId=${m.memberId}`} download>
                    {t("statementOf", { member: m.reference })}
                  </a>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      {r.gaps.length ? (
        <details className="space-y-2">
          <summary className="cursor-pointer font-semibold">{t("gapsAccepted", { count: r.gaps.length, n: f.count(r.gaps.length) })}</summary>
          <div className="mt-2">
            <GapTable gaps={r.gaps} timeZone={timeZone} caption={s("gapsCaption", { period: label })} />
          </div>
        </details>
      ) : null}

      <section aria-labelledby="members-heading" className="space-y-2">
        <h3 id="members-heading" className="font-semibold">
          {s("perMember")}
        </h3>
        <p className="text-sm text-slate-700">{t("perMemberNote")}</p>
        <MemberResultsTable members={r.members} caption={t("perMemberCaption", { period: label, version: r.version })} memberHref={(id) => `${base}/members/${id}#ledger`} />
      </section>

      <p className="text-sm">
        <Link href={`${base}/ledger`}>{t("openLedger")}</Link>
      </p>
    </div>
  );
}
