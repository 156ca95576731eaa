"use client";
// The preview of one period: totals, the gap report and the per-member results, then finalizing.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";
import { GapTable, MemberResultsTable, TotalsGrid, useSettlementFormat, type PeriodStatus, type Preview } from "../settlement-parts";
import { FinalizeBox } from "./finalize-box";
import type { Period } from "./period";

export function PeriodPreview({ period }: { period: Period }) {
  const { communityId, community } = useCommunity();
  const t = useTranslations("console.settlement");
  const f = useSettlementFormat();
  const trpc = useTRPC();
  const preview = useQuery(trpc.settlement.preview.queryOptions({ communityId, period: { start: period.start, end: period.end } }));
  const label = f.period(period.start, period.end);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView?.({ block: "start" });
  }, []);
  return (
    <section aria-labelledby="preview-heading" className="space-y-5 rounded-lg border border-slate-300 bg-slate-50 p-5" data-testid="preview">
      <h2 id="preview-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        {t("previewHeading", { period: label })}
      </h2>
      {preview.error ? (
        <ErrorBox {...errorDetails(preview.error)} />
      ) : !preview.data ? (
        <Loading what={t("computing", { period: label })} />
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
  const t = useTranslations("console.settlement");
  const c = useTranslations("console.common");
  const f = useSettlementFormat();
  const link = (id: string) => (chunks: React.ReactNode) => <Link href={`${base}/settlement/runs/${id}`}>{chunks}</Link>;
  return (
    <>
      <p className="text-sm text-slate-700">
        {t("previewSummary", {
          members: c("members", { count: data.totals.members, n: f.count(data.totals.members) }),
          intervals: data.intervals,
          intervalsText: f.count(data.intervals),
          minutes: data.intervalMinutes,
          from: f.dateTime(data.from, timeZone),
          to: f.dateTime(data.to, timeZone),
          entries: data.entries,
          entriesText: f.count(data.entries),
        })}
      </p>
      {state === "open" || state === "grace" ? (
        <p className="rounded-md border border-slate-300 bg-white p-4 text-sm">
          {state === "open" ? t("stillOpen") : t("inGrace")}
        </p>
      ) : null}
      {data.latest ? (
        <div className="rounded-md border border-slate-300 bg-white p-4 text-sm" data-testid="latest-run-note">
          {data.latest.sameInputs ? (
            <p>{t.rich("sameInputs", { version: data.latest.version, link: link(data.latest.id) })}</p>
          ) : (
            <p>{t.rich("changedInputs", { version: data.latest.version, next: data.latest.version + 1, link: link(data.latest.id) })}</p>
          )}
        </div>
      ) : null}
      {data.members.length === 0 ? (
        <Empty>{t("nothingToSettle")}</Empty>
      ) : (
        <>
          <TotalsGrid totals={data.totals} />
          {data.gaps.length ? (
            <div className="space-y-2">
              <h3 className="font-semibold">{t("missingHeading")}</h3>
              <p className="text-sm text-slate-700">{t("missingText", { points: data.gaps.length, pointsText: f.count(data.gaps.length), intervals: missing, intervalsText: f.count(missing) })}</p>
              <GapTable gaps={data.gaps} timeZone={timeZone} caption={t("gapsCaption", { period: label })} />
            </div>
          ) : (
            <p className="text-sm text-slate-700" data-testid="no-gaps">
              {t("noGaps")}
            </p>
          )}
          <div className="space-y-2">
            <h3 className="font-semibold">{t("perMember")}</h3>
            <MemberResultsTable members={data.members} caption={t("perMemberCaption", { period: label })} memberHref={(id) => `${base}/members/${id}`} />
          </div>
        </>
      )}
      <FinalizeBox data={data} label={label} />
    </>
  );
}
