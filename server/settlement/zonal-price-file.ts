// Hourly zonal prices (Pz) from a CSV file. Pure. Two layouts, told apart by the header:
//   hour_start,eur_per_mwh         2026-03-02T00:00:00+01:00,112.45   (ISO instant with offset or Z)
//   date;hour;price                20260302;1;112,45                  (GME style: local date, hour 1–24/23/25 of
//                                                                      the day in Europe/Rome, decimal comma allowed)
// Every problem is reported with its line; a file with problems yields no prices.
import { addDays } from "../shared/iso-date";
import { localMidnightUtc } from "./periods";
import { canonicalInstant } from "./problem-schema";

export interface ZonalPriceRow {
  hourStart: Date;
  /** EUR/MWh as a decimal string with at most 6 decimals (may be negative: zonal prices can be). */
  eurPerMWh: string;
}

export interface ZonalPriceParse {
  rows: ZonalPriceRow[];
  problems: { line: number; message: string }[];
}

const PRICE = /^-?\d{1,7}(\.\d{1,6})?$/;

export function parseZonalPrices(text: string, timeZone = "Europe/Rome"): ZonalPriceParse {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = (lines[0] ?? "").trim().toLowerCase();
  const delimiter = header.includes(";") ? ";" : ",";
  const names = header.split(delimiter).map((h) => h.trim());
  const iso = names[0] === "hour_start" && names[1] === "eur_per_mwh";
  const gme = names[0] === "date" && names[1] === "hour" && names[2] === "price";
  const problems: ZonalPriceParse["problems"] = [];
  const rows: ZonalPriceRow[] = [];
  if (!iso && !gme) return { rows, problems: [{ line: 1, message: 'expected the header "hour_start,eur_per_mwh" or "date;hour;price"' }] };
  const seen = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const cells = line.split(delimiter).map((c) => c.trim());
    const n = i + 1;
    const priceText = (iso ? cells[1] : cells[2])?.replace(delimiter === ";" ? "," : "\u0000", ".") ?? "";
    if (!PRICE.test(priceText)) {
      problems.push({ line: n, message: `price "${iso ? cells[1] : cells[2]}" is not a number with at most 6 decimals` });
      continue;
    }
    let hourStart: Date | null = null;
    if (iso) {
      const instant = canonicalInstant(cells[0] ?? "");
      if (!instant) problems.push({ line: n, message: `"${cells[0]}" is not an ISO instant with an offset` });
      else if (!instant.endsWith(":00:00.000Z")) problems.push({ line: n, message: `${instant} is not the start of an hour` });
      else hourStart = new Date(instant);
    } else {
      const d = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(cells[0] ?? "");
      const h = Number(cells[1]);
      if (!d) problems.push({ line: n, message: `"${cells[0]}" is not a date (YYYYMMDD or YYYY-MM-DD)` });
      else if (!Number.isInteger(h) || h < 1 || h > 25) problems.push({ line: n, message: `hour "${cells[1]}" is not 1–25` });
      else {
        const date = `${d[1]}-${d[2]}-${d[3]}`;
        try {
          const start = localMidnightUtc(date, timeZone);
          const hours = (localMidnightUtc(addDays(date, 1), timeZone) - start) / 3_600_000;
          // Hours count from local midnight, so a 23- or 25-hour day needs no special case.
          if (h > hours) problems.push({ line: n, message: `${date} has ${hours} hours in ${timeZone}, not ${h}` });
          else hourStart = new Date(start + (h - 1) * 3_600_000);
        } catch {
          problems.push({ line: n, message: `"${cells[0]}" is not a date` });
        }
      }
    }
    if (!hourStart) continue;
    const earlier = seen.get(hourStart.getTime());
    if (earlier !== undefined) {
      problems.push({ line: n, message: `${hourStart.toISOString()} is already priced on line ${earlier}` });
      continue;
    }
    seen.set(hourStart.getTime(), n);
    rows.push({ hourStart, eurPerMWh: priceText });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 2, message: "the file has no prices" });
  return { rows: problems.length > 0 ? [] : rows, problems };
}
