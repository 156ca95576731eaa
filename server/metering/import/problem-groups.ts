// Import problems grouped by cause: a year of quarter-hours for a meter that only becomes valid later
// is 35,040 identical problems, and a person needs one line that says what is wrong and what fixes it.
// Pure: no database, no clock. The grouper is fed every problem while the file streams (memory stays
// bounded by the number of causes, not problems); describeProblemGroup turns a group into words
// (English, for the API and the problem CSV) and into codes with their figures (`fixKind`,
// `validity`, `lines`, `firstAtIso`, `lastAtIso`), which the console words in the reader's language.
import type { Problem, ProblemCode } from "../types";

export interface ProblemGroup {
  code: ProblemCode;
  /** The community's metering point id the problems are about; null when they carry none. */
  meteringPoint: string | null;
  /** True for problems of a class the user chose to skip (the rows are left out, not blocking). */
  skipped: boolean;
  count: number;
  /** Where the first few problems are ("line 12", "element Obs", "file"), in file order. */
  first: string[];
  /** Earliest and latest interval start among the problems, epoch ms UTC; null when none carried one. */
  firstAt: number | null;
  lastAt: number | null;
  /** The message of the first problem, verbatim: the detail for codes this module has no words for. */
  example: string;
}

/** How many places each group lists. */
export const FIRST_PLACES = 5;
/** Past this many causes, new ones are merged per code: a file of random ids must not grow memory. */
const MAX_GROUPS = 500;

export function problemPlace(p: Pick<Problem, "line" | "element">): string {
  return p.line !== undefined ? `line ${p.line}` : p.element ? `element ${p.element}` : "file";
}

export function createProblemGrouper() {
  const groups = new Map<string, ProblemGroup>();
  return {
    add(p: Problem, skipped: boolean) {
      let key = `${skipped ? "s" : "b"}\u0000${p.code}\u0000${p.meteringPoint ?? ""}`;
      if (!groups.has(key) && groups.size >= MAX_GROUPS) key = `${skipped ? "s" : "b"}\u0000${p.code}\u0000`;
      let g = groups.get(key);
      if (!g) {
        g = { code: p.code, meteringPoint: groups.size >= MAX_GROUPS ? null : (p.meteringPoint ?? null), skipped, count: 0, first: [], firstAt: null, lastAt: null, example: p.message };
        groups.set(key, g);
      }
      g.count += 1;
      if (g.first.length < FIRST_PLACES) g.first.push(problemPlace(p));
      if (p.at !== undefined) {
        if (g.firstAt === null || p.at < g.firstAt) g.firstAt = p.at;
        if (g.lastAt === null || p.at > g.lastAt) g.lastAt = p.at;
      }
    },
    /** Blocking causes first, then by count (largest first), then by code and point for a stable order. */
    groups(): ProblemGroup[] {
      return [...groups.values()].sort(
        (a, b) => Number(a.skipped) - Number(b.skipped) || b.count - a.count || a.code.localeCompare(b.code) || (a.meteringPoint ?? "").localeCompare(b.meteringPoint ?? ""),
      );
    },
  };
}

/** Convenience for a list already in memory (tests, small files). */
export function groupProblems(blocking: Problem[], skipped: Problem[] = []): ProblemGroup[] {
  const g = createProblemGrouper();
  for (const p of blocking) g.add(p, false);
  for (const p of skipped) g.add(p, true);
  return g.groups();
}

export interface RegisterPoint {
  code: string;
  /** Validity [validFrom, validTo) as epoch ms of UTC midnights (the register's dates). */
  validFrom: number;
  validTo: number | null;
}

export interface DescribedProblemGroup {
  code: ProblemCode;
  meteringPoint: string | null;
  skipped: boolean;
  count: number;
  /** One line: what is wrong, in words. */
  title: string;
  /** What would fix it, built from the problem's data. */
  fix: string;
  /** "lines 2, 3, 4, 5, 6" (the first few). */
  where: string;
  /** First and last affected time, local in the community's time zone; null when unknown. */
  from: string | null;
  to: string | null;
  /** What would fix it, as a code (the console words it): see fixKindOf. */
  fixKind: FixKind;
  /** For "validity": the metering point's validities, [from, last valid day] as ISO dates (to null: open). */
  validity: { from: string; to: string | null }[];
  /** The line numbers of the first problems when they are lines; null for other places ("element Obs"). */
  lines: string[] | null;
  /** First and last affected interval start, ISO instants; null when unknown. */
  firstAtIso: string | null;
  lastAtIso: string | null;
}

export type FixKind = "several-directions" | "unknown-meter" | "map-meter" | "validity" | "validity-unknown" | "implausible" | "duplicate" | "time" | "rows";

const DAY_MS = 86_400_000;

const TITLES: Partial<Record<ProblemCode, string>> = {
  "unknown-metering-point": "Readings of a meter that is not in this community",
  "outside-validity": "Readings outside the metering point's validity",
  "implausible-value": "Readings larger than the meter's capacity allows",
  "duplicate-interval": "The same interval appears more than once",
  "not-on-grid": "Readings not on the interval grid",
  "bad-timestamp": "Times that cannot be read",
  "nonexistent-local-time": "Local times that do not exist (clock change)",
  "non-numeric": "Values that are not numbers",
  "negative-value": "Negative values",
  "excess-precision": "Values more precise than a milliwatt-hour",
  "missing-field": "Rows with a missing field",
  "metering-point-missing": "Rows without a metering point",
  "bad-row": "Rows that cannot be read",
};

function registerDate(ms: number): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(ms);
}

export function localTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(ms);
}

function validity(p: RegisterPoint): string {
  // validTo is exclusive: the last valid day is the one before.
  return p.validTo === null ? `valid from ${registerDate(p.validFrom)}` : `valid from ${registerDate(p.validFrom)} to ${registerDate(p.validTo - DAY_MS)}`;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function ownValidity(g: ProblemGroup, points: RegisterPoint[]): RegisterPoint[] {
  const mp = g.meteringPoint;
  return points.filter((p) => mp && p.code.toUpperCase() === mp).sort((a, b) => a.validFrom - b.validFrom);
}

/** What would fix a group, as a code: the same cases as fixFor's words. */
function fixKindOf(g: ProblemGroup, points: RegisterPoint[]): FixKind {
  const mp = g.meteringPoint;
  switch (g.code) {
    case "unknown-metering-point":
      if (mp && points.some((p) => p.code.toUpperCase() === mp)) return "several-directions";
      return mp ? "unknown-meter" : "map-meter";
    case "outside-validity":
      return ownValidity(g, points).length ? "validity" : "validity-unknown";
    case "implausible-value":
      return "implausible";
    case "duplicate-interval":
      return "duplicate";
    case "nonexistent-local-time":
    case "bad-timestamp":
      return "time";
    default:
      return "rows";
  }
}

function fixFor(g: ProblemGroup, points: RegisterPoint[]): string {
  const mp = g.meteringPoint;
  switch (g.code) {
    case "unknown-metering-point":
      if (mp && points.some((p) => p.code.toUpperCase() === mp)) return `${mp} is in this community with several directions and the file does not say which: map it above to one of them.`;
      return mp ? `Meter ${mp} is not in this community — map it above to one of the community's metering points, or add it to the register.` : "Map the file's meter above to one of the community's metering points, or add it to the register.";
    case "outside-validity": {
      const own = points.filter((p) => mp && p.code.toUpperCase() === mp).sort((a, b) => a.validFrom - b.validFrom);
      if (!own.length) return "Correct the metering point's validity in the register, or leave these rows out.";
      return `${mp} is ${own.map(validity).join("; and ")}. Correct the validity in the register if the meter was connected earlier, or leave these rows out.`;
    }
    case "implausible-value":
      return `Check the unit of the file and the capacity of ${mp ?? "the metering point"} in the register.`;
    case "duplicate-interval":
      return "Keep one reading per interval in the file.";
    case "nonexistent-local-time":
    case "bad-timestamp":
      return "Check the file's time zone and time format (choose them above if they were guessed wrong).";
    default:
      return "Correct these rows in the file, or leave them out.";
  }
}

function placeList(first: string[], count: number): string {
  const lines = first.every((f) => f.startsWith("line ")) ? `line${first.length > 1 ? "s" : ""} ${first.map((f) => f.slice(5)).join(", ")}` : first.join(", ");
  return count > first.length ? `${lines}, …` : lines;
}

export function describeProblemGroup(g: ProblemGroup, ctx: { points: RegisterPoint[]; timeZone: string }): DescribedProblemGroup {
  const title = TITLES[g.code] ?? g.example;
  return {
    code: g.code,
    meteringPoint: g.meteringPoint,
    skipped: g.skipped,
    count: g.count,
    title: g.meteringPoint && TITLES[g.code] ? `${title}: ${g.meteringPoint}` : title,
    fix: fixFor(g, ctx.points),
    where: placeList(g.first, g.count),
    from: g.firstAt === null ? null : localTime(g.firstAt, ctx.timeZone),
    to: g.lastAt === null ? null : localTime(g.lastAt, ctx.timeZone),
    fixKind: fixKindOf(g, ctx.points),
    validity: g.code === "outside-validity" ? ownValidity(g, ctx.points).map((p) => ({ from: isoDate(p.validFrom), to: p.validTo === null ? null : isoDate(p.validTo - DAY_MS) })) : [],
    lines: g.first.length && g.first.every((f) => f.startsWith("line ")) ? g.first.map((f) => f.slice(5)) : null,
    firstAtIso: g.firstAt === null ? null : new Date(g.firstAt).toISOString(),
    lastAtIso: g.lastAt === null ? null : new Date(g.lastAt).toISOString(),
  };
}
