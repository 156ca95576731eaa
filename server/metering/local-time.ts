// Local wall-clock time ↔ UTC for IANA zones, with Intl only (no date library).
// A local time can map to no instant (spring-forward gap) or to two (fall-back overlap).
import { DAY_MS } from "../shared/iso-date";
import { MeteringOptionsError } from "./types";

export interface LocalDateTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
// Per zone and UTC day: the offset when it is the same at both ends of the day, null otherwise.
const dayOffsets = new Map<string, Map<number, number | null>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new MeteringOptionsError(`unknown time zone: ${timeZone}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws MeteringOptionsError unless `timeZone` is an IANA zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** UTC fields → epoch ms; unlike Date.UTC, years 0–99 are not shifted to 19xx. */
export function utcFromFields(t: LocalDateTime): number {
  if (t.year >= 100) return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
  const d = new Date(0);
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  d.setUTCHours(t.hour, t.minute, t.second, t.millisecond);
  return d.getTime();
}

/** Epoch ms → UTC fields (also used to step naive wall-clock times). */
export function fieldsFromUtc(ms: number): LocalDateTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

function rawOffsetMs(utcMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(utcMs / 1000) * 1000;
  const f: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(wholeSecond)) {
    if (p.type !== "literal") f[p.type] = Number(p.value);
  }
  const local = utcFromFields({
    year: f.year ?? 1970,
    month: f.month ?? 1,
    day: f.day ?? 1,
    hour: f.hour ?? 0,
    minute: f.minute ?? 0,
    second: f.second ?? 0,
    millisecond: 0,
  });
  return local - wholeSecond;
}

/** Offset of `timeZone` from UTC at the instant `utcMs`, in ms (Vienna in winter: 3_600_000). */
export function offsetMsAt(utcMs: number, timeZone: string): number {
  // Intl is slow; most days have no transition, so two look-ups per zone and day are enough.
  let days = dayOffsets.get(timeZone);
  if (!days) dayOffsets.set(timeZone, (days = new Map()));
  const day = Math.floor(utcMs / DAY_MS);
  let constant = days.get(day);
  if (constant === undefined) {
    const atStart = rawOffsetMs(day * DAY_MS, timeZone);
    const atEnd = rawOffsetMs(day * DAY_MS + DAY_MS - 1000, timeZone);
    constant = atStart === atEnd ? atStart : null;
    if (days.size > 50_000) days.clear();
    days.set(day, constant);
  }
  return constant ?? rawOffsetMs(utcMs, timeZone);
}

/** All instants whose wall-clock time in `timeZone` is `local`, earliest first (0, 1 or 2 of them). */
export function localToUtcCandidates(local: LocalDateTime, timeZone: string): number[] {
  const naive = utcFromFields(local);
  // The offsets a day before and after cover both sides of any single transition.
  const offsets = new Set([offsetMsAt(naive - DAY_MS, timeZone), offsetMsAt(naive + DAY_MS, timeZone)]);
  const result: number[] = [];
  for (const offset of offsets) {
    const candidate = naive - offset;
    if (offsetMsAt(candidate, timeZone) === offset && !result.includes(candidate)) result.push(candidate);
  }
  return result.sort((a, b) => a - b);
}

/**
 * Resolves local timestamps of one or more ordered series (a metering point, or the rows of a wide
 * file). In a fall-back overlap the first occurrence of a local time is the earlier instant; a
 * repeated one (the series already reached the earlier instant) is the later instant. This needs
 * each series in time order, which is how meter files are written.
 */
export class LocalClock {
  private readonly last = new Map<string, number>();

  constructor(readonly timeZone: string) {
    assertTimeZone(timeZone);
  }

  resolve(series: string, local: LocalDateTime): number | undefined {
    const candidates = localToUtcCandidates(local, this.timeZone);
    const [earlier, later] = candidates;
    if (earlier === undefined) return undefined;
    const previous = this.last.get(series);
    const instant = later !== undefined && previous !== undefined && previous >= earlier ? later : earlier;
    this.last.set(series, instant);
    return instant;
  }
}

/** Epoch ms → "2024-03-01T00:00:00Z" (milliseconds only when not zero). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}
