// Settlement periods: local calendar ranges in the community's time zone, and the UTC instants that
// bound them. Pure: "now" is always passed in.
import { localToUtcCandidates } from "../metering/local-time";

export type PeriodKind = "MONTH" | "WEEK";

export interface Period {
  /** Local dates YYYY-MM-DD, [start, end). */
  start: string;
  end: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parts(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new RangeError(`not a date: ${date}`);
  return [y, mo, d];
}

function fmt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isDate(text: string): boolean {
  try {
    parts(text);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return fmt(Date.UTC(y, m - 1, d) + days * DAY_MS);
}

export function daysBetween(start: string, end: string): number {
  const [y1, m1, d1] = parts(start);
  const [y2, m2, d2] = parts(end);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS);
}

/** The month or ISO week (Monday first) that contains a local date. */
export function periodContaining(kind: PeriodKind, date: string): Period {
  const [y, m, d] = parts(date);
  if (kind === "MONTH") return { start: fmt(Date.UTC(y, m - 1, 1)), end: fmt(Date.UTC(y, m, 1)) };
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
  const start = fmt(Date.UTC(y, m - 1, d) - weekday * DAY_MS);
  return { start, end: addDays(start, 7) };
}

export function nextPeriod(kind: PeriodKind, p: Period): Period {
  return periodContaining(kind, p.end);
}

/** Local midnight at the start of a date, as a UTC instant (ms). A midnight skipped by DST → the first instant after. */
export function localMidnightUtc(date: string, timeZone: string): number {
  const [year, month, day] = parts(date);
  const at = (hour: number) => localToUtcCandidates({ year, month, day, hour, minute: 0, second: 0, millisecond: 0 }, timeZone)[0];
  const midnight = at(0);
  if (midnight !== undefined) return midnight;
  // Zones that spring forward at midnight (e.g. America/Santiago): the day begins at 01:00.
  const one = at(1);
  if (one === undefined) throw new RangeError(`no local start of day for ${date} in ${timeZone}`);
  return one;
}

export function periodUtc(p: Period, timeZone: string): { from: Date; to: Date } {
  return { from: new Date(localMidnightUtc(p.start, timeZone)), to: new Date(localMidnightUtc(p.end, timeZone)) };
}

/** The local date of a UTC instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return f.format(instant);
}

/**
 * The periods that have closed (plus the grace days) by `now` and start on or after `since`, oldest
 * first. The scheduler settles these when they have no final run yet.
 */
export function duePeriods(kind: PeriodKind, since: string, graceDays: number, now: Date, timeZone: string): Period[] {
  const today = localDate(now, timeZone);
  const out: Period[] = [];
  for (let p = periodContaining(kind, since); addDays(p.end, graceDays) <= today; p = nextPeriod(kind, p)) {
    if (p.start >= since) out.push(p);
    if (out.length > 1000) break;
  }
  return out;
}

/** A valid custom range: start before end, at most 366 days. */
export function checkRange(p: Period): string | null {
  if (!isDate(p.start) || !isDate(p.end)) return "Dates must be YYYY-MM-DD.";
  if (p.end <= p.start) return "The period must end after it starts.";
  if (daysBetween(p.start, p.end) > 366) return "A settlement period is at most 366 days.";
  return null;
}
