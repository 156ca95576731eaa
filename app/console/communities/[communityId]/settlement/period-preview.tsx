"use client";
// The preview of one period: totals, the gap report and the per-member results, then finalizing.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatDateTime, formatPeriod } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";
import { GapTable, MemberResultsTable, TotalsGrid, type PeriodStatus, type Preview } from "../settlement-parts";
import { FinalizeBox } from "./finalize-box";
import type { Period } from "./period";

export function PeriodPreview({ period }: { period: Period }) {
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
