// How a CSV file maps onto readings. A mapping is plain JSON (saved per community later), checked
// with zod at the boundary. Three layouts:
//  - long:     one reading per row (metering point?, timestamp, energy, …)
//  - wide:     one timestamp per row, one column per channel (metering point or direction)
//  - day-rows: one row per day (and channel), one column per interval of that day
import { z } from "zod";
import { text } from "../../shared/text";
import { timeZone } from "../../shared/validation";
import type { Direction, Quality } from "../types";

/** A header name (exact, then case-insensitive) or a 0-based column index. */
const columnRef = z.union([text().min(1), z.number().int().nonnegative()]);
const direction = z.enum(["consumption", "injection", "unknown"]);
const quality = z.enum(["measured", "substituted", "estimated"]);

const longLayout = z.object({
  kind: z.literal("long"),
  /** Absent: every row belongs to `meteringPoint` of the mapping. */
  meteringPoint: columnRef.optional(),
  direction: columnRef.optional(),
  timestamp: columnRef,
  /** Interval end column; when present the interval length comes from the file, not `intervalSeconds`. */
  end: columnRef.optional(),
  energy: columnRef,
  quality: columnRef.optional(),
  /** Per-row unit ("kWh"); overrides the mapping's unit. */
  unit: columnRef.optional(),
});

const wideLayout = z.object({
  kind: z.literal("wide"),
  timestamp: columnRef,
  channels: z
    .array(
      z.object({
        column: columnRef,
        /** Absent: the mapping's meteringPoint, else the column header. */
        meteringPoint: text().min(1).optional(),
        direction: direction.optional(),
      }),
    )
    .min(1),
});

const dayRowsLayout = z.object({
  kind: z.literal("day-rows"),
  date: columnRef,
  meteringPoint: columnRef.optional(),
  direction: columnRef.optional(),
  /** `count` consecutive value columns starting at `first`. */
  values: z.object({ first: columnRef, count: z.number().int().positive().max(1440) }),
  /**
   * elapsed: value i covers [local midnight + i × interval) in real time, so a 23-hour day has 92
   * quarter hours and a 25-hour day 100 (values past the day's end must be blank).
   * wall-clock: value i is labelled local midnight + i × interval on the clock (nonexistent labels
   * in a spring-forward gap are problems, a repeated label is resolved like any local time).
   */
  clock: z.enum(["elapsed", "wall-clock"]).default("elapsed"),
});

export const csvMappingSchema = z.object({
  /** Guessed from the header line when absent. */
  // Multi-line rules: a tab is a delimiter.
  delimiter: text({ multiline: true }).min(1).max(3).optional(),
  decimalMark: z.enum([".", ","]).default("."),
  encoding: text().default("utf-8"),
  /** Non-blank lines to skip before the header (metadata lines). */
  skipLines: z.number().int().nonnegative().default(0),
  header: z.boolean().default(true),
  /** Wh/kWh/MWh per interval, or W/kW/MW averaged over the interval. */
  unit: z.enum(["Wh", "kWh", "MWh", "W", "kW", "MW"]).optional(),
  /** IANA zone for timestamps without an offset. */
  timeZone: timeZone.optional(),
  timestampMarks: z.enum(["start", "end"]).default("start"),
  /** For "01/02/2024"-style dates; "01.02.2024" is always day-first. */
  dateOrder: z.enum(["dmy", "mdy"]).default("dmy"),
  intervalSeconds: z.number().int().positive().max(86_400).optional(),
  /** Metering point id for layouts without a metering point column. */
  meteringPoint: text().min(1).optional(),
  direction: direction.default("unknown"),
  /** Extra cell texts for a direction column, e.g. {"Bezug": "consumption"}. */
  directionValues: z.record(text(), direction).default({}),
  /** Extra cell texts for a quality column, e.g. {"W": "measured"}. */
  qualityValues: z.record(text(), quality).default({}),
  layout: z.discriminatedUnion("kind", [longLayout, wideLayout, dayRowsLayout]),
});

/** What a user (or a saved community setting) writes. */
export type CsvMapping = z.input<typeof csvMappingSchema>;

/** The name a mapping is saved under in a community. */
export const csvMappingName = text().trim().min(1, "Give the mapping a name.").max(100, "At most 100 characters.");
/** With defaults filled in. */
export type ResolvedCsvMapping = z.output<typeof csvMappingSchema>;
export type ColumnRef = z.infer<typeof columnRef>;

// Words seen in operators' exports, lower-cased; mappings can add more.
export const DIRECTION_WORDS: Record<string, Direction> = {
  consumption: "consumption",
  import: "consumption",
  bezug: "consumption",
  verbrauch: "consumption",
  consommation: "consumption",
  soutirage: "consumption",
  prelievo: "consumption",
  injection: "injection",
  export: "injection",
  generation: "injection",
  production: "injection",
  einspeisung: "injection",
  erzeugung: "injection",
  immissione: "injection",
};

export const QUALITY_WORDS: Record<string, Quality> = {
  measured: "measured",
  substituted: "substituted",
  estimated: "estimated",
  l1: "measured",
  l2: "substituted",
  l3: "estimated",
};
