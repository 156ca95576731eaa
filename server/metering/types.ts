// The one shape every metering file is turned into, and the problems found on the way.
// Pure types: no I/O, no clock.

export const DIRECTIONS = ["consumption", "injection", "unknown"] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const QUALITIES = ["measured", "substituted", "estimated"] as const;
export type Quality = (typeof QUALITIES)[number];

export const FORMAT_IDS = ["csv", "greenbutton", "ebutilities", "mscons", "enedis"] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** Where in the file a reading or problem came from: a physical line (1-based) and/or an element. */
export interface SourceRef {
  line?: number;
  element?: string;
}

export interface Reading {
  meteringPoint: string;
  direction: Direction;
  /** Interval start, epoch milliseconds UTC; the interval is half-open [start, start + intervalSeconds). */
  start: number;
  intervalSeconds: number;
  /** Exact energy in milliwatt-hours (never a float). */
  energyMWh: bigint;
  quality: Quality;
  source: SourceRef;
}

/** Every problem a parser, the validator or the importer can report, by group. */
export const PROBLEM_CODES = [
  // timestamps and intervals
  "bad-timestamp",
  "nonexistent-local-time",
  "time-zone-missing",
  "bad-interval",
  "not-on-grid",
  "interval-mismatch",
  "duplicate-interval",
  // values
  "non-numeric",
  "negative-value",
  "excess-precision",
  "implausible-value",
  "unit-missing",
  "unsupported-unit",
  "unsupported-reading-type",
  "unsupported-meter-code",
  "unsupported-quality",
  // structure
  "missing-field",
  "metering-point-missing",
  "bad-row",
  "record-too-long",
  "bad-xml",
  "doctype-forbidden",
  "bad-edifact",
  // import: the community's register
  "unknown-metering-point",
  "outside-validity",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export function isProblemCode(code: string): code is ProblemCode {
  return (PROBLEM_CODES as readonly string[]).includes(code);
}

/** Problems about the whole file (it cannot be read on): never skippable, whatever the options say. */
export const FILE_LEVEL_PROBLEMS = ["bad-xml", "doctype-forbidden", "bad-edifact", "record-too-long", "unit-missing", "time-zone-missing"] as const satisfies readonly ProblemCode[];
export type FileLevelProblem = (typeof FILE_LEVEL_PROBLEMS)[number];

export function isFileLevelProblem(code: string): code is FileLevelProblem {
  return (FILE_LEVEL_PROBLEMS as readonly string[]).includes(code);
}

/**
 * A problem always means the item it points to was NOT turned into a reading (or, for validation
 * codes, was not accepted); parsers carry on with the next item.
 */
export interface Problem extends SourceRef {
  code: ProblemCode;
  message: string;
}

export interface ProblemSink {
  add(problem: Problem): void;
}

/** Raised for bad options or mappings (a caller's mistake), never for bad file content. */
export class MeteringOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MeteringOptionsError";
  }
}
