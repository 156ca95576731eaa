"use client";
// The recent periods with their state, and any other range of days, to preview.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Card, DataTable, Empty, ErrorBox, Field, Loading } from "@/app/_components/ui";
import { formatPeriod } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { addDays } from "@/server/shared/iso-date";
import { STATE_HINTS, StateBadge } from "../settlement-parts";
import { samePeriod, type Period } from "./period";

export function Periods({ communityId, selected, onPreview }: { communityId: string; selected: Period | null; onPreview: (p: Period) => void }) {
  const trpc = useTRPC();
  const periods = useQuery(trpc.settlement.periods.queryOptions({ communityId }));
  return (
    <section aria-labelledby="periods-heading">
      <h2 id="periods-heading" className="mb-1 text-lg font-semibold">
        Settlement periods
      </h2>
      <p className="mb-3 text-sm text-slate-700">Each period&apos;s shared energy is valued and posted to the members&apos; Prosumer Credit accounts once, when the period is finalized. Preview a period to see the numbers before anything is written.</p>
      {periods.error ? (
        <ErrorBox {...errorDetails(periods.error)} />
      ) : !periods.data ? (
        <Loading what="Loading periods" />
      ) : periods.data.length === 0 ? (
        <Empty>No settlement periods yet.</Empty>
      ) : (
        <DataTable
          caption="Recent settlement periods, newest first"
          testId="periods"
          className="rounded-lg border border-slate-200 bg-white"
          region="Settlement periods (scrollable table)"
          columns={[{ label: "Period" }, { label: "State" }, { label: <span className="sr-only">Actions</span> }]}
        >
          {periods.data.map((p) => {
            const label = formatPeriod(p.period.start, p.period.end);
            const current = samePeriod(selected, p.period);
            return (
              <tr key={p.period.start} className={`border-t border-slate-200 ${current ? "bg-blue-50" : ""}`} aria-current={current ? "true" : undefined}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {label}
                </th>
                <td className="px-3 py-2">
                  <StateBadge period={p} /> <span className="ml-1 hidden text-xs text-slate-600 sm:inline">{STATE_HINTS[p.state]}</span>
                </td>
                <td className="px-3 py-2 text-right">
                  <Button variant="secondary" aria-label={`Preview ${label}`} onClick={() => onPreview({ ...p.period, state: p.state })}>
                    Preview
                  </Button>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

/** Any range of days: the first and the last day, both included. */
export function CustomRange({ onPreview }: { onPreview: (p: Period) => void }) {
  const [first, setFirst] = useState("");
  const [last, setLast] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <Card title="Preview another range">
      <form
        className="flex flex-wrap items-end gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!first || !last) return setError("Choose the first and the last day.");
          if (last < first) return setError("The last day must not be before the first day.");
          setError(null);
          onPreview({ start: first, end: addDays(last, 1) });
        }}
        noValidate
      >
        <Field label="First day" type="date" value={first} onChange={(e) => setFirst(e.target.value)} />
        <Field label="Last day (included)" type="date" value={last} onChange={(e) => setLast(e.target.value)} />
        <Button type="submit" variant="secondary">
          Preview range
        </Button>
      </form>
      <p className="mt-2 text-sm text-slate-600">Days are local days in the community&apos;s time zone. A range can be finalized only if it overlaps no settled period.</p>
      {error ? (
        <div className="mt-3">
          <ErrorBox message={error} />
        </div>
      ) : null}
    </Card>
  );
}
