"use client";
// The community's final runs, newest first, with their checkpoints.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ExportLinks } from "@/app/_components/data-list";
import { useTranslations } from "next-intl";
import { DataTable, Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { shortHash } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";
import { Num, useSettlementFormat } from "../settlement-parts";

export function Runs({ communityId }: { communityId: string }) {
  const trpc = useTRPC();
  const runs = useQuery(trpc.settlement.runs.queryOptions({ communityId }));
  const base = `/console/communities/${communityId}`;
  const t = useTranslations("console.settlement");
  const c = useTranslations("console.common");
  const lists = useTranslations("console.lists");
  const f = useSettlementFormat();
  const timeZone = useCommunity().community?.timeZone;
  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading" className="mb-1 text-lg font-semibold">
        {t("runsHeading")}
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        {t.rich("runsIntro", {
          term: (chunks) => (
            <span title={t("checkpointTitle")} className="underline decoration-dotted">
              {chunks}
            </span>
          ),
        })}
      </p>
      {runs.error ? (
        <ErrorBox {...errorDetails(runs.error)} />
      ) : !runs.data ? (
        <Loading what={t("loadingRuns")} />
      ) : runs.data.length === 0 ? (
        <Empty>{t("noRuns")}</Empty>
      ) : (
        <>
        <div className="mb-3">
          <ExportLinks label={lists("downloadRuns")} href={(format) => `/api/communities/${communityId}/runs/export?format=${format}`} />
        </div>
        <DataTable
          caption={t("runsCaption")}
          testId="runs"
          className="rounded-lg border border-slate-200 bg-white"
          region={c("scrollable", { name: t("runsHeading") })}
          columns={[
            { label: t("period") },
            { label: t("version") },
            { label: t("finalized") },
            { label: t("entries"), align: "right" },
            { label: t("communityCredit"), align: "right" },
            { label: t("checkpointSize"), align: "right", title: t("checkpointSizeTitle") },
            { label: t("root"), title: t("checkpointTitle") },
          ]}
        >
          {runs.data.map((r) => (
            <tr key={r.id} className={`border-t border-slate-200 ${r.superseded ? "text-slate-600" : ""}`}>
              <th scope="row" className="whitespace-nowrap px-3 py-2 text-left font-normal">
                <Link href={`${base}/settlement/runs/${r.id}`}>{f.period(r.periodStart, r.periodEnd)}</Link>
              </th>
              <td className="whitespace-nowrap px-3 py-2">
                v{r.version}
                {r.correctsId ? <span className="text-slate-600"> {t("corrects", { version: r.version - 1 })}</span> : null}
                {r.superseded ? <span className="ml-2 rounded-full border border-slate-300 bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{t("superseded")}</span> : null}
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                {f.dateTime(r.createdAt, timeZone)} · {r.startedByName}
              </td>
              <Num>{f.count(r.totals.entries)}</Num>
              <Num className="text-credit">{f.money(r.totals.communityCreditCents)}</Num>
              <Num>{f.count(BigInt(r.checkpointSize))}</Num>
              <td className="px-3 py-2 font-mono text-xs" title={r.checkpointRoot}>
                {shortHash(r.checkpointRoot)}
              </td>
            </tr>
          ))}
        </DataTable>
        </>
      )}
    </section>
  );
}
