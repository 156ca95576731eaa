// One public figure in a table or a card: the value with its unit, or why it is hidden.
import type { ReactNode } from "react";
import { formatEurFromCents, formatKgFromMicrograms, formatKWhFromMWh, formatPercent } from "@/app/_lib/format";
import type { Amount, Rate } from "@/server/transparency/public-figures";

export type Unit = "kWh" | "EUR" | "kg" | "count" | "percent";

export function formatFigure(f: Amount | Rate, unit: Unit): string | null {
  if (!f.shown) return null;
  if ("percent" in f) return formatPercent(f.percent);
  switch (unit) {
    case "kWh":
      return formatKWhFromMWh(f.value);
    case "EUR":
      return formatEurFromCents(f.value);
    case "kg":
      return formatKgFromMicrograms(f.value);
    case "count":
      return new Intl.NumberFormat().format(BigInt(f.value));
    case "percent":
      return null;
  }
}

/** A hidden figure says why, in plain words. */
export function HiddenNote({ why }: { why: string }): ReactNode {
  return (
    <span className="text-sm font-normal text-slate-600 italic" data-testid="hidden-figure">
      hidden: {why}
    </span>
  );
}

/** null: no data, or not known at this resolution (`missing` says which). */
export function FigureCell({ figure, unit, missing = "no data" }: { figure: Amount | Rate | null; unit: Unit; missing?: string }): ReactNode {
  if (!figure) return <span className="text-sm text-slate-600">{missing}</span>;
  if (!figure.shown) return <HiddenNote why={figure.why} />;
  return <span className="tabular-nums">{formatFigure(figure, unit)}</span>;
}

/** A number for a chart (display only: exact values stay in the table); null when hidden. */
export function chartNumber(f: Amount | null, divisor: number): number | null {
  if (!f || !f.shown) return null;
  return Number(BigInt(f.value)) / divisor;
}
