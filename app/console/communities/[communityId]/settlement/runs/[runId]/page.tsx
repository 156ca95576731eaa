"use client";
// One final settlement run: what it settled, when and by whom, its checkpoint, and the per-member
// results with links to each member's Prosumer Credit ledger.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { ErrorBox, Loading, Select } from "@/app/_components/ui";
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

/** One member's invoice: pick the member, then download. */
function MemberInvoice({ references, href }: { references: string[]; href: (reference: string) => string }) {
  const [ref, setRef] = useState(references[0] ?? "");
  if (references.length === 0) return null;
  return (
    <div className="flex flex-wrap items-end gap-3 text-sm">
      <Select label="Invoice of member" value={ref} onChange={(e) => setRef(e.target.value)}>
        {references.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
      <a href={href(ref)} download className="pb-2">
        Download invoice (XML)
      </a>
    </div>
  );
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
          One line per member and ledger entry, with VAT from the community&apos;s billing settings, each line carrying its ledger entry&apos;s hash and the run&apos;s checkpoint, then the community
          fee as lines of its own. Invoices and credit notes (EN 16931, UBL 2.1 XML) are issued once per member, numbered without gaps, the first time they are downloaded. Downloads are recorded in
          the audit log.
        </p>
        <p className="flex flex-wrap gap-3 text-sm">
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=csv`} download>
            Download CSV
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=json`} download>
            Download JSON
          </a>
          <a href={`/api/communities/${communityId}/runs/${r.id}/export?format=ubl`} download>
            Download invoices (ZIP)
          </a>
        </p>
        <MemberInvoice href={(ref) => `/api/communities/${communityId}/runs/${r.id}/export?format=ubl&member=${encodeURIComponent(ref)}`} references={r.members.map((m) => m.reference)} />
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
