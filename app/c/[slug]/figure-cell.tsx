// One public figure in a table or a card: the value with its unit, or why it is hidden — in the
// visitor's language, from the exact integers (no floating point on the way to the digits shown).
import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { formatterFor, type Formatter } from "@/app/_lib/format";
import type { Amount, Hidden, Rate } from "@/server/transparency/public-figures";

export type Unit = "kWh" | "EUR" | "kg" | "count" | "percent";

export function formatFigure(f: Amount | Rate, unit: Unit, format: Formatter): string | null {
  if (!f.shown) return null;
  if ("percent" in f) return format.percent(f.percent);
  switch (unit) {
    case "kWh":
      return format.kwh(f.value);
    case "EUR":
      return format.eur(f.value);
    case "kg":
      return format.kg(f.value);
    case "count":
      return format.count(f.value);
    case "percent":
      return null;
  }
}

/** "hidden: fewer than 5 members", from the server's reason code and its numbers. */
export function useHiddenText(): (h: Hidden) => string {
  const t = useTranslations("privacy");
  return (h) => t("hidden", { reason: t(`reason.${h.reason}`, h.params) });
}

/** A hidden figure reads "hidden"; why is said once for the page (HiddenNotice), and in the cell's title. */
export function HiddenNote({ figure }: { figure: Hidden }): ReactNode {
  const text = useHiddenText();
  const t = useTranslations("plainPages.public");
  return (
    <span className="text-sm font-normal text-slate-600 italic" title={text(figure)} data-testid="hidden-figure">
      {t("hiddenCell")}
    </span>
  );
}

/** The one notice of a page with hidden figures: each distinct reason once (server/transparency/public-view.ts). */
export function HiddenNotice({ reasons }: { reasons: Hidden[] }): ReactNode {
  const t = useTranslations("plainPages.public");
  const tp = useTranslations("privacy");
  if (reasons.length === 0) return null;
  return (
    <p role="note" className="max-w-3xl rounded-md border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800" data-testid="hidden-notice">
      {t("hiddenNotice", { reasons: reasons.map((h) => tp(`reason.${h.reason}`, h.params)).join("; ") })}
    </p>
  );
}

/** null: no data, or not known at this resolution (`missing` says which). */
export function FigureCell({ figure, unit, missing }: { figure: Amount | Rate | null; unit: Unit; missing?: string }): ReactNode {
  const format = formatterFor(useLocale());
  const t = useTranslations("public");
  if (!figure) return <span className="text-sm text-slate-600">{missing ?? t("noDataCell")}</span>;
  if (!figure.shown) return <HiddenNote figure={figure} />;
  return <span className="tabular-nums">{formatFigure(figure, unit, format)}</span>;
}

/** A number for a chart (display only: exact values stay in the table); null when hidden. */
export function chartNumber(f: Amount | null, divisor: number): number | null {
  if (!f || !f.shown) return null;
  return Number(BigInt(f.value)) / divisor;
}

/** The exact text of a figure for a chart's tooltip (the same digits as the table), or why it is hidden. */
export function chartText(f: Amount | null, unit: Unit, format: Formatter, hidden: (h: Hidden) => string, none: string): string {
  if (!f) return none;
  return f.shown ? (formatFigure(f, unit, format) ?? none) : hidden(f);
}
