"use client";
// The community's final runs with their checkpoints: a search (a period's dates or who finalized), the
// year and superseded-versions filters, sort by period or by when finalized, and the list as CSV or
// XLSX under the same choice (server/settlement/run-list.ts holds the one schema).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { ExportLinks, FilterSelect, ListRegion, ListToolbar, queryString, SearchBox, SortHeader, type SortState } from "@/app/_components/data-list";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { shortHash } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";
import { Num, NumHead, useSettlementFormat } from "../settlement-parts";

type SortKey = "period" | "finalized";

export function Runs({ communityId }: { communityId: string }) {
  const trpc = useTRPC();
  const [search, setSearchText] = useState("");
  const [year, setYear] = useState("");
  const [superseded, setSuperseded] = useState<"" | "hide">("");
  const [order, setOrder] = useState<SortState<SortKey>>({ sort: "finalized", dir: "desc" });
  const setSearch = useCallback((s: string) => setSearchText(s), []);
  const query = { search: search || undefined, year: year || undefined, superseded: superseded || undefined, ...order };
  const runs = useQuery({ ...trpc.settlement.runs.queryOptions({ communityId, ...query }), placeholderData: (prev) => prev });
  // Every run, for the years to choose from (the same query the finalize box and run pages use).
  const allRuns = useQuery(trpc.settlement.runs.queryOptions({ communityId }));
  const filtered = Boolean(search || year || superseded);
  const base = `/console/communities/${communityId}`;
  const t = useTranslations("console.settlement");
  const l = useTranslations("console.runsList");
  const lists = useTranslations("console.lists");
  const c = useTranslations("console.common");
  const f = useSettlementFormat();
  const timeZone = useCommunity().community?.timeZone;
  const years = [...new Set((allRuns.data ?? []).map((r) => r.periodStart.slice(0, 4)))].sort().reverse();
  const exportHref = (format: string) => `/api/communities/${communityId}/runs/export?${queryString({ format, ...query })}`;
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
      ) : runs.data.length === 0 && !filtered ? (
        <Empty>{t("noRuns")}</Empty>
      ) : (
        <>
          <ListToolbar label={l("toolbar")}>
            <SearchBox label={l("search")} placeholder={l("searchPlaceholder")} value={search} onChange={setSearch} />
            <FilterSelect label={l("year")} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: y }))} allLabel={l("allYears")} />
            <FilterSelect label={l("versions")} value={superseded} onChange={(v) => setSuperseded(v as typeof superseded)} options={[{ value: "hide", label: l("currentOnly") }]} allLabel={l("allVersions")} />
            <ExportLinks label={lists("downloadRuns")} href={exportHref} />
          </ListToolbar>
          {runs.data.length === 0 ? (
            <Empty>{l("emptyFiltered")}</Empty>
          ) : (
            <ListRegion label={c("scrollable", { name: t("runsHeading") })}>
              <table className={`w-full text-left text-sm ${runs.isPlaceholderData ? "opacity-60" : ""}`} data-testid="runs" aria-busy={runs.isFetching || undefined}>
                <caption className="sr-only">{filtered ? l("captionFiltered") : t("runsCaption")}</caption>
                <thead className="bg-slate-100 text-slate-700">
                  <tr>
                    <SortHeader label={t("period")} column="period" state={order} onSort={setOrder} />
                    <th scope="col" className="px-3 py-2">
                      {t("version")}
                    </th>
                    <SortHeader label={t("finalized")} column="finalized" state={order} onSort={setOrder} />
                    <NumHead>{t("entries")}</NumHead>
                    <NumHead>{t("communityCredit")}</NumHead>
                    <NumHead title={t("checkpointSizeTitle")}>{t("checkpointSize")}</NumHead>
                    <th scope="col" className="px-3 py-2" title={t("checkpointTitle")}>
                      {t("root")}
                    </th>
                  </tr>
                </thead>
                <tbody>
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
                </tbody>
              </table>
            </ListRegion>
          )}
        </>
      )}
    </section>
  );
}
