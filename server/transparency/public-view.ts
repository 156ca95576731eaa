// How the public page shows the figures it is given (public-figures.ts): which rows a view holds
// (the last 30 days by default), which periods are partial, and the distinct reasons figures are
// hidden (said once on the page, not in every cell). Pure; nothing here unhides anything — it only
// selects and reads figures that already went through the privacy rule.
import type { EnergyRow, Hidden, PublicFigures } from "./public-figures";

export const DEFAULT_DAYS = 30;

export type EnergyViewId = "day" | "month" | "year";

/** The view asked for in the address: `?view=day|month|year&month=YYYY-MM`; by default the last 30 days. */
export interface EnergyView {
  view: EnergyViewId;
  /** Months that have days, oldest first (the day view's month picker). */
  months: string[];
  /** The month shown by day, or null for the last 30 days. */
  month: string | null;
}

export function energyViewOf(figures: PublicFigures, sp: Record<string, string | string[] | undefined>): EnergyView {
  const view: EnergyViewId = sp.view === "month" || sp.view === "year" ? sp.view : "day";
  const months = figures.energy.months.map((m) => m.key);
  const month = view === "day" && typeof sp.month === "string" && months.includes(sp.month) ? sp.month : null;
  return { view, months, month };
}

/** The rows of a view: years, months, one month's days, or the last 30 days that have data. */
export function rowsOf(figures: PublicFigures, v: Pick<EnergyView, "view" | "month">): EnergyRow[] {
  if (v.view === "year") return figures.energy.years;
  if (v.view === "month") return figures.energy.months;
  if (v.month) return figures.energy.days.filter((d) => d.key.startsWith(v.month!));
  return figures.energy.days.slice(-DEFAULT_DAYS);
}

/**
 * A month or year the data covers only in part: data starts after its first day or ends before its
 * end. E.g. data 2026-11-03..2026-12-04 (to = 2026-12-05): November covers 3–30, December 1–4.
 * Returns the covered range [from, to) or null when the row is whole (days are always whole).
 */
export function partialRange(row: Pick<EnergyRow, "from" | "to" | "key">, total: Pick<EnergyRow, "from" | "to"> | null): { from: string; to: string } | null {
  if (!total || row.key.length === 10) return null;
  const from = row.from < total.from ? total.from : row.from;
  const to = row.to > total.to ? total.to : row.to;
  return from === row.from && to === row.to ? null : { from, to };
}

/** The distinct reasons (with their numbers) of every hidden figure in `value`, in the order met. */
export function hiddenReasons(value: unknown): Hidden[] {
  const seen = new Map<string, Hidden>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    if (o.shown === false && typeof o.reason === "string") {
      const h = { reason: o.reason, params: o.params } as Pick<Hidden, "reason" | "params">;
      const key = JSON.stringify([h.reason, h.params]);
      if (!seen.has(key)) seen.set(key, { shown: false, reason: h.reason, params: h.params });
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(value);
  return [...seen.values()];
}
