// Calendar dates as "YYYY-MM-DD" strings (local dates of a community, period bounds, due dates).
// Pure and isomorphic (pages import it too): the arithmetic is done on UTC midnights, so no time zone
// or daylight-saving change can shift a day.

export const DAY_MS = 86_400_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Year, month (1-12) and day of a valid date; RangeError for anything else (e.g. 2026-02-30). */
export function isoDateParts(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new RangeError(`not a date: ${date}`);
  return [y, mo, d];
}

export function isIsoDate(text: string): boolean {
  try {
    isoDateParts(text);
    return true;
  } catch {
    return false;
  }
}

/** Epoch milliseconds of the date's UTC midnight. */
export function isoDateToMs(date: string): number {
  const [y, m, d] = isoDateParts(date);
  return Date.UTC(y, m - 1, d);
}

/** The UTC calendar date of an instant (epoch ms or Date). */
export function msToIsoDate(ms: number | Date): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return msToIsoDate(isoDateToMs(date) + days * DAY_MS);
}

/** Whole days from start to end (negative when end is earlier). */
export function daysBetween(start: string, end: string): number {
  return Math.round((isoDateToMs(end) - isoDateToMs(start)) / DAY_MS);
}

/** The last day of a range given with an exclusive end, e.g. a period [start, end). */
export const lastDayOf = (exclusiveEnd: string): string => addDays(exclusiveEnd, -1);

/** Today's date on the UTC calendar (pass the clock in from the caller where it matters). */
export const utcToday = (now: Date = new Date()): string => msToIsoDate(now);
