"use client";
// The community's metering points: search (id or member reference), direction and validity filters,
// sort, the list as CSV or XLSX (the member import's layout), and each id linked to its readings.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { ExportLinks, FilterSelect, ListRegion, ListToolbar, queryString, SearchBox, SortHeader, type SortState } from "@/app/_components/data-list";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useEnumLabels } from "../settlement-parts";

type SortKey = "code" | "direction" | "capacity" | "validFrom" | "member";

export function PointsList({ communityId }: { communityId: string }) {
  const trpc = useTRPC();
  const t = useTranslations("console.points");
  const f = formatterFor(useLocale());
  const labels = useEnumLabels();
  const [search, setSearchText] = useState("");
  const [direction, setDirection] = useState<"" | "CONSUMPTION" | "INJECTION">("");
  const [status, setStatus] = useState<"" | "active" | "ended">("");
  const [order, setOrder] = useState<SortState<SortKey>>({ sort: "code", dir: "asc" });
  const setSearch = useCallback((s: string) => setSearchText(s), []);
  const query = { search: search || undefined, direction: direction || undefined, status: status || undefined, ...order };
  const points = useQuery({ ...trpc.meteringPoint.search.queryOptions({ communityId, ...query }), placeholderData: (prev) => prev });
  const filtered = Boolean(search || direction || status);
  if (points.error) return <ErrorBox {...errorDetails(points.error)} />;
  if (!points.data) return <Loading what={t("loading")} />;
  if (points.data.length === 0 && !filtered) return <Empty>{t("none")}</Empty>;
  const exportHref = (format: string) => `/api/communities/${communityId}/metering-points/export?${queryString({ format, ...query })}`;
  return (
    <div>
      <ListToolbar label={t("toolbar")}>
        <SearchBox label={t("search")} placeholder={t("searchPlaceholder")} value={search} onChange={setSearch} />
        <FilterSelect label={t("direction")} value={direction} onChange={(v) => setDirection(v as typeof direction)} options={(["CONSUMPTION", "INJECTION"] as const).map((value) => ({ value, label: labels.direction(value) }))} />
        <FilterSelect label={t("validity")} value={status} onChange={(v) => setStatus(v as typeof status)} options={[{ value: "active", label: t("validNow") }, { value: "ended", label: t("ended") }]} />
        <ExportLinks href={exportHref} />
      </ListToolbar>
      {points.data.length === 0 ? (
        <Empty>{t("emptyFiltered")}</Empty>
      ) : (
        <ListRegion label={t("region")}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{filtered ? t("captionFiltered") : t("caption")}</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <SortHeader label={t("id")} column="code" state={order} onSort={setOrder} />
                <SortHeader label={t("direction")} column="direction" state={order} onSort={setOrder} />
                <SortHeader label={t("capacity")} column="capacity" state={order} onSort={setOrder} />
                <SortHeader label={t("valid")} column="validFrom" state={order} onSort={setOrder} />
                <SortHeader label={t("member")} column="member" state={order} onSort={setOrder} />
              </tr>
            </thead>
            <tbody>
              {points.data.map((p) => (
                <tr key={p.id} className="border-t border-slate-200">
                  <td className="px-3 py-2 font-mono">
                    <Link href={`/console/communities/${communityId}/readings?point=${p.id}`} title={t("readings")}>
                      {p.code}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{labels.direction(p.direction)}</td>
                  <td className="whitespace-nowrap px-3 py-2">{f.decimal(p.capacityKw)} kW</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {f.date(p.validFrom)} – {p.validTo ? f.date(p.validTo) : t("open")}
                  </td>
                  <td className="px-3 py-2">
                    <Link href={`/console/communities/${communityId}/members/${p.memberId}`}>{p.memberReference}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ListRegion>
      )}
    </div>
  );
}
