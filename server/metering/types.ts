// The one shape every metering file is turned into, and the problems found on the way.
// Pure types: no I/O, no clock.

export type Direction = "consumption" | "injection" | "unknown";
export type Quality = "measured" | "substituted" | "estimated";

export type FormatId = "csv" | "greenbutton" | "ebutilities" | "mscons" | "enedis";
export const FORMAT_IDS: readonly FormatId[] = ["csv", "greenbutton", "ebutilities", "mscons", "enedis"];

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

export type ProblemCode =
  // timestamps and intervals
  | "bad-timestamp"
  | "nonexistent-local-time"
  | "time-zone-missing"
  | "bad-interval"
  | "not-on-grid"
  | "interval-mismatch"
  | "duplicate-interval"
  // values
  | "non-numeric"
  | "negative-value"
  | "excess-precision"
  | "implausible-value"
  | "unit-missing"
  | "unsupported-unit"
  | "unsupported-reading-type"
  | "unsupported-meter-code"
  | "unsupported-quality"
  // structure
  | "missing-field"
  | "metering-point-missing"
  | "bad-row"
  | "record-too-long"
  | "bad-xml"
  | "doctype-forbidden"
  | "bad-edifact"
  // import: the community's register
  | "unknown-metering-point"
  | "outside-validity";

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
