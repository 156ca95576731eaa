"use client";
// Charts of the public page (recharts). Display only: the exact numbers are in the tables beside them,
// so the chart is one image for assistive technology, described by its caption.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// The accent colours of DESIGN §6 (app/globals.css): production amber, shared green, grid grey, credits blue.
const SUN = "#b45309";
const SHARED = "#15803d";
const GRID = "#4b5563";
const CREDIT = "#1d4ed8";
const INK = "#0f172a";

export interface EnergyPoint {
  label: string;
  production: number | null;
  consumption: number | null;
  shared: number | null;
  surplus: number | null;
}

const kWh = (v: unknown) => (typeof v === "number" ? `${v.toLocaleString(undefined, { maximumFractionDigits: 1 })} kWh` : "hidden");
const eur = (v: unknown) => (typeof v === "number" ? v.toLocaleString(undefined, { style: "currency", currency: "EUR" }) : "hidden");

export function EnergyChart({ data, label }: { data: EnergyPoint[]; label: string }) {
  return (
    <div role="img" aria-label={label} className="h-72 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={{ fill: "#334155", fontSize: 12 }} />
          <YAxis tick={{ fill: "#334155", fontSize: 12 }} width={72} tickFormatter={(v: number) => `${v.toLocaleString()} kWh`} />
          <Tooltip formatter={kWh} />
          <Legend />
          <Bar dataKey="production" name="Production (kWh)" fill={SUN} isAnimationActive={false} />
          <Bar dataKey="shared" name="Shared energy (kWh)" fill={SHARED} isAnimationActive={false} />
          <Bar dataKey="surplus" name="Surplus to the grid (kWh)" fill={GRID} isAnimationActive={false} />
          <Line dataKey="consumption" name="Consumption (kWh)" stroke={INK} strokeDasharray="4 3" dot={false} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface CreditPoint {
  label: string;
  credit: number | null;
  paidToDate: number | null;
}

export function CreditsChart({ data, label }: { data: CreditPoint[]; label: string }) {
  return (
    <div role="img" aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={{ fill: "#334155", fontSize: 12 }} />
          <YAxis tick={{ fill: "#334155", fontSize: 12 }} width={72} tickFormatter={(v: number) => `€${v.toLocaleString()}`} />
          <Tooltip formatter={eur} />
          <Legend />
          <Bar dataKey="credit" name="Community Credit (EUR)" fill={CREDIT} isAnimationActive={false} />
          <Line dataKey="paidToDate" name="Credits paid out to date (EUR)" stroke="#1e3a8a" dot isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
