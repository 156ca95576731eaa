// Validation of parsed readings, pure and streaming: grid alignment, interval length, duplicates,
// and a summary per channel (metering point + direction). A reading that fails a check is
// reported and not accepted; summaries count accepted readings only.
//
// Memory: per channel a bitset over the covered time span (see interval-set.ts): exact for sorted
// and unsorted files alike, ~4.4 KB per channel-year of quarter hours. A huge unsorted file with
// very many channels over many years grows with channels × span; past that point rely on the
// database's unique (metering point, direction, start) key, or sort the file first.
import { formatWh } from "./energy-units";
import { IntervalSet } from "./interval-set";
import { isoUtc, offsetMsAt } from "./local-time";
import { implausible, MAX_INTERVAL_SECONDS } from "./reading-bounds";
import type { Direction, ProblemSink, Reading } from "./types";

export interface ChannelSummary {
  meteringPoint: string;
  direction: Direction;
  intervalSeconds: number;
  intervals: number;
  /** First interval start, ISO UTC. */
  start: string;
  /** Last interval end (exclusive), ISO UTC. */
  end: string;
  /** Exact energy in Wh as a decimal string ("1234.567"). */
  totalWh: string;
  /** Missing intervals between start and end, merged into runs. */
  gaps: { start: string; end: string }[];
  /** Gap runs beyond maxGaps, not listed. */
  gapsOmitted?: number;
}

export interface ValidatorOptions {
  problems: ProblemSink;
  /** The community's interval; otherwise each channel's first reading sets its interval. */
  intervalSeconds?: number;
  /** Align the grid to local time in this zone (hourly data at +05:30); UTC alignment otherwise. */
  timeZone?: string;
  /** Gap runs listed per channel (default 1000). */
  maxGaps?: number;
}

interface Channel {
  meteringPoint: string;
  direction: Direction;
  intervalMs: number;
  origin: number;
  seen: IntervalSet;
  intervals: number;
  totalMWh: bigint;
  minIndex: number;
  maxIndex: number;
}

const mod = (a: number, m: number) => ((a % m) + m) % m;
const describe = (r: Reading) => `${r.meteringPoint} (${r.direction}) at ${isoUtc(r.start)}`;

export class ReadingValidator {
  private readonly channels = new Map<string, Channel>();

  constructor(private readonly options: ValidatorOptions) {}

  /** Checks one reading; true when it is accepted into its channel. */
  accept(r: Reading): boolean {
    const key = `${r.meteringPoint}\u0000${r.direction}`;
    let ch = this.channels.get(key);
    const intervalMs = (ch ? ch.intervalMs / 1000 : (this.options.intervalSeconds ?? r.intervalSeconds)) * 1000;
    const where = { line: r.source.line, element: r.source.element };
    if (!Number.isInteger(r.intervalSeconds) || r.intervalSeconds <= 0 || r.intervalSeconds > MAX_INTERVAL_SECONDS) {
      this.options.problems.add({ ...where, code: "bad-interval", message: `${describe(r)} lasts ${r.intervalSeconds} s: an interval is a whole number of seconds, at most 31 days` });
      return false;
    }
    // Before the point is known: the global bound (reading-bounds.ts), so the dry run finds what the database would refuse.
    const tooLarge = implausible(r.energyMWh, null, r.intervalSeconds);
    if (tooLarge) {
      this.options.problems.add({ ...where, code: "implausible-value", message: `${describe(r)}: ${tooLarge}` });
      return false;
    }
    const local = r.start + (this.options.timeZone ? offsetMsAt(r.start, this.options.timeZone) : 0);
    if (mod(local, intervalMs) !== 0 || (ch && mod(r.start - ch.origin, intervalMs) !== 0)) {
      this.options.problems.add({ ...where, code: "not-on-grid", message: `${describe(r)} is not on the ${intervalMs / 60_000}-minute grid` });
      return false;
    }
    if (r.intervalSeconds * 1000 !== intervalMs) {
      this.options.problems.add({
        ...where,
        code: "interval-mismatch",
        message: `${describe(r)} lasts ${r.intervalSeconds} s, the channel's interval is ${intervalMs / 1000} s`,
      });
      return false;
    }
    if (!ch) {
      ch = {
        meteringPoint: r.meteringPoint,
        direction: r.direction,
        intervalMs,
        origin: r.start,
        seen: new IntervalSet(),
        intervals: 0,
        totalMWh: 0n,
        minIndex: 0,
        maxIndex: 0,
      };
      this.channels.set(key, ch);
    }
    const index = (r.start - ch.origin) / intervalMs;
    if (ch.seen.has(index)) {
      this.options.problems.add({ ...where, code: "duplicate-interval", message: `${describe(r)} appears more than once` });
      return false;
    }
    ch.seen.add(index);
    ch.intervals++;
    ch.totalMWh += r.energyMWh;
    if (ch.intervals === 1 || index < ch.minIndex) ch.minIndex = index;
    if (ch.intervals === 1 || index > ch.maxIndex) ch.maxIndex = index;
    return true;
  }

  summaries(): ChannelSummary[] {
    const maxGaps = this.options.maxGaps ?? 1000;
    const result: ChannelSummary[] = [];
    for (const ch of this.channels.values()) {
      const at = (index: number) => isoUtc(ch.origin + index * ch.intervalMs);
      const gaps: { start: string; end: string }[] = [];
      let omitted = 0;
      for (const [from, to] of ch.seen.missingRuns(ch.minIndex, ch.maxIndex + 1)) {
        if (gaps.length < maxGaps) gaps.push({ start: at(from), end: at(to) });
        else omitted++;
      }
      result.push({
        meteringPoint: ch.meteringPoint,
        direction: ch.direction,
        intervalSeconds: ch.intervalMs / 1000,
        intervals: ch.intervals,
        start: at(ch.minIndex),
        end: at(ch.maxIndex + 1),
        totalWh: formatWh(ch.totalMWh),
        gaps,
        ...(omitted > 0 ? { gapsOmitted: omitted } : {}),
      });
    }
    return result.sort((a, b) =>
      a.meteringPoint === b.meteringPoint ? a.direction.localeCompare(b.direction) : a.meteringPoint < b.meteringPoint ? -1 : 1,
    );
  }
}

/** Passes on the readings the validator accepts. */
export async function* validated(readings: AsyncIterable<Reading>, validator: ReadingValidator): AsyncGenerator<Reading> {
  for await (const r of readings) if (validator.accept(r)) yield r;
}
