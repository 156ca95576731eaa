"use client";
// A bar chart of kWh per row (recharts). Loaded on its own (next/dynamic) so the tables, which carry
// the same numbers, show before the chart library has arrived. Tooltips show the table's exact text.
import { useLocale } from "next-intl";
import { Bar, BarChart as RechartsBarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatterFor } from "@/app/_lib/format";

export interface BarSpec {
  key: string;
  name: string;
  color: string;
  /** Bars with the same stack id are drawn on top of each other (parts of one whole). */
  stackId?: string;
}

/** One bar group: `label`, a number per bar key (for drawing) and `text`, the exact text per bar key. */
export type BarRow = { label: string; text: Record<string, string> } & Record<string, unknown>;

export default function KWhBarChart({ rows, bars }: { rows: BarRow[]; bars: BarSpec[] }) {
  const f = formatterFor(useLocale());
  return (
    <ResponsiveContainer width="100%" height="100%">
      <RechartsBarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} />
        <YAxis tick={{ fontSize: 12 }} width={80} tickFormatter={(v: number) => `${f.axis(v)} kWh`} />
        <Tooltip formatter={(_v, _name, item) => (item.payload as BarRow | undefined)?.text[String(item.dataKey)] ?? ""} />
        <Legend />
        {bars.map((b) => (
          <Bar key={b.key} dataKey={b.key} name={b.name} fill={b.color} stackId={b.stackId} isAnimationActive={false} />
        ))}
      </RechartsBarChart>
    </ResponsiveContainer>
  );
}
