"use client";
// Finalizing a previewed period (administrators of the municipality and serving ESCOs): the gaps to
// accept, a correction of an earlier run, or nothing new.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button, ErrorBox, Notice } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";
import { useSettlementFormat, type Preview } from "../settlement-parts";

/** Today's date in the community's time zone, YYYY-MM-DD. */
function localToday(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

export function FinalizeBox({ data, label }: { data: Preview; label: string }) {
  const { communityId, community, canSettle } = useCommunity();
  const t = useTranslations("console.settlement");
  const c = useTranslations("console.common");
  const f = useSettlementFormat();
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
        {t("whoCanFinalize", { municipality: community?.municipalityName ?? t("theMunicipality") })}
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
      <h3 className="font-semibold">{t("finalizeHeading", { period: label })}</h3>
      <p className="text-sm text-slate-700">{t("finalizeIntro")}</p>
      {nothing ? <p className="text-sm font-medium">{t("nothingReadings")}</p> : null}
      {notEnded && !nothing ? <p className="text-sm font-medium">{t("notEnded", { date: f.date(data.period.end) })}</p> : null}
      {overlapping ? (
        <p className="text-sm font-medium">
          {t.rich("overlaps", { period: f.period(overlapping.periodStart, overlapping.periodEnd), link: (chunks) => <Link href={`${base}/settlement/runs/${overlapping.id}`}>{chunks}</Link> })}
        </p>
      ) : null}
      {gaps && !blocked ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 h-4 w-4" checked={accept} required onChange={(e) => setAccept(e.target.checked)} />
          <span>{t("acceptGaps")}</span>
        </label>
      ) : null}
      <div aria-live="polite" className="space-y-3">
        {finalize.error ? <ErrorBox {...errorDetails(finalize.error)} /> : null}
        {finalize.data ? (
          <Notice>
            {finalize.data.created ? t("finalizedNotice", { period: label, version: finalize.data.version }) : t("unchangedNotice", { version: finalize.data.version })}{" "}
            <Link href={`${base}/settlement/runs/${finalize.data.runId}`}>{t("openRun")}</Link>
          </Notice>
        ) : null}
      </div>
      <Button disabled={blocked || (gaps && !accept)} busy={finalize.isPending} onClick={() => setConfirming(true)}>
        {t("finalizeButton")}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={t("confirmTitle", { period: label })}
        confirmLabel={gaps ? t("confirmWithGaps") : t("confirm")}
        variant={gaps ? "danger" : "primary"}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          finalize.mutate({ communityId, period: { start: data.period.start, end: data.period.end }, acceptGaps: gaps && accept });
        }}
      >
        {gaps ? (
          <p className="font-medium text-red-900" data-testid="confirm-consequence">
            {t("confirmGaps", {
              percent: f.decimal(data.missing.percent),
              missing: f.count(data.missing.missingIntervals),
              expected: f.count(data.missing.expectedIntervals),
              points: data.missing.meteringPoints,
              pointsText: f.count(data.missing.meteringPoints),
            })}
          </p>
        ) : null}
        <p data-testid={gaps ? undefined : "confirm-consequence"}>
          {t("confirmEntries", {
            entries: data.entries,
            entriesText: f.count(data.entries),
            members: c("members", { count: data.totals.members, n: f.count(data.totals.members) }),
            reversing: data.latest ? String(data.latest.version) : "none",
          })}
        </p>
      </ConfirmDialog>
    </div>
  );
}
