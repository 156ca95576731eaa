// German MSCONS (UN/EDIFACT D.04B and later) load profiles: per location (LOC+172 = metering point)
// and line item (LIN, PIA+5 = OBIS code), quantities QTY+<qualifier>:<value>[:<unit>] each followed
// by DTM+163 (interval start) and DTM+164 (interval end).
//
// Direction from the OBIS code in PIA: 1-x:1.x.x energy drawn from the grid (consumption),
// 1-x:2.x.x fed in (injection), anything else unknown.
// Quality from the QTY qualifier: 220 true value → measured, 67 substitute value → substituted,
// 201 proposed value and 187 forecast → estimated; others (e.g. 20, unusable) are skipped as
// `unsupported-quality`. Unit: kWh unless the QTY names one (KWH, WHR, MWH).
// Dates: format 303/304 (with offset, e.g. "201512010000?+01" → +01:00); 203/204 local time need
// the `timeZone` option (Europe/Berlin by default); 102 is local midnight.
import { parseDecimal, decimalToMilliwattHours, type Unit } from "../energy-units";
import { LocalClock } from "../local-time";
import { makeLocal } from "../timestamps";
import type { Direction, ProblemCode, ProblemSink, Quality, Reading } from "../types";
import type { ByteSource } from "./byte-source";
import { decodeText } from "./byte-source";
import { EdifactReader, type Segment } from "./edifact-segments";

export interface MsconsOptions {
  problems: ProblemSink;
  timeZone?: string;
}

const QUALITIES: Record<string, Quality> = { "220": "measured", "67": "substituted", "201": "estimated", "187": "estimated" };
const UNITS: Record<string, Unit> = { KWH: "kWh", WHR: "Wh", MWH: "MWh" };

/** "1-1:1.29.0" → consumption, "1-1:2.29.0" → injection. */
export function obisDirection(obis: string): Direction {
  const m = /^\d+-\d+:(\d+)\.\d+\.\d+/.exec(obis.trim());
  return m?.[1] === "1" ? "consumption" : m?.[1] === "2" ? "injection" : "unknown";
}

interface PendingQuantity {
  qualifier: string;
  value: string;
  unit?: string;
  start?: number | null;
  end?: number | null;
  segment: Segment;
}

class MsconsReader {
  private meteringPoint: string | undefined;
  private direction: Direction = "unknown";
  private pending: PendingQuantity | undefined;
  private readonly clock: LocalClock;

  constructor(
    private readonly options: MsconsOptions,
    private readonly decimalMark: () => string,
  ) {
    this.clock = new LocalClock(options.timeZone ?? "Europe/Berlin");
  }

  private problem(s: Segment, code: ProblemCode, message: string): void {
    this.options.problems.add({ line: s.line, element: `segment ${s.index} ${s.tag}`, code, message });
  }

  /** Handles one segment; returns a reading when a quantity is complete. */
  segment(s: Segment): Reading | undefined {
    const first = s.elements[0] ?? [];
    switch (s.tag) {
      case "UNH":
      case "UNT":
      case "UNS":
      case "UNZ":
      case "LIN": {
        const done = this.flush();
        if (s.tag === "UNH") this.meteringPoint = undefined;
        if (s.tag === "UNH" || s.tag === "LIN") this.direction = "unknown";
        return done;
      }
      case "LOC": {
        if (first[0] !== "172") return undefined;
        const done = this.flush();
        this.meteringPoint = s.elements[1]?.[0] || undefined;
        this.direction = "unknown";
        return done;
      }
      case "PIA":
        if (first[0] === "5") this.direction = obisDirection(s.elements[1]?.[0] ?? "");
        return undefined;
      case "QTY": {
        const done = this.flush();
        this.pending = { qualifier: first[0] ?? "", value: first[1] ?? "", unit: first[2], segment: s };
        return done;
      }
      case "DTM": {
        const p = this.pending;
        if (!p || (first[0] !== "163" && first[0] !== "164")) return undefined;
        const instant = this.instant(first[1] ?? "", first[2] ?? "", s);
        if (first[0] === "163") p.start = instant;
        else p.end = instant;
        return p.start !== undefined && p.end !== undefined ? this.flush() : undefined;
      }
      default:
        return undefined;
    }
  }

  private instant(value: string, format: string, s: Segment): number | null {
    let m: RegExpExecArray | null;
    if ((format === "303" || format === "304") && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?([+-])(\d\d)(\d\d)?$/.exec(value))) {
      const [, y, mo, d, h, mi, sec, sign, oh, om] = m;
      if ((format === "304") === (sec !== undefined)) {
        const local = makeLocal(+y!, +mo!, +d!, +h!, +mi!, +(sec ?? 0));
        if (local) {
          const offset = (sign === "-" ? -1 : 1) * (+oh! * 60 + +(om ?? 0)) * 60_000;
          return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - offset;
        }
      }
    } else if ((m = /^(\d{4})(\d\d)(\d\d)(?:(\d\d)(\d\d)(\d\d)?)?$/.exec(value)) && ["203", "204", "102"].includes(format)) {
      const [, y, mo, d, h, mi, sec] = m;
      const shape = format === "102" ? h === undefined : format === "203" ? h !== undefined && sec === undefined : sec !== undefined;
      const local = shape ? makeLocal(+y!, +mo!, +d!, +(h ?? 0), +(mi ?? 0), +(sec ?? 0)) : undefined;
      if (local) {
        const ms = this.clock.resolve(this.meteringPoint ?? "", local);
        if (ms !== undefined) return ms;
        this.problem(s, "nonexistent-local-time", `${value} does not exist in ${this.clock.timeZone}`);
        return null;
      }
    }
    this.problem(s, "bad-timestamp", `DTM "${value}" with format ${format || "(none)"} is not a supported date`);
    return null;
  }

  /** Turns the pending quantity into a reading, or a problem. */
  flush(): Reading | undefined {
    const p = this.pending;
    if (!p) return undefined;
    this.pending = undefined;
    const s = p.segment;
    if (p.start === null || p.end === null) return undefined; // already reported
    if (p.start === undefined || p.end === undefined) {
      this.problem(s, "missing-field", `QTY without ${p.start === undefined ? "DTM+163 (start)" : "DTM+164 (end)"}`);
      return undefined;
    }
    if (!this.meteringPoint) {
      this.problem(s, "metering-point-missing", "QTY outside a LOC+172 metering point");
      return undefined;
    }
    const intervalSeconds = (p.end - p.start) / 1000;
    if (intervalSeconds <= 0) {
      this.problem(s, "bad-interval", `interval end ${new Date(p.end).toISOString()} is not after its start ${new Date(p.start).toISOString()}`);
      return undefined;
    }
    if (!Number.isInteger(intervalSeconds)) {
      this.problem(s, "bad-interval", `interval ${new Date(p.start).toISOString()} to ${new Date(p.end).toISOString()} is not a whole number of seconds`);
      return undefined;
    }
    const quality = QUALITIES[p.qualifier];
    if (!quality) {
      this.problem(s, "unsupported-quality", `QTY qualifier ${p.qualifier} is not 220, 67, 201 or 187`);
      return undefined;
    }
    const unit = p.unit ? UNITS[p.unit] : "kWh";
    if (!unit) {
      this.problem(s, "unsupported-unit", `unit ${p.unit} is not KWH, WHR or MWH`);
      return undefined;
    }
    const mark = this.decimalMark() === "," ? "," : ".";
    const value = parseDecimal(p.value, mark);
    if (!value) {
      this.problem(s, "non-numeric", `quantity "${p.value.slice(0, 30)}" is not a number with decimal mark "${mark}"`);
      return undefined;
    }
    const energy = decimalToMilliwattHours(value, unit, intervalSeconds);
    if (!energy.ok) {
      this.problem(s, energy.code, energy.message);
      return undefined;
    }
    return {
      meteringPoint: this.meteringPoint,
      direction: this.direction,
      start: p.start,
      intervalSeconds,
      energyMWh: energy.mWh,
      quality,
      source: { line: s.line, element: `segment ${s.index} QTY` },
    };
  }
}

export async function* parseMscons(input: ByteSource, options: MsconsOptions): AsyncGenerator<Reading> {
  // Latin-1 maps every byte to one character: separators are ASCII in every EDIFACT character set
  // (UNOA–UNOC, and UTF-8 in UNOW never reuses ASCII bytes), and ids and numbers are ASCII.
  const reader = new EdifactReader(options.problems);
  const mscons = new MsconsReader(options, () => reader.syntax.decimal);
  for await (const segment of reader.segments(decodeText(input, "latin1"))) {
    const reading = mscons.segment(segment);
    if (reading) yield reading;
  }
  const last = mscons.flush();
  if (last) yield last;
}
