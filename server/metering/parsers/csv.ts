// Generic CSV metering files, driven by a CsvMapping (see csv-mapping.ts). Streams rows; each row
// becomes zero or more readings, and anything wrong with a row becomes a problem for that row.
import { z } from "zod";
import { parseUnit, toMilliwattHours, type Unit } from "../energy-units";
import { fieldsFromUtc, LocalClock, localToUtcCandidates, utcFromFields } from "../local-time";
import { parseTimestamp } from "../timestamps";
import { DAY_MS } from "../../shared/iso-date";
import { type Direction, MeteringOptionsError, type ProblemCode, type ProblemSink, type Quality, type Reading } from "../types";
import { type ByteSource, decodeText } from "./byte-source";
import {
  type ColumnRef,
  type CsvMapping,
  csvMappingSchema,
  DIRECTION_WORDS,
  QUALITY_WORDS,
  type ResolvedCsvMapping,
} from "./csv-mapping";
import { type CsvRecord, csvRecordBatches } from "./csv-records";

export interface CsvParseOptions {
  mapping: CsvMapping;
  problems: ProblemSink;
}

/** Validates a mapping (zod + cross-field rules); throws MeteringOptionsError when it cannot work. */
export function resolveCsvMapping(mapping: CsvMapping): ResolvedCsvMapping {
  const parsed = csvMappingSchema.safeParse(mapping);
  if (!parsed.success) throw new MeteringOptionsError(`invalid CSV mapping: ${z.prettifyError(parsed.error)}`);
  const m = parsed.data;
  if (m.layout.kind === "day-rows" && m.intervalSeconds === undefined) {
    // 24, 48, 96 … values a day imply the interval; 92/100-column files must say it.
    const seconds = 86_400 / m.layout.values.count;
    if (!Number.isInteger(seconds) || 3600 % seconds !== 0) throw new MeteringOptionsError("day-rows: give intervalSeconds");
    m.intervalSeconds = seconds;
  }
  if (m.intervalSeconds === undefined && !(m.layout.kind === "long" && m.layout.end !== undefined)) {
    throw new MeteringOptionsError("CSV mapping needs intervalSeconds (or an end column)");
  }
  if (m.timeZone) new LocalClock(m.timeZone); // throws on an unknown zone
  return m;
}

export async function* parseCsv(input: ByteSource, options: CsvParseOptions): AsyncGenerator<Reading> {
  const mapping = resolveCsvMapping(options.mapping);
  const batches = csvRecordBatches(decodeText(input, mapping.encoding), {
    delimiter: mapping.delimiter,
    problems: options.problems,
  });
  yield* readingsFromRecords(batches, mapping, options.problems);
}

function columnIndex(ref: ColumnRef | undefined, header: string[] | undefined): number | undefined {
  if (ref === undefined || typeof ref === "number") return ref;
  if (!header) return undefined;
  const exact = header.indexOf(ref);
  if (exact !== -1) return exact;
  const lower = ref.toLowerCase();
  const loose = header.findIndex((h) => h.toLowerCase() === lower);
  return loose === -1 ? undefined : loose;
}

/** Record batches → readings; the records start at the top of the file (skipLines and header included). */
export async function* readingsFromRecords(
  batches: AsyncIterable<CsvRecord[]>,
  mapping: ResolvedCsvMapping,
  problems: ProblemSink,
): AsyncGenerator<Reading> {
  let skip = mapping.skipLines;
  let needHeader = mapping.header;
  let readRow: RowReader | undefined;
  for await (const batch of batches) {
    for (const record of batch) {
      if (skip > 0) {
        skip--;
        continue;
      }
      if (!readRow) {
        const header = needHeader ? record.cells.map((c) => c.trim()) : undefined;
        readRow = rowReader(mapping, header, record.line, problems);
        if (!readRow) return;
        if (needHeader) {
          needHeader = false;
          continue;
        }
      }
      for (const reading of readRow(record)) yield reading;
    }
  }
}

type RowReader = (record: CsvRecord) => Reading[];

const cellAt = (r: CsvRecord, i: number | undefined) => (i === undefined ? undefined : (r.cells[i] ?? "").trim());

function rowReader(
  mapping: ResolvedCsvMapping,
  header: string[] | undefined,
  headerLine: number,
  problems: ProblemSink,
): RowReader | undefined {
  const missing: string[] = [];
  const col = (ref: ColumnRef | undefined, what: string): number | undefined => {
    const index = columnIndex(ref, header);
    if (ref !== undefined && index === undefined) missing.push(`${what} "${String(ref)}"`);
    return index;
  };
  const ctx = new RowContext(mapping, problems);
  const layout = mapping.layout;
  // Only a long layout may take its unit from a column instead of the mapping.
  const unit: Unit = mapping.unit ?? "Wh";
  let reader: RowReader | undefined;
  if (layout.kind === "long") {
    const cols = {
      meteringPoint: col(layout.meteringPoint, "metering point column"),
      direction: col(layout.direction, "direction column"),
      timestamp: col(layout.timestamp, "timestamp column") ?? 0,
      end: col(layout.end, "end column"),
      energy: col(layout.energy, "energy column") ?? 0,
      quality: col(layout.quality, "quality column"),
      unit: col(layout.unit, "unit column"),
    };
    reader = (r) => ctx.longRow(r, cols);
  } else if (layout.kind === "wide") {
    const timestamp = col(layout.timestamp, "timestamp column") ?? 0;
    const channels = layout.channels.map((c) => {
      const index = col(c.column, "channel column") ?? 0;
      const meteringPoint = c.meteringPoint ?? mapping.meteringPoint ?? header?.[index] ?? `column ${index + 1}`;
      return { index, meteringPoint, direction: c.direction ?? mapping.direction };
    });
    reader = (r) => ctx.wideRow(r, timestamp, channels, unit);
  } else {
    const first = col(layout.values.first, "first value column") ?? 0;
    const cols = {
      date: col(layout.date, "date column") ?? 0,
      meteringPoint: col(layout.meteringPoint, "metering point column"),
      direction: col(layout.direction, "direction column"),
      first,
      count: layout.values.count,
      clock: layout.clock,
    };
    reader = (r) => ctx.dayRow(r, cols, unit);
  }
  if (missing.length > 0) {
    problems.add({ line: headerLine, code: "missing-field", message: `not in the header: ${missing.join(", ")}` });
    return undefined;
  }
  if (!mapping.unit && !(layout.kind === "long" && layout.unit !== undefined)) {
    problems.add({ line: headerLine, code: "unit-missing", message: "no unit in the mapping (Wh, kWh, MWh, W, kW, MW)" });
    return undefined;
  }
  return reader;
}

/** Per-file state: the local clock (for DST overlaps) and the helpers every layout shares. */
class RowContext {
  private readonly clock: LocalClock | undefined;
  private readonly intervalMs: number;
  private readonly directions: Record<string, Direction>;
  private readonly qualities: Record<string, Quality>;
  private readonly instants = new Map<string, number>();

  constructor(
    private readonly m: ResolvedCsvMapping,
    private readonly problems: ProblemSink,
  ) {
    this.clock = m.timeZone ? new LocalClock(m.timeZone) : undefined;
    this.intervalMs = (m.intervalSeconds ?? 0) * 1000;
    const lower = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
    this.directions = { ...DIRECTION_WORDS, ...lower(m.directionValues) } as Record<string, Direction>;
    this.qualities = { ...QUALITY_WORDS, ...lower(m.qualityValues) } as Record<string, Quality>;
  }

  private problem(line: number, code: ProblemCode, message: string): undefined {
    this.problems.add({ line, code, message });
    return undefined;
  }

  /** Reports a problem for the row and yields no readings. */
  private reject(line: number, code: ProblemCode, message: string): Reading[] {
    this.problems.add({ line, code, message });
    return [];
  }

  /** A timestamp cell → epoch ms, or a problem. `series` keeps DST overlaps apart per channel. */
  private instant(text: string | undefined, series: string, line: number): number | undefined {
    // A long file repeats the same timestamps for every metering point: an instant with an offset
    // (no local-clock state involved) is parsed once per file and looked up after that.
    const known = this.instants.get(text ?? "");
    if (known !== undefined) return known;
    const parsed = parseTimestamp(text ?? "", this.m.dateOrder);
    if (parsed?.kind === "instant") {
      if (this.instants.size >= 100_000) this.instants.clear();
      this.instants.set(text ?? "", parsed.ms);
    }
    if (!parsed) return this.problem(line, "bad-timestamp", `not a timestamp: "${(text ?? "").slice(0, 40)}"`);
    if (parsed.kind === "instant") return parsed.ms;
    if (!this.clock) return this.problem(line, "time-zone-missing", `"${text}" has no offset and no time zone is set`);
    const ms = this.clock.resolve(series, parsed.local);
    if (ms === undefined) {
      return this.problem(line, "nonexistent-local-time", `${text} does not exist in ${this.clock.timeZone} (DST gap)`);
    }
    return ms;
  }

  private energy(text: string, unit: Unit, intervalSeconds: number, line: number): bigint | undefined {
    const result = toMilliwattHours(text, unit, intervalSeconds, this.m.decimalMark);
    return result.ok ? result.mWh : this.problem(line, result.code, result.message);
  }

  private direction(text: string | undefined, line: number): Direction | undefined {
    const d = this.directions[(text ?? "").trim().toLowerCase()];
    return d ?? this.problem(line, "bad-row", `unknown direction "${(text ?? "").slice(0, 40)}"`);
  }

  private cellsShort(r: CsvRecord, needed: (number | undefined)[]): boolean {
    const max = Math.max(...needed.filter((n): n is number => n !== undefined));
    if (r.cells.length > max) return false;
    this.problem(r.line, "bad-row", `expected at least ${max + 1} cells, found ${r.cells.length}`);
    return true;
  }

  longRow(
    r: CsvRecord,
    c: { meteringPoint?: number; direction?: number; timestamp: number; end?: number; energy: number; quality?: number; unit?: number },
  ): Reading[] {
    if (this.cellsShort(r, Object.values(c))) return [];
    const line = r.line;
    const meteringPoint = cellAt(r, c.meteringPoint) ?? this.m.meteringPoint;
    if (!meteringPoint) return this.reject(line, "metering-point-missing", "no metering point");
    const direction = c.direction === undefined ? this.m.direction : this.direction(cellAt(r, c.direction), line);
    if (!direction) return [];
    const series = `${meteringPoint}\u0000${direction}`;
    const t = this.instant(cellAt(r, c.timestamp), series, line);
    if (t === undefined) return [];
    let start = t;
    let intervalSeconds = this.m.intervalSeconds ?? 0;
    if (c.end !== undefined) {
      const end = this.instant(cellAt(r, c.end), `${series}\u0000end`, line);
      if (end === undefined) return [];
      intervalSeconds = (end - t) / 1000;
      if (!(intervalSeconds > 0) || !Number.isInteger(intervalSeconds)) {
        return this.reject(line, "bad-interval", "interval end is not after its start");
      }
    } else if (this.m.timestampMarks === "end") start = t - this.intervalMs;
    const value = cellAt(r, c.energy) ?? "";
    if (value === "") return []; // a blank cell is missing data, shown as a gap by validation
    let unit: Unit | undefined = this.m.unit;
    if (c.unit !== undefined) {
      const text = cellAt(r, c.unit);
      if (!text) return this.reject(line, "unit-missing", "unit cell is blank");
      unit = parseUnit(text);
      if (!unit) return this.reject(line, "unsupported-unit", `unit "${text.slice(0, 20)}" is not Wh, kWh, MWh, W, kW or MW`);
    }
    if (!unit) return [];
    const energyMWh = this.energy(value, unit, intervalSeconds, line);
    if (energyMWh === undefined) return [];
    let quality: Quality = "measured";
    if (c.quality !== undefined) {
      const text = cellAt(r, c.quality) ?? "";
      const q = text === "" ? "measured" : this.qualities[text.toLowerCase()];
      if (!q) return this.reject(line, "unsupported-quality", `unknown quality "${text.slice(0, 20)}"`);
      quality = q;
    }
    return [{ meteringPoint, direction, start, intervalSeconds, energyMWh, quality, source: { line } }];
  }

  wideRow(r: CsvRecord, timestamp: number, channels: { index: number; meteringPoint: string; direction: Direction }[], unit: Unit): Reading[] {
    const t = this.instant(r.cells[timestamp], "", r.line);
    if (t === undefined) return [];
    const start = this.m.timestampMarks === "end" ? t - this.intervalMs : t;
    const intervalSeconds = this.m.intervalSeconds ?? 0;
    const readings: Reading[] = [];
    for (const ch of channels) {
      const value = r.cells[ch.index];
      if (value === undefined) {
        this.problem(r.line, "bad-row", `no cell ${ch.index + 1} for ${ch.meteringPoint}`);
        continue;
      }
      if (value.trim() === "") continue;
      const energyMWh = this.energy(value, unit, intervalSeconds, r.line);
      if (energyMWh === undefined) continue;
      readings.push({
        meteringPoint: ch.meteringPoint,
        direction: ch.direction,
        start,
        intervalSeconds,
        energyMWh,
        quality: "measured",
        source: { line: r.line },
      });
    }
    return readings;
  }

  dayRow(
    r: CsvRecord,
    c: { date: number; meteringPoint?: number; direction?: number; first: number; count: number; clock: "elapsed" | "wall-clock" },
    unit: Unit,
  ): Reading[] {
    const line = r.line;
    if (this.cellsShort(r, [c.date, c.meteringPoint, c.direction])) return [];
    const meteringPoint = c.meteringPoint === undefined ? this.m.meteringPoint : (r.cells[c.meteringPoint] ?? "").trim();
    if (!meteringPoint) return this.reject(line, "metering-point-missing", "no metering point");
    const direction = c.direction === undefined ? this.m.direction : this.direction(r.cells[c.direction], line);
    if (!direction) return [];
    const date = parseTimestamp(r.cells[c.date] ?? "", this.m.dateOrder);
    if (!date || date.kind !== "local") {
      return this.reject(line, "bad-timestamp", `not a date: "${(r.cells[c.date] ?? "").slice(0, 40)}"`);
    }
    if (!this.clock) return this.reject(line, "time-zone-missing", "day rows need a time zone");
    const intervalSeconds = this.m.intervalSeconds ?? 0;
    const midnight = utcFromFields({ ...date.local, hour: 0, minute: 0, second: 0, millisecond: 0 });
    const series = `${meteringPoint}\u0000${direction}`;
    let dayStart = 0;
    let dayEnd = 0;
    if (c.clock === "elapsed") {
      const tz = this.clock.timeZone;
      const first = localToUtcCandidates(fieldsFromUtc(midnight), tz)[0];
      const next = localToUtcCandidates(fieldsFromUtc(midnight + DAY_MS), tz)[0];
      if (first === undefined || next === undefined) {
        return this.reject(line, "nonexistent-local-time", `local midnight does not exist in ${tz}`);
      }
      [dayStart, dayEnd] = [first, next];
    }
    const readings: Reading[] = [];
    for (let i = 0; i < c.count; i++) {
      const value = (r.cells[c.first + i] ?? "").trim();
      let start: number | undefined;
      if (c.clock === "elapsed") {
        start = dayStart + i * this.intervalMs;
        if (start + this.intervalMs > dayEnd) {
          if (value !== "") {
            const n = (dayEnd - dayStart) / this.intervalMs;
            this.problem(line, "not-on-grid", `value ${i + 1} lies past the end of this local day (${n} intervals)`);
          }
          continue;
        }
      } else {
        start = this.clock.resolve(series, fieldsFromUtc(midnight + i * this.intervalMs));
        if (start === undefined) {
          if (value !== "") this.problem(line, "nonexistent-local-time", `value ${i + 1} is labelled with a local time in a DST gap`);
          continue;
        }
      }
      if (value === "") continue;
      const energyMWh = this.energy(value, unit, intervalSeconds, line);
      if (energyMWh === undefined) continue;
      readings.push({ meteringPoint, direction, start, intervalSeconds, energyMWh, quality: "measured", source: { line, element: `value ${i + 1}` } });
    }
    return readings;
  }
}
