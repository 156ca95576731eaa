// Settlement periods: local calendar ranges in the community's time zone, and the UTC instants that
// bound them. Pure: "now" is always passed in.
import { localToUtcCandidates } from "../metering/local-time";
import { addDays, DAY_MS, daysBetween, isIsoDate, isoDateParts, msToIsoDate } from "../shared/iso-date";

export type PeriodKind = "MONTH" | "WEEK";

export interface Period {
  /** Local dates YYYY-MM-DD, [start, end). */
  start: string;
  end: string;
}

const parts = isoDateParts;
const fmt = msToIsoDate;

// The calendar arithmetic lives in server/shared/iso-date.ts; re-exported for the settlement callers.
export { addDays, daysBetween, isIsoDate as isDate };

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
  if (!isIsoDate(p.start) || !isIsoDate(p.end)) return "Dates must be YYYY-MM-DD.";
  if (p.end <= p.start) return "The period must end after it starts.";
  if (daysBetween(p.start, p.end) > 366) return "A settlement period is at most 366 days.";
  return null;
}
