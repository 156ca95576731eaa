// The public page's tables as CSV (GET /c/<slug>/csv?table=…): the same rows the page shows, from the
// same figures, which have already passed the privacy rule — a hidden figure is written as "hidden"
// with its reason, never as a number. Exact values: kWh from integer mWh, kg from µg, EUR from cents,
// rates as the page's one-decimal percent. Pure.
import { z } from "zod";
import { toCsv, type CsvValue } from "@/server/csv/write-csv";
import { AppError } from "@/server/errors";
import { formatDecimalTrimmed } from "@/server/settlement/decimal";
import type { Amount, Hidden, PublicFigures, Rate } from "./public-figures";
import { energyViewOf, partialRange, rowsOf } from "./public-view";

export const csvQuery = z.object({
  table: z.enum(["energy", "credits", "members"]),
  view: z.enum(["day", "month", "year"]).optional(),
  month: z.string().regex(/^\d{4}-\d{2}$/, "must be YYYY-MM").optional(),
});
export type CsvQuery = z.infer<typeof csvQuery>;

/** The query of a CSV address; bad input is a 400 naming the parameter. */
export function parseCsvQuery(url: URL): CsvQuery {
  const parsed = csvQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", "Unknown table or view.", parsed.error.issues.map((i) => ({ where: i.path.join(".") || "query", message: i.message })));
  }
  return parsed.data;
}

const REASON: Record<Hidden["reason"], (p: Hidden["params"]) => string> = {
  FEWER_THAN_K: (p) => `fewer than ${p.k} members`,
  DOMINANT_MEMBER: (p) => `one member is more than ${p.maxSharePercent} %`,
  MEMBERS_CHANGED: () => "members joined or left",
  PROTECTS_HIDDEN: () => "would let a hidden figure be worked out",
};
const hidden = (h: Hidden) => `hidden: ${REASON[h.reason](h.params)}`;

/** An amount in `scale` decimals of its unit (mWh → kWh: 6), exact; a hidden one says why; null: no data. */
function amount(a: Amount | null, scale: number, minScale: number): CsvValue {
  if (!a) return null;
  return a.shown ? formatDecimalTrimmed(BigInt(a.value), scale, minScale) : hidden(a);
}
const kwh = (a: Amount | null) => amount(a, 6, 3);
const kg = (a: Amount | null) => amount(a, 9, 3);
const eur = (a: Amount | null) => amount(a, 2, 2);
const rate = (r: Rate | null): CsvValue => (!r ? null : r.shown ? r.percent : hidden(r));

/** The file's name and text for a table of the page. */
export function publicCsv(slug: string, figures: PublicFigures, q: CsvQuery): { fileName: string; csv: string } {
  if (q.table === "members") {
    const rows: CsvValue[][] = [["all", countCell(figures.members.total)], ...figures.members.byKind.map((k) => [k.kind.toLowerCase(), countCell(k.count)])];
    return { fileName: `${slug}-members.csv`, csv: toCsv(["kind", "members"], rows) };
  }
  if (q.table === "credits") {
    const market = figures.periods.some((p) => p.market);
    const header = ["period_from", "period_to", "version", "shared_kwh_settled", "avoided_co2_kg_settled", "community_credit_eur", "credits_paid_to_date_eur", ...(market ? ["value_kept_eur", "average_price_eur_per_kwh"] : [])];
    const rows = figures.periods.map((p) => {
      const price = p.market?.averagePriceEurPerKWh ?? null;
      return [p.from, p.to, p.version, kwh(p.sharedMWh), kg(p.avoidedCo2Micrograms), eur(p.communityCreditCents), eur(p.creditsPaidToDateCents), ...(market ? [eur(p.market?.valueKeptCents ?? null), !price ? null : price.shown ? price.value : hidden(price)] : [])];
    });
    return { fileName: `${slug}-credits.csv`, csv: toCsv(header, rows) };
  }
  const v = energyViewOf(figures, { view: q.view, month: q.month });
  const total = figures.energy.total;
  const header = ["period", "from", "to", "partial", "production_kwh", "consumption_kwh", "shared_kwh", "self_sufficiency_percent", "self_consumption_percent", "surplus_kwh", "avoided_co2_kg"];
  const rows = rowsOf(figures, v).map((r) => {
    const part = partialRange(r, total);
    return [r.key, part?.from ?? r.from, part?.to ?? r.to, part ? "yes" : "no", kwh(r.productionMWh), kwh(r.consumptionMWh), kwh(r.sharedMWh), rate(r.selfSufficiency), rate(r.selfConsumption), kwh(r.surplusMWh), kg(r.avoidedCo2Micrograms)];
  });
  const which = v.view === "day" ? (v.month ? `days-${v.month}` : "last-30-days") : `${v.view}s`;
  return { fileName: `${slug}-energy-${which}.csv`, csv: toCsv(header, rows) };
}

function countCell(a: Amount): CsvValue {
  return a.shown ? a.value : hidden(a);
}
