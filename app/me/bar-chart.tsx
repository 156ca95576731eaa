"use client";
// A bar chart of kWh per row (recharts). Loaded on its own (next/dynamic) so the tables, which carry
// the same numbers, show before the chart library has arrived.
import { Bar, BarChart as RechartsBarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface BarSpec {
  key: string;
  name: string;
  color: string;
}

export default function KWhBarChart({ rows, bars }: { rows: Record<string, string | number>[]; bars: BarSpec[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <RechartsBarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} />
        <YAxis tick={{ fontSize: 12 }} unit=" kWh" width={80} />
        <Tooltip formatter={(v) => `${Number(v).toLocaleString(undefined, { maximumFractionDigits: 3 })} kWh`} />
        <Legend />
        {bars.map((b) => (
          <Bar key={b.key} dataKey={b.key} name={b.name} fill={b.color} isAnimationActive={false} />
        ))}
      </RechartsBarChart>
    </ResponsiveContainer>
  );
}
