"use client";
// Settlement: the recent periods and their state, a preview of any period (totals, gap report,
// per-member results), finalizing it (administrators and serving ESCOs), and the list of final runs.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Button, Card, Empty, ErrorBox, Field, Loading, Notice } from "@/app/_components/ui";
import { formatDate, formatDateTime, formatPeriod, shortHash } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { addDays } from "@/server/shared/iso-date";
import { useCommunity } from "../community-context";
import { eur, GapTable, MemberResultsTable, Num, NumHead, STATE_HINTS, StateBadge, startedByLabel, TotalsGrid, type PeriodStatus, type Preview } from "../settlement-parts";

interface Period {
  start: string;
  end: string;
  /** Known when the period was chosen from the table of recent periods. */
  state?: PeriodStatus["state"];
}

const samePeriod = (a: Period | null, b: Period) => a?.start === b.start && a.end === b.end;

/** Today's date in the community's time zone, YYYY-MM-DD. */
function localToday(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

export default function SettlementPage() {
  const { communityId } = useCommunity();
  const [period, setPeriod] = useState<Period | null>(null);
  return (
    <div className="space-y-8">
      <Periods communityId={communityId} selected={period} onPreview={setPeriod} />
      <CustomRange onPreview={setPeriod} />
      {period ? <PeriodPreview key={`${period.start}/${period.end}`} period={period} /> : null}
      <Runs communityId={communityId} />
    </div>
  );
}

function Periods({ communityId, selected, onPreview }: { communityId: string; selected: Period | null; onPreview: (p: Period) => void }) {
  const trpc = useTRPC();
  const periods = useQuery(trpc.settlement.periods.queryOptions({ communityId }));
  return (
    <section aria-labelledby="periods-heading">
      <h2 id="periods-heading" className="mb-1 text-lg font-semibold">
        Settlement periods
      </h2>
      <p className="mb-3 text-sm text-slate-700">Each period&apos;s shared energy is valued and posted to the members&apos; Prosumer Credit accounts once, when the period is finalized. Preview a period to see the numbers before anything is written.</p>
      {periods.error ? (
        <ErrorBox {...errorDetails(periods.error)} />
      ) : !periods.data ? (
        <Loading what="Loading periods" />
      ) : periods.data.length === 0 ? (
        <Empty>No settlement periods yet.</Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Settlement periods (scrollable table)">
          <table className="w-full text-left text-sm" data-testid="periods">
            <caption className="sr-only">Recent settlement periods, newest first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">Period</th>
                <th scope="col" className="px-3 py-2">State</th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {periods.data.map((p) => {
                const label = formatPeriod(p.period.start, p.period.end);
                const current = samePeriod(selected, p.period);
                return (
                  <tr key={p.period.start} className={`border-t border-slate-200 ${current ? "bg-blue-50" : ""}`} aria-current={current ? "true" : undefined}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      {label}
                    </th>
                    <td className="px-3 py-2">
                      <StateBadge period={p} /> <span className="ml-1 hidden text-xs text-slate-600 sm:inline">{STATE_HINTS[p.state]}</span>
                    </td>
                    <td className="px-3 py-2 text-right">
                      <Button variant="secondary" aria-label={`Preview ${label}`} onClick={() => onPreview({ ...p.period, state: p.state })}>
                        Preview
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Any range of days: the first and the last day, both included. */
function CustomRange({ onPreview }: { onPreview: (p: Period) => void }) {
  const [first, setFirst] = useState("");
  const [last, setLast] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <Card title="Preview another range">
      <form
        className="flex flex-wrap items-end gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!first || !last) return setError("Choose the first and the last day.");
          if (last < first) return setError("The last day must not be before the first day.");
          setError(null);
          onPreview({ start: first, end: addDays(last, 1) });
        }}
        noValidate
      >
        <Field label="First day" type="date" value={first} onChange={(e) => setFirst(e.target.value)} />
        <Field label="Last day (included)" type="date" value={last} onChange={(e) => setLast(e.target.value)} />
        <Button type="submit" variant="secondary">
          Preview range
        </Button>
      </form>
      <p className="mt-2 text-sm text-slate-600">Days are local days in the community&apos;s time zone. A range can be finalized only if it overlaps no settled period.</p>
      {error ? (
        <div className="mt-3">
          <ErrorBox message={error} />
        </div>
      ) : null}
    </Card>
  );
}

function PeriodPreview({ period }: { period: Period }) {
  const { communityId, community } = useCommunity();
  const trpc = useTRPC();
  const preview = useQuery(trpc.settlement.preview.queryOptions({ communityId, period: { start: period.start, end: period.end } }));
  const label = formatPeriod(period.start, period.end);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView?.({ block: "start" });
  }, []);
  return (
    <section aria-labelledby="preview-heading" className="space-y-5 rounded-lg border border-slate-300 bg-slate-50 p-5" data-testid="preview">
      <h2 id="preview-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Preview: {label}
      </h2>
      {preview.error ? (
        <ErrorBox {...errorDetails(preview.error)} />
      ) : !preview.data ? (
        <Loading what={`Computing the settlement of ${label}`} />
      ) : (
        <PreviewBody data={preview.data} label={label} timeZone={community?.timeZone ?? "UTC"} state={period.state} />
      )}
    </section>
  );
}

function PreviewBody({ data, label, timeZone, state }: { data: Preview; label: string; timeZone: string; state?: PeriodStatus["state"] }) {
  const { communityId } = useCommunity();
  const base = `/console/communities/${communityId}`;
  const missing = data.gaps.reduce((a, g) => a + g.missingIntervals, 0);
  const nf = new Intl.NumberFormat();
  return (
    <>
      <p className="text-sm text-slate-700">
        {nf.format(data.totals.members)} members · {nf.format(data.intervals)} intervals of {data.intervalMinutes} minutes · {formatDateTime(data.from, undefined, timeZone)} to {formatDateTime(data.to, undefined, timeZone)} ({timeZone}) · {nf.format(data.entries)} ledger entries when finalized
      </p>
      {state === "open" || state === "grace" ? (
        <p className="rounded-md border border-slate-300 bg-white p-4 text-sm">
          {state === "open" ? "This period has not ended yet: the numbers will change as meter data arrives." : "This period is in its grace days: late meter data may still arrive. The scheduler settles it when they are over."}
        </p>
      ) : null}
      {data.latest ? (
        <div className="rounded-md border border-slate-300 bg-white p-4 text-sm" data-testid="latest-run-note">
          {data.latest.sameInputs ? (
            <p>
              This period already has a final run, <Link href={`${base}/settlement/runs/${data.latest.id}`}>version {data.latest.version}</Link>, made from the same meter data. Finalizing again changes nothing.
            </p>
          ) : (
            <p>
              The meter data changed since the final run, <Link href={`${base}/settlement/runs/${data.latest.id}`}>version {data.latest.version}</Link>. Finalizing makes correction run v{data.latest.version + 1}, which reverses v{data.latest.version}&apos;s entries and posts new ones.
            </p>
          )}
        </div>
      ) : null}
      {data.members.length === 0 ? (
        <Empty>No member had a metering point in this period: there is nothing to settle.</Empty>
      ) : (
        <>
          <TotalsGrid totals={data.totals} />
          {data.gaps.length ? (
            <div className="space-y-2">
              <h3 className="font-semibold">Missing meter data</h3>
              <p className="text-sm text-slate-700">
                {nf.format(data.gaps.length)} metering point{data.gaps.length === 1 ? "" : "s"} miss {nf.format(missing)} interval{missing === 1 ? "" : "s"} in this period. Missing intervals count as zero: import the missing data first if it can still come.
              </p>
              <GapTable gaps={data.gaps} timeZone={timeZone} caption={`Metering points with missing intervals, ${label}`} />
            </div>
          ) : (
            <p className="text-sm text-slate-700" data-testid="no-gaps">
              No missing meter data: every metering point has every interval.
            </p>
          )}
          <div className="space-y-2">
            <h3 className="font-semibold">Per member</h3>
            <MemberResultsTable members={data.members} caption={`Settlement per member, ${label}`} memberHref={(id) => `${base}/members/${id}`} />
          </div>
        </>
      )}
      <FinalizeBox data={data} label={label} />
    </>
  );
}

function FinalizeBox({ data, label }: { data: Preview; label: string }) {
  const { communityId, community, canSettle } = useCommunity();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [accept, setAccept] = useState(false);
  const runs = useQuery(trpc.settlement.runs.queryOptions({ communityId }));
  const finalize = useMutation(
    trpc.settlement.finalize.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.settlement.periods.queryKey({ communityId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.settlement.runs.queryKey({ communityId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.settlement.preview.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.settlement.ledger.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.settlement.memberLedger.pathKey() }),
        ]),
    }),
  );
  const base = `/console/communities/${communityId}`;
  if (!canSettle) {
    return (
      <p className="rounded-md border border-slate-300 bg-white p-4 text-sm text-slate-700" data-testid="who-can-finalize">
        Only an administrator of {community?.municipalityName ?? "the municipality"} or an ESCO serving this community can finalize a period. You can preview periods and read the runs and the ledger.
      </p>
    );
  }
  const gaps = data.gaps.length > 0;
  const nothing = data.entries === 0 && !data.latest;
  const notEnded = data.period.end > localToday(community?.timeZone ?? "UTC");
  const overlapping = runs.data?.find((r) => r.periodStart < data.period.end && r.periodEnd > data.period.start && !(r.periodStart === data.period.start && r.periodEnd === data.period.end));
  const blocked = nothing || notEnded || overlapping !== undefined;
  return (
    <div className="space-y-3 rounded-md border border-slate-300 bg-white p-4">
      <h3 className="font-semibold">Finalize {label}</h3>
      <p className="text-sm text-slate-700">Finalizing writes the results above to the ledger for good. Later corrections are new runs that reverse earlier entries; nothing is ever changed in place.</p>
      {nothing ? <p className="text-sm font-medium">Nothing to settle: no member has readings in this period.</p> : null}
      {notEnded && !nothing ? <p className="text-sm font-medium">This period has not ended yet: it can be finalized from {formatDate(data.period.end)}.</p> : null}
      {overlapping ? (
        <p className="text-sm font-medium">
          This range overlaps the settled period <Link href={`${base}/settlement/runs/${overlapping.id}`}>{formatPeriod(overlapping.periodStart, overlapping.periodEnd)}</Link>: energy can be settled only once.
        </p>
      ) : null}
      {gaps && !blocked ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 h-4 w-4" checked={accept} required onChange={(e) => setAccept(e.target.checked)} />
          <span>I have reviewed the missing data and settle anyway</span>
        </label>
      ) : null}
      <div aria-live="polite" className="space-y-3">
        {finalize.error ? <ErrorBox {...errorDetails(finalize.error)} /> : null}
        {finalize.data ? (
          <Notice>
            {finalize.data.created
              ? `Finalized: ${label} is settled as run version ${finalize.data.version}. `
              : `Nothing changed: run version ${finalize.data.version} already settles this period with the same meter data. `}
            <Link href={`${base}/settlement/runs/${finalize.data.runId}`}>Open the run</Link>
          </Notice>
        ) : null}
      </div>
      <Button disabled={blocked || (gaps && !accept)} busy={finalize.isPending} onClick={() => finalize.mutate({ communityId, period: { start: data.period.start, end: data.period.end }, acceptGaps: gaps && accept })}>
        Finalize
      </Button>
    </div>
  );
}

function Runs({ communityId }: { communityId: string }) {
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
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Final runs (scrollable table)">
          <table className="w-full text-left text-sm" data-testid="runs">
            <caption className="sr-only">Final settlement runs, newest first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">Period</th>
                <th scope="col" className="px-3 py-2">Version</th>
                <th scope="col" className="px-3 py-2">Finalized</th>
                <NumHead>Entries</NumHead>
                <NumHead>Community Credit</NumHead>
                <NumHead title="Number of ledger entries the checkpoint covers">Checkpoint size</NumHead>
                <th scope="col" className="px-3 py-2" title="checkpoint: the Merkle root of all ledger entries up to this one">
                  Root
                </th>
              </tr>
            </thead>
            <tbody>
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
                    {formatDateTime(r.createdAt)} · {startedByLabel(r.startedBy)}
                  </td>
                  <Num>{nf.format(r.totals.entries)}</Num>
                  <Num className="text-credit">{eur(r.totals.communityCreditCents)}</Num>
                  <Num>{nf.format(BigInt(r.checkpointSize))}</Num>
                  <td className="px-3 py-2 font-mono text-xs" title={r.checkpointRoot}>
                    {shortHash(r.checkpointRoot)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
