// A first guess at a CsvMapping from the head of a file, for `inspect` and the upload screen.
// Known layouts are recognised exactly; anything else gets a heuristic the user can correct.
import { parseDecimal, type Unit } from "../energy-units";
import { utcFromFields } from "../local-time";
import { parseTimestamp } from "../timestamps";
import type { CsvMapping } from "./csv-mapping";
import { guessDelimiter, splitRecord } from "./csv-records";

/** "…/ausgrid-solar-home-customer12.csv" → "ausgrid-solar-home-customer12". */
export function fileStem(fileName: string | undefined): string | undefined {
  const base = fileName?.split(/[\\/]/).pop();
  if (!base) return undefined;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Ausgrid "Solar home electricity data" as reshaped by pierre-haessig/ausgrid-solar-data
 * (header ",GC,GG[,CL]"): one row per half hour, Sydney wall-clock time, timestamp = interval start.
 * The values are AVERAGE kW, not kWh: that reshape multiplies the original kWh per half hour by 2
 * ("df *= 2  # kWh on 30 min → kW"). Checked on customer 12: PV peaks at 0.9 with 1.04 kWp
 * installed (1.8 kW would be impossible) and the yearly sums are twice the 5 900 kWh / 1 300 kWh
 * quoted for that customer. The file has no metering point id, so the id is the file name's stem.
 */
export function ausgridReshapedMapping(header: string[], fileName?: string): CsvMapping {
  const direction = { GC: "consumption", GG: "injection", CL: "consumption" } as const;
  const stem = fileStem(fileName) ?? "ausgrid";
  return {
    delimiter: ",",
    unit: "kW",
    intervalSeconds: 1800,
    timeZone: "Australia/Sydney",
    timestampMarks: "start",
    meteringPoint: stem,
    layout: {
      kind: "wide",
      timestamp: 0,
      // The controlled load (CL) is a second consumption channel, so it gets its own id.
      channels: header.slice(1).map((name) => ({
        column: name,
        direction: direction[name as keyof typeof direction] ?? "unknown",
        ...(name === "CL" ? { meteringPoint: `${stem}:CL` } : {}),
      })),
    },
  };
}

/**
 * Ausgrid's original yearly files: a title line, then "Customer,Postcode,Generator Capacity,
 * Consumption Category,date,0:30,…,0:00,Row Quality": one row per customer, channel and day, kWh per
 * half hour, columns labelled with the interval END on the Sydney wall clock.
 */
export function ausgridOriginalMapping(skipLines: number): CsvMapping {
  return {
    delimiter: ",",
    skipLines,
    unit: "kWh",
    intervalSeconds: 1800,
    timeZone: "Australia/Sydney",
    dateOrder: "dmy",
    directionValues: { GC: "consumption", GG: "injection", CL: "consumption" },
    layout: {
      kind: "day-rows",
      date: "date",
      meteringPoint: "Customer",
      direction: "Consumption Category",
      values: { first: "0:30", count: 48 },
      clock: "wall-clock",
    },
  };
}

const METERING_POINT_HEADER = /metering|point|z[aä]hlpunkt|\bzp\b|\bpod\b|\bprm\b|\bean\b|meter|mpan|\bnmi\b/i;
const DIRECTION_HEADER = /direction|richtung|sens|flow/i;

function unitFromHeader(text: string): Unit | undefined {
  const m = /\b(mwh|kwh|wh|mw|kw|w)\b/i.exec(text);
  if (!m?.[1]) return undefined;
  const lower = m[1].toLowerCase();
  return ({ wh: "Wh", kwh: "kWh", mwh: "MWh", w: "W", kw: "kW", mw: "MW" } as const)[lower as "wh"];
}

/** Epoch-like ms for spacing only: local times are read as if they were UTC. */
function roughMs(text: string): number | undefined {
  const t = parseTimestamp(text);
  if (!t) return undefined;
  return t.kind === "instant" ? t.ms : utcFromFields(t.local);
}

/** Most common positive spacing between consecutive timestamps of one series, in seconds. */
function commonSpacing(times: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (let i = 1; i < times.length; i++) {
    const d = ((times[i] ?? 0) - (times[i - 1] ?? 0)) / 1000;
    if (d > 0 && Number.isInteger(d)) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [d, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Guesses a mapping from the first lines of a CSV file; undefined when nothing sensible is found. */
export function guessCsvMapping(head: string, fileName?: string): CsvMapping | undefined {
  const lines = head.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim() !== "");
  // The last line of a head may be cut in the middle.
  if (lines.length > 2) lines.pop();
  const firstLine = lines[0];
  if (firstLine === undefined) return undefined;
  if (/^,GC,GG(,CL)?\s*$/.test(firstLine)) return ausgridReshapedMapping(firstLine.trim().split(","), fileName);
  const ausgridHeader = lines.findIndex((l) => l.startsWith("Customer,Postcode,Generator Capacity,Consumption Category,date"));
  if (ausgridHeader !== -1 && ausgridHeader < 3) return ausgridOriginalMapping(ausgridHeader);

  const delimiter = guessDelimiter(firstLine);
  const header = splitRecord(firstLine, delimiter).map((c) => c.trim());
  const rows = lines.slice(1, 60).map((l) => splitRecord(l, delimiter).map((c) => c.trim()));
  const sample = rows[0];
  if (!sample) return undefined;
  const timestamp = sample.findIndex((cell) => parseTimestamp(cell) !== undefined);
  if (timestamp === -1) return undefined;
  const decimalMark = delimiter === ";" && rows.some((r) => r.some((c) => /^-?\d+,\d+$/.test(c))) ? "," : ".";
  const numeric = header
    .map((_, i) => i)
    .filter((i) => i !== timestamp && rows.every((r) => (r[i] ?? "") === "" || parseDecimal(r[i] ?? "", decimalMark)));
  const meteringPoint = header.findIndex((h, i) => i !== timestamp && METERING_POINT_HEADER.test(h) && !numeric.includes(i));
  const direction = header.findIndex((h, i) => i !== timestamp && DIRECTION_HEADER.test(h));
  const unit = unitFromHeader(header.join(" "));
  const base = { delimiter, decimalMark, ...(unit ? { unit } : {}) } as const;

  if (meteringPoint !== -1) {
    const energy = numeric.find((i) => i !== meteringPoint && i !== direction);
    if (energy === undefined) return undefined;
    const byPoint = rows.filter((r) => r[meteringPoint] === sample[meteringPoint]);
    const spacing = commonSpacing(byPoint.map((r) => roughMs(r[timestamp] ?? "") ?? 0));
    return {
      ...base,
      ...(spacing ? { intervalSeconds: spacing } : {}),
      layout: {
        kind: "long",
        meteringPoint,
        timestamp,
        energy,
        ...(direction !== -1 ? { direction } : {}),
      },
    };
  }
  if (numeric.length === 0) return undefined;
  const spacing = commonSpacing(rows.map((r) => roughMs(r[timestamp] ?? "") ?? 0));
  return {
    ...base,
    ...(spacing ? { intervalSeconds: spacing } : {}),
    layout: { kind: "wide", timestamp, channels: numeric.map((column) => ({ column })) },
  };
}
