// Textual timestamps as meter files write them: ISO 8601 (with or without offset) and day-first or
// month-first dates with an optional time. Returns an instant when the text carries an offset,
// local wall-clock fields otherwise (the caller resolves those with a time zone).
import { type LocalDateTime, utcFromFields } from "./local-time";
import { DAY_MS } from "../shared/iso-date";

export type DateOrder = "dmy" | "mdy";

export type ParsedTimestamp = { kind: "instant"; ms: number } | { kind: "local"; local: LocalDateTime };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const DAY_FIRST =
  /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function offsetMs(text: string): number {
  if (text === "Z") return 0;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** Builds local fields; "24:00" means midnight of the next day (common for interval ends). */
export function makeLocal(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): LocalDateTime | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (minute > 59 || second > 59 || hour > 24 || (hour === 24 && (minute > 0 || second > 0 || millisecond > 0))) {
    return undefined;
  }
  if (hour < 24) return { year, month, day, hour, minute, second, millisecond };
  const next = new Date(utcFromFields({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }) + DAY_MS);
  return {
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
  };
}

function build(fields: (string | undefined)[], zone: string | undefined): ParsedTimestamp | undefined {
  const [y, mo, d, h, mi, s, frac] = fields;
  const ms = frac ? Number(frac.padEnd(3, "0").slice(0, 3)) : 0;
  const local = makeLocal(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (!local) return undefined;
  if (zone === undefined) return { kind: "local", local };
  if (h === undefined) return undefined; // an offset without a time makes no sense
  return { kind: "instant", ms: utcFromFields(local) - offsetMs(zone) };
}

/** Parses one timestamp; `dateOrder` only matters for "01/02/2024"-style dates ("01.02.2024" is always day-first). */
export function parseTimestamp(text: string, dateOrder: DateOrder = "dmy"): ParsedTimestamp | undefined {
  const t = text.trim();
  const iso = ISO.exec(t);
  if (iso) return build(iso.slice(1, 8), iso[8]);
  const m = DAY_FIRST.exec(t);
  if (!m) return undefined;
  const [, a, sep, b, y, h, mi, s, frac, zone] = m;
  const monthFirst = dateOrder === "mdy" && sep !== ".";
  return build([y, monthFirst ? a : b, monthFirst ? b : a, h, mi, s, frac], zone);
}
