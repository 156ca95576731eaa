"use client";
// Charts of the public page (recharts). Display only: the exact numbers are in the tables beside them,
// so the chart is one image for assistive technology, described by its caption. Tooltips show the
// table's exact text (formatted on the server from integers); axes use the locale's number format,
// compact (1.2K) so that long figures are not clipped. Loaded after the page (charts-lazy.tsx).
import { useLocale } from "next-intl";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// The accent colours of DESIGN §6 (app/globals.css): production amber, shared green, grid grey, credits blue.
const SUN = "#b45309";
const SHARED = "#15803d";
const GRID = "#4b5563";
const CREDIT = "#1d4ed8";
const INK = "#0f172a";

type EnergySeries = "production" | "consumption" | "shared" | "surplus";
export type EnergyPoint = { label: string; text: Record<EnergySeries, string> } & Record<EnergySeries, number | null>;

type CreditSeries = "credit" | "paidToDate";
export type CreditPoint = { label: string; text: Record<CreditSeries, string> } & Record<CreditSeries, number | null>;

/** Axis numbers, compact: 152,340 → "152K" (en), "152.340" would not fit the axis's width. */
function useAxisNumber(): (v: number) => string {
  const compact = new Intl.NumberFormat(useLocale(), { notation: "compact", maximumFractionDigits: 1 });
  return (v) => compact.format(v);
}

/** A few points (months, years): draw each as a dot, else a lone point of the line is invisible. */
const dotsFor = (n: number) => (n <= 12 ? { r: 4, fill: INK, stroke: INK } : false);

/** The tooltip shows the point's exact text for the series, not the drawn (floating point) number. */
function exactText(_value: unknown, _name: unknown, item: { dataKey?: unknown; payload?: { text?: Record<string, string> } }): string {
  return item.payload?.text?.[String(item.dataKey)] ?? "";
}

export function EnergyChart({ data, label, names }: { data: EnergyPoint[]; label: string; names: Record<EnergySeries, string> }) {
  const axis = useAxisNumber();
  return (
    <div role="img" aria-label={label} className="h-72 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={{ fill: "#334155", fontSize: 12 }} interval="preserveStartEnd" minTickGap={12} />
          <YAxis tick={{ fill: "#334155", fontSize: 12 }} width={64} tickFormatter={(v: number) => `${axis(v)} kWh`} />
          <Tooltip formatter={exactText} />
          <Legend />
          <Bar dataKey="production" name={names.production} fill={SUN} isAnimationActive={false} />
          <Bar dataKey="shared" name={names.shared} fill={SHARED} isAnimationActive={false} />
          <Bar dataKey="surplus" name={names.surplus} fill={GRID} isAnimationActive={false} />
          <Line dataKey="consumption" name={names.consumption} stroke={INK} strokeWidth={2} strokeDasharray="4 3" dot={dotsFor(data.length)} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export function CreditsChart({ data, label, names }: { data: CreditPoint[]; label: string; names: Record<CreditSeries, string> }) {
  const euros = new Intl.NumberFormat(useLocale(), { style: "currency", currency: "EUR", notation: "compact", maximumFractionDigits: 1 });
  return (
    <div role="img" aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={{ fill: "#334155", fontSize: 12 }} interval="preserveStartEnd" minTickGap={12} />
          <YAxis tick={{ fill: "#334155", fontSize: 12 }} width={64} tickFormatter={(v: number) => euros.format(v)} />
          <Tooltip formatter={exactText} />
          <Legend />
          <Bar dataKey="credit" name={names.credit} fill={CREDIT} isAnimationActive={false} />
          <Line dataKey="paidToDate" name={names.paidToDate} stroke="#1e3a8a" strokeWidth={2} dot={{ r: 4, fill: "#1e3a8a" }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
