"use client";
// Finalizing a previewed period (administrators of the municipality and serving ESCOs): the gaps to
// accept, a correction of an earlier run, or nothing new.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button, ErrorBox, Notice } from "@/app/_components/ui";
import { formatDate, formatPeriod } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";
import type { Preview } from "../settlement-parts";

/** Today's date in the community's time zone, YYYY-MM-DD. */
function localToday(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

export function FinalizeBox({ data, label }: { data: Preview; label: string }) {
  const { communityId, community, canSettle } = useCommunity();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [accept, setAccept] = useState(false);
  const [confirming, setConfirming] = useState(false);
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
  const nf = new Intl.NumberFormat();
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
      <Button disabled={blocked || (gaps && !accept)} busy={finalize.isPending} onClick={() => setConfirming(true)}>
        Finalize…
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Finalize ${label}?`}
        confirmLabel={gaps ? "Finalize with missing data" : "Finalize"}
        variant={gaps ? "danger" : "primary"}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          finalize.mutate({ communityId, period: { start: data.period.start, end: data.period.end }, acceptGaps: gaps && accept });
        }}
      >
        {gaps ? (
          <p className="font-medium text-red-900" data-testid="confirm-consequence">
            {data.missing.percent} % of the readings are missing ({nf.format(data.missing.missingIntervals)} of {nf.format(data.missing.expectedIntervals)} intervals) for {data.missing.meteringPoints} metering point
            {data.missing.meteringPoints === 1 ? "" : "s"}; they will be settled as zero.
          </p>
        ) : null}
        <p data-testid={gaps ? undefined : "confirm-consequence"}>
          {data.entries} ledger entr{data.entries === 1 ? "y" : "ies"} for {data.totals.members} member{data.totals.members === 1 ? "" : "s"} will be written for good
          {data.latest ? `, reversing run version ${data.latest.version}` : ""}. A later correction is a new run; nothing is changed in place.
        </p>
      </ConfirmDialog>
    </div>
  );
}
