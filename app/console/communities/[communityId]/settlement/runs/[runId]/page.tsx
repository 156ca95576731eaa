"use client";
// One final settlement run: what it settled, when and by whom, its checkpoint, and the per-member
// results with links to each member's Prosumer Credit ledger.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { ErrorBox, Loading } from "@/app/_components/ui";
import { formatDateTime, formatPeriod } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../../../community-context";
import { GapTable, MemberResultsTable, startedByLabel, TotalsGrid } from "../../../settlement-parts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const RULES: Record<string, string> = {
  DYNAMIC: "Dynamic pro-rata",
  STATIC: "Static keys",
  STATIC_REDISTRIBUTE: "Static keys, unused shares redistributed",
  IT_CER: "Italy CER",
};

function ruleText(snapshot: unknown): string | null {
  if (!snapshot || typeof snapshot !== "object") return null;
  const s = snapshot as { kind?: unknown; priceEurPerKWh?: unknown };
  const rule = typeof s.kind === "string" ? (RULES[s.kind] ?? s.kind) : null;
  const price = typeof s.priceEurPerKWh === "string" ? `${s.priceEurPerKWh.replace(/(\.\d*?[1-9])0+$|\.0+$/, "$1")} € per kWh of shared energy` : null;
  return [rule, price].filter(Boolean).join(", ") || null;
}

export default function RunPage() {
  const { communityId, community } = useCommunity();
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
  const rule = ruleText(r.ruleSnapshot);

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

      <section aria-labelledby="exports-heading" className="space-y-2">
        <h3 id="exports-heading" className="font-semibold">
          Billing exports
        </h3>
        <p className="text-sm text-slate-700">
          One line per member and ledger entry, with VAT from the community&apos;s billing settings, each line carrying its ledger entry&apos;s hash and the run&apos;s checkpoint. Downloads are
          recorded in the audit log.
        </p>
        <p className="flex flex-wrap gap-3 text-sm">
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=csv`} download>
            Download CSV
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=json`} download>
            Download JSON
          </a>
        </p>
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
