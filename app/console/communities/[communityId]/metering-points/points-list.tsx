"use client";
// The community's metering points: search (id or member reference), direction and validity filters,
// sort, the list as CSV or XLSX (the member import's layout), and each id linked to its readings.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { ExportLinks, FilterSelect, ListRegion, ListToolbar, queryString, SearchBox, SortHeader, type SortState } from "@/app/_components/data-list";
import { Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { directionLabel, formatDate } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

type SortKey = "code" | "direction" | "capacity" | "validFrom" | "member";

export function PointsList({ communityId }: { communityId: string }) {
  const trpc = useTRPC();
  const [search, setSearchText] = useState("");
  const [direction, setDirection] = useState<"" | "CONSUMPTION" | "INJECTION">("");
  const [status, setStatus] = useState<"" | "active" | "ended">("");
  const [order, setOrder] = useState<SortState<SortKey>>({ sort: "code", dir: "asc" });
  const setSearch = useCallback((s: string) => setSearchText(s), []);
  const query = { search: search || undefined, direction: direction || undefined, status: status || undefined, ...order };
  const points = useQuery({ ...trpc.meteringPoint.search.queryOptions({ communityId, ...query }), placeholderData: (prev) => prev });
  const filtered = Boolean(search || direction || status);
  if (points.error) return <ErrorBox {...errorDetails(points.error)} />;
  if (!points.data) return <Loading what="Loading metering points" />;
  if (points.data.length === 0 && !filtered) return <Empty>No metering points yet. Add them on a member&apos;s page or with the member import.</Empty>;
  const exportHref = (format: string) => `/api/communities/${communityId}/metering-points/export?${queryString({ format, ...query })}`;
  return (
    <div>
      <ListToolbar label="Search and filter metering points">
        <SearchBox label="Search" placeholder="Meter id or member reference" value={search} onChange={setSearch} />
        <FilterSelect label="Direction" value={direction} onChange={(v) => setDirection(v as typeof direction)} options={Object.entries(directionLabel).map(([value, label]) => ({ value, label }))} />
        <FilterSelect label="Validity" value={status} onChange={(v) => setStatus(v as typeof status)} options={[{ value: "active", label: "Valid now or later" }, { value: "ended", label: "Ended" }]} />
        <ExportLinks href={exportHref} />
      </ListToolbar>
      {points.data.length === 0 ? (
        <Empty>No metering points match this search and these filters.</Empty>
      ) : (
        <ListRegion label="Metering points table (scrolls sideways)">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">All metering points of the community{filtered ? ", filtered" : ""}; column headers sort the list</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <SortHeader label="Id (POD / EAN)" column="code" state={order} onSort={setOrder} />
                <SortHeader label="Direction" column="direction" state={order} onSort={setOrder} />
                <SortHeader label="Capacity" column="capacity" state={order} onSort={setOrder} />
                <SortHeader label="Valid" column="validFrom" state={order} onSort={setOrder} />
                <SortHeader label="Member" column="member" state={order} onSort={setOrder} />
              </tr>
            </thead>
            <tbody>
              {points.data.map((p) => (
                <tr key={p.id} className="border-t border-slate-200">
                  <td className="px-3 py-2 font-mono">
                    <Link href={`/console/communities/${communityId}/readings?point=${p.id}`} title="Readings of this metering point">
                      {p.code}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{directionLabel[p.direction]}</td>
                  <td className="whitespace-nowrap px-3 py-2">{p.capacityKw} kW</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {formatDate(p.validFrom)} – {p.validTo ? formatDate(p.validTo) : "open"}
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
