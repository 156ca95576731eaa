"use client";
import { useQuery } from "@tanstack/react-query";
import { Card, Empty, ErrorBox, Loading, PageHeader } from "@/app/_components/ui";
import { formatDate, formatDateTime, formatKWhFromMWh, kindLabel } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { MyBankAccount } from "./bank-account";
import { MyCredits } from "./credits";
import { EnergyChart } from "./energy-chart";
import { VerifyCredit } from "./verify-credit";
import { YourData } from "./your-data";

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
        <div key={m.memberId} className="space-y-6">
          <Card title={m.community.name}>
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
              <ul className="grid gap-3 sm:grid-cols-2" data-testid="my-metering-points">
                {m.meteringPoints.map((p) => (
                  <li key={p.id} className="rounded-md border border-slate-200 p-4" aria-label={`Meter ${p.code}`}>
                    <p className="font-medium">{p.direction === "INJECTION" ? <span className="text-sun">Energy your panels sent to the grid</span> : <span className="text-grid">Energy you used from the grid</span>}</p>
                    <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
                      <dt className="text-slate-600">Meter id</dt>
                      <dd className="font-mono break-all">{p.code}</dd>
                      <dt className="text-slate-600">Since</dt>
                      <dd>{formatDate(p.validFrom)}</dd>
                      <dt className="text-slate-600">Readings</dt>
                      <dd>{p.readings ? `${p.readings.intervals} quarter hours, up to ${formatDateTime(p.readings.last, undefined, m.community.timeZone)}` : "none received yet"}</dd>
                      <dt className="text-slate-600">Energy</dt>
                      <dd>{p.readings ? formatKWhFromMWh(p.readings.totalMWh) : "—"}</dd>
                    </dl>
                  </li>
                ))}
              </ul>
            )}
            <h3 className="mt-6 mb-2 font-medium">Your energy</h3>
            <EnergyChart memberId={m.memberId} hasInjection={m.meteringPoints.some((p) => p.direction === "INJECTION")} />
          </Card>
          <Card title="Your credits">
            <MyCredits memberId={m.memberId} />
          </Card>
          <Card title="Your bank account">
            <MyBankAccount memberId={m.memberId} />
          </Card>
          <Card title="Verify my credit">
            <VerifyCredit memberId={m.memberId} />
          </Card>
          <Card title="Your data">
            <YourData memberId={m.memberId} pseudonym={m.pseudonym} erasureRequestedAt={m.erasureRequestedAt} />
          </Card>
        </div>
      ))}
    </div>
  );
}
