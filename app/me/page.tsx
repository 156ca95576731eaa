"use client";
import { useQuery } from "@tanstack/react-query";
import { Card, Empty, ErrorBox, Loading, PageHeader } from "@/app/_components/ui";
import { formatDate, formatDateTime, formatKWhFromMWh, kindLabel } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export default function MyEnergyPage() {
  const trpc = useTRPC();
  const memberships = useQuery(trpc.me.memberships.queryOptions());
  if (memberships.error) return <ErrorBox {...errorDetails(memberships.error)} />;
  if (!memberships.data) return <Loading what="Loading your page" />;
  if (memberships.data.length === 0) return <Empty>Your account is not linked to a community membership yet.</Empty>;
  return (
    <div className="space-y-6">
      <PageHeader title="My energy" subtitle="Only you can see this page. Your neighbours see neither your meters nor your readings." />
      {memberships.data.map((m) => (
        <Card key={m.memberId} title={m.community.name}>
          <p className="text-sm text-slate-700">
            {kindLabel[m.kind]} since {formatDate(m.joinedOn)}
            {m.leftOn ? `, until ${formatDate(m.leftOn)}` : ""}. Your anonymous id in the community&apos;s public ledger is{" "}
            <abbr title="Pseudonymous id: your credits are published under this id, never under your name" className="font-mono">
              {m.pseudonym}
            </abbr>
            .
          </p>
          <h3 className="mt-5 mb-2 font-medium">Your metering points</h3>
          {m.meteringPoints.length === 0 ? (
            <Empty>No metering point is registered for you yet.</Empty>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="my-metering-points">
                <thead className="text-slate-700">
                  <tr>
                    <th scope="col" className="py-2 pr-3">Meter id</th>
                    <th scope="col" className="py-2 pr-3">Measures</th>
                    <th scope="col" className="py-2 pr-3">Since</th>
                    <th scope="col" className="py-2 pr-3">Readings received</th>
                    <th scope="col" className="py-2">Energy in those readings</th>
                  </tr>
                </thead>
                <tbody>
                  {m.meteringPoints.map((p) => (
                    <tr key={p.id} className="border-t border-slate-200">
                      <td className="py-2 pr-3 font-mono">{p.code}</td>
                      <td className="py-2 pr-3">{p.direction === "INJECTION" ? <span className="text-sun">energy your panels sent to the grid</span> : <span className="text-grid">energy you used from the grid</span>}</td>
                      <td className="py-2 pr-3">{formatDate(p.validFrom)}</td>
                      <td className="py-2 pr-3">{p.readings ? `${p.readings.intervals} quarter hours, up to ${formatDateTime(p.readings.last, undefined, m.community.timeZone)}` : "none yet"}</td>
                      <td className="py-2">{p.readings ? formatKWhFromMWh(p.readings.totalMWh) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="mt-5 rounded-md bg-blue-50 p-3 text-sm text-blue-900">
            Your credits — the value of the energy you shared with your neighbours — will appear here after the community&apos;s first settlement.
          </p>
        </Card>
      ))}
    </div>
  );
}
