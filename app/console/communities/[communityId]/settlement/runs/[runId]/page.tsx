"use client";
// One final settlement run: what it settled, when and by whom, its checkpoint, and the per-member
// results with links to each member's Prosumer Credit ledger; its billing exports and invoices.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { Button, ErrorBox, Loading } from "@/app/_components/ui";
import { formatDateTime, formatPeriod } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { ruleSummary } from "@/server/settlement/run-schemas";
import { useCommunity } from "../../../community-context";
import { GapTable, MarketDaysTable, MemberResultsTable, startedByLabel, TotalsGrid } from "../../../settlement-parts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The run's invoices: issued once (by whoever may settle), then downloadable one by one or as a ZIP. */
function RunInvoices({ communityId, runId, canIssue }: { communityId: string; runId: string; canIssue: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invoices = useQuery(trpc.billing.invoices.queryOptions({ communityId, runId }));
  const issue = useMutation(trpc.billing.issueInvoices.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.billing.invoices.queryKey({ communityId, runId }) }) }));
  const href = (query: string) => `/api/communities/${communityId}/runs/${runId}/export?${query}`;
  if (invoices.error) return <ErrorBox {...errorDetails(invoices.error)} />;
  if (!invoices.data) return <Loading what="Loading invoices" />;
  if (invoices.data.length === 0) {
    return (
      <div className="space-y-2 text-sm">
        <p>No invoices yet for this run. Issuing gives every member one invoice or credit note, numbered without gaps; it cannot be undone.</p>
        {issue.error ? <ErrorBox {...errorDetails(issue.error)} /> : null}
        {canIssue ? (
          <Button busy={issue.isPending} onClick={() => issue.mutate({ communityId, runId })}>
            Issue invoices
          </Button>
        ) : (
          <p className="text-slate-700">An administrator of the municipality or the serving ESCO can issue them.</p>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-2 text-sm">
      <p>
        <a href={href("format=ubl")} download>
          Download invoices (ZIP)
        </a>
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Invoices of this run (scrollable table)">
        <table className="w-full text-left text-sm" data-testid="invoices">
          <caption className="sr-only">Invoices and credit notes of this run</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">Number</th>
              <th scope="col" className="px-3 py-2">Type</th>
              <th scope="col" className="px-3 py-2">Member</th>
              <th scope="col" className="px-3 py-2 text-right">Net (€)</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">Download</span></th>
            </tr>
          </thead>
          <tbody>
            {invoices.data.map((i) => (
              <tr key={i.number} className="border-t border-slate-200">
                <td className="px-3 py-2 font-mono text-xs">{i.number}</td>
                <td className="px-3 py-2">{i.type === "INVOICE" ? "Invoice" : "Credit note"}</td>
                <td className="px-3 py-2">{i.memberReference}</td>
                <td className="px-3 py-2 text-right tabular-nums">{i.netEur}</td>
                <td className="px-3 py-2">
                  <a href={href(`format=ubl&member=${encodeURIComponent(i.memberReference)}`)} download aria-label={`XML of invoice ${i.number} of ${i.memberReference}`}>
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
  const trpc = useTRPC();
  const validId = UUID.test(runId);
  const run = useQuery({ ...trpc.settlement.run.queryOptions({ communityId, runId }), enabled: validId });
  const runs = useQuery(trpc.settlement.runs.queryOptions({ communityId }));
  const base = `/console/communities/${communityId}`;
  const back = (
    <p className="text-sm">
      <Link href={`${base}/settlement`}>← Settlement</Link>
    </p>
  );

  if (run.error || !validId)
    return (
      <div className="space-y-4">
        {back}
        <ErrorBox {...(run.error ? errorDetails(run.error) : { message: "Settlement run not found" })} />
      </div>
    );
  if (!run.data)
    return (
      <div className="space-y-4">
        {back}
        <Loading what="Loading the run" />
      </div>
    );
  const r = run.data;
  const label = formatPeriod(r.periodStart, r.periodEnd);
  const corrected = r.correctsId ? runs.data?.find((x) => x.id === r.correctsId) : undefined;
  const correction = runs.data?.find((x) => x.correctsId === r.id);
  const timeZone = community?.timeZone ?? "UTC";
  const nf = new Intl.NumberFormat();
  const rule = ruleSummary(r.ruleSnapshot);

  return (
    <div className="space-y-6">
      {back}
      <div>
        <h2 className="text-xl font-semibold">
          Settlement run: {label} <span className="font-normal text-slate-600">(version {r.version})</span>
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Finalized {formatDateTime(r.createdAt)} by {startedByLabel(r.startedBy) === "Scheduler" ? "the scheduler" : "a user"}
          {r.correctsId ? (
            <>
              {" "}
              · corrects <Link href={`${base}/settlement/runs/${r.correctsId}`}>version {corrected?.version ?? r.version - 1}</Link>
            </>
          ) : null}
        </p>
      </div>
      {r.superseded ? (
        <p className="rounded-md border border-slate-300 bg-slate-100 p-4 text-sm" data-testid="superseded">
          Superseded: {correction ? <Link href={`${base}/settlement/runs/${correction.id}`}>version {correction.version}</Link> : "a later version"} corrects this run and reverses its entries in the ledger.
        </p>
      ) : null}

      <dl className="grid gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Ledger entries</dt>
        <dd className="tabular-nums">
          {nf.format(r.totals.entries)} (#{r.firstSeq} – #{r.lastSeq})
        </dd>
        <dt className="font-medium">
          <span title="checkpoint: the Merkle root of all ledger entries up to this one" className="underline decoration-dotted">
            Checkpoint
          </span>
        </dt>
        <dd className="min-w-0 space-y-1">
          <p>
            Tree size <span className="font-semibold tabular-nums" data-testid="checkpoint-size">{nf.format(BigInt(r.checkpointSize))}</span> entries
          </p>
          <p className="break-all font-mono text-xs" data-testid="checkpoint-root" title="Merkle root (SHA-256, hex)">
            {r.checkpointRoot}
          </p>
          <p className="text-xs text-slate-600">The Merkle root of all ledger entries up to this run&apos;s last one. Anyone holding the ledger can recompute it; changing any earlier entry would change it.</p>
        </dd>
        <dt className="font-medium">
          <span title="SHA-256 of the rule, the members and every reading the run used" className="underline decoration-dotted">
            Inputs digest
          </span>
        </dt>
        <dd className="min-w-0 break-all font-mono text-xs">{r.inputsDigest}</dd>
        {rule ? (
          <>
            <dt className="font-medium">Rule</dt>
            <dd>{rule}</dd>
          </>
        ) : null}
        <dt className="font-medium">Missing data accepted</dt>
        <dd data-testid="accepted-gaps">{r.acceptedGaps === 0 ? "None: every metering point had every interval." : `${nf.format(r.acceptedGaps)} metering point${r.acceptedGaps === 1 ? "" : "s"} with missing intervals`}</dd>
      </dl>

      <TotalsGrid totals={r.totals} />

      {r.totals.market ? (
        <section aria-labelledby="market-heading" className="space-y-2">
          <h3 id="market-heading" className="font-semibold">
            Market: traded volume and average price per day
          </h3>
          <p className="text-sm text-slate-700">Each day&apos;s price is the average of every trade of that day, weighted by the energy traded.</p>
          <MarketDaysTable days={r.totals.market.days} caption={`Market trades per day, ${label}`} />
        </section>
      ) : null}

      <section aria-labelledby="exports-heading" className="space-y-2">
        <h3 id="exports-heading" className="font-semibold">
          Billing exports
        </h3>
        <p className="text-sm text-slate-700">
          One line per member and ledger entry, with VAT from the community&apos;s billing settings, each line carrying its ledger entry&apos;s hash and the run&apos;s checkpoint, then the community
          fee as lines of its own. Invoices and credit notes (EN 16931, UBL 2.1 XML) are issued once per member, numbered without gaps. Downloads are recorded in the audit log.
        </p>
        <p className="flex flex-wrap gap-3 text-sm">
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=csv`} download>
            Download CSV
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=json`} download>
            Download JSON
          </a>
        </p>
        <h4 className="pt-2 font-semibold">Invoices (EN 16931, UBL 2.1)</h4>
        <RunInvoices communityId={communityId} runId={r.id} canIssue={canSettle} />
      </section>

      <section aria-labelledby="sepa-heading" className="space-y-2">
        <h3 id="sepa-heading" className="font-semibold">
          SEPA payment files and statements
        </h3>
        <p className="text-sm text-slate-700">
          Each member&apos;s amount is the sum of their lines&apos; gross amounts. Members who owe and gave a mandate are collected by direct debit (pain.008, sequence type RCUR); members who are
          credited are paid to their IBAN (pain.001). Your organization&apos;s bank identity is the creditor and the debtor. The SEPA report lists who is in each file and who is left out, and
          why. These files name members and their IBANs: every download is recorded in the audit log.
        </p>
        <p className="flex flex-wrap gap-3 text-sm">
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=pain008`} download>
            Download direct debits (pain.008)
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=pain001`} download>
            Download payouts (pain.001)
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=sepa-report`} download>
            Download SEPA report (JSON)
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=statements`} download>
            Download all statements (ZIP of PDFs)
          </a>
        </p>
        {r.members.length ? (
          <details className="text-sm">
            <summary className="cursor-pointer">One member&apos;s statement (PDF)</summary>
            <ul className="mt-2 grid gap-1 sm:grid-cols-3">
              {r.members.map((m) => (
                <li key={m.memberId}>
                  <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=statement&memberId=${m.memberId}`} download>
                    Statement of {m.reference}
                  </a>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      {r.gaps.length ? (
        <details className="space-y-2">
          <summary className="cursor-pointer font-semibold">Missing meter data accepted when finalizing ({nf.format(r.gaps.length)} metering points)</summary>
          <div className="mt-2">
            <GapTable gaps={r.gaps} timeZone={timeZone} caption={`Metering points with missing intervals, ${label}`} />
          </div>
        </details>
      ) : null}

      <section aria-labelledby="members-heading" className="space-y-2">
        <h3 id="members-heading" className="font-semibold">
          Per member
        </h3>
        <p className="text-sm text-slate-700">Each member&apos;s reference opens their page with their Prosumer Credit ledger.</p>
        <MemberResultsTable members={r.members} caption={`Settlement per member, ${label}, version ${r.version}`} memberHref={(id) => `${base}/members/${id}#ledger`} />
      </section>

      <p className="text-sm">
        <Link href={`${base}/ledger`}>Open the community ledger</Link>
      </p>
    </div>
  );
}
