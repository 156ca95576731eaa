"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DataTable, Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { directionLabel, formatDate } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";

export default function MeteringPointsPage() {
  const { communityId } = useCommunity();
  const trpc = useTRPC();
  const points = useQuery(trpc.meteringPoint.list.queryOptions({ communityId }));
  if (points.error) return <ErrorBox {...errorDetails(points.error)} />;
  if (!points.data) return <Loading what="Loading metering points" />;
  if (points.data.length === 0) return <Empty>No metering points yet. Add them on a member&apos;s page or with the member import.</Empty>;
  return (
    <DataTable
      caption="All metering points of the community"
      className="rounded-lg border border-slate-200 bg-white"
      columns={[{ label: "Id (POD / EAN)" }, { label: "Direction" }, { label: "Capacity" }, { label: "Valid" }, { label: "Member" }]}
    >
      {points.data.map((p) => (
        <tr key={p.id} className="border-t border-slate-200">
          <td className="px-3 py-2 font-mono">{p.code}</td>
          <td className="px-3 py-2">{directionLabel[p.direction]}</td>
          <td className="px-3 py-2">{p.capacityKw} kW</td>
          <td className="px-3 py-2">
            {formatDate(p.validFrom)} – {p.validTo ? formatDate(p.validTo) : "open"}
          </td>
          <td className="px-3 py-2">
            <Link href={`/console/communities/${communityId}/members/${p.memberId}`}>{p.memberReference}</Link>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
