"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Empty, ErrorBox, Loading, Select } from "@/app/_components/ui";
import { directionLabel, formatDate, formatDateTime, formatKWhFromMWh } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { addDays } from "@/server/shared/iso-date";
import { DailyChart } from "./daily-chart";
import { nf } from "./shared";

/** Per metering point: the daily energy as a chart and a table, and the missing intervals of the period. */
export function Readings({ communityId, selected, onSelect }: { communityId: string; selected: string | null; onSelect: (id: string) => void }) {
  const trpc = useTRPC();
  const points = useQuery(trpc.meteringPoint.list.queryOptions({ communityId }));
  const pointId = selected ?? points.data?.[0]?.id ?? null;
  const readings = useQuery({ ...trpc.readingImport.readings.queryOptions({ communityId, meteringPointId: pointId ?? "" }), enabled: !!pointId });
  const period = readings.data ? { from: readings.data.from, to: readings.data.to } : null;
  const gaps = useQuery({ ...trpc.readingImport.gaps.queryOptions({ communityId, meteringPointId: pointId ?? "", from: period?.from ?? "", to: period?.to ?? "" }), enabled: !!pointId && !!period });
  useEffect(() => {
    if (selected && points.data && !points.data.some((p) => p.id === selected)) void points.refetch();
  }, [selected, points]);

  return (
    <section aria-labelledby="readings-heading" className="space-y-4">
      <h2 id="readings-heading" className="text-lg font-semibold">
        Readings
      </h2>
      {points.error ? (
        <ErrorBox {...errorDetails(points.error)} />
      ) : !points.data ? (
        <Loading what="Loading metering points" />
      ) : points.data.length === 0 ? (
        <Empty>No metering points yet. Add them on a member&apos;s page first.</Empty>
      ) : (
        <>
          <div className="max-w-md">
            <Select label="Metering point" value={pointId ?? ""} onChange={(e) => onSelect(e.target.value)}>
              {points.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} · {directionLabel[p.direction]} · {p.memberReference}
                </option>
              ))}
            </Select>
          </div>
          {readings.error ? <ErrorBox {...errorDetails(readings.error)} /> : null}
          {readings.isPending ? <Loading what="Loading readings" /> : null}
          {readings.data ? (
            readings.data.days.length === 0 ? (
              <Empty>No readings for this metering point yet.</Empty>
            ) : (
              <>
                <p className="text-sm text-slate-700">
                  Daily energy from {formatDate(readings.data.from)} to {formatDate(addDays(readings.data.to, -1))} ({readings.data.timeZone} days).
                </p>
                <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
                  <DailyChart days={readings.data.days} label={`Daily energy of ${readings.data.meteringPoint.code} (${directionLabel[readings.data.meteringPoint.direction]}) in kWh, ${formatDate(readings.data.from)} to ${formatDate(addDays(readings.data.to, -1))}`} injection={readings.data.meteringPoint.direction === "INJECTION"} />
                  <div className="max-h-96 overflow-y-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Daily energy in kWh (scrollable table)">
                    <table className="w-full text-left text-sm" data-testid="daily-readings">
                      <caption className="sr-only">Daily energy, kWh</caption>
                      <thead className="sticky top-0 bg-slate-100 text-slate-700">
                        <tr>
                          <th scope="col" className="px-3 py-2">Date</th>
                          <th scope="col" className="px-3 py-2 text-right">Energy (kWh)</th>
                        </tr>
                      </thead>
                      <tbody>
                        {readings.data.days.map((d) => (
                          <tr key={d.date} className="border-t border-slate-200">
                            <td className="px-3 py-1">{formatDate(d.date)}</td>
                            <td className="px-3 py-1 text-right tabular-nums">{formatKWhFromMWh(d.mwh, undefined, 2)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
                <div>
                  <h3 className="mb-2 font-semibold">Missing intervals in this period</h3>
                  {gaps.error ? <ErrorBox {...errorDetails(gaps.error)} /> : null}
                  {gaps.isPending ? <Loading what="Looking for missing intervals" /> : null}
                  {gaps.data ? (
                    gaps.data.gaps.length === 0 ? (
                      <p className="text-sm" data-testid="gaps">
                        None: every {gaps.data.intervalMinutes}-minute interval has a reading.
                      </p>
                    ) : (
                      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="gaps">
                        {gaps.data.gaps.slice(0, 100).map((g) => (
                          <li key={g.start}>
                            {formatDateTime(g.start, undefined, readings.data?.timeZone)} – {formatDateTime(g.end, undefined, readings.data?.timeZone)} ({nf().format(g.intervals)} intervals)
                          </li>
                        ))}
                        {gaps.data.gaps.length > 100 || gaps.data.more ? <li>… and more</li> : null}
                      </ul>
                    )
                  ) : null}
                </div>
              </>
            )
          ) : null}
        </>
      )}
    </section>
  );
}
