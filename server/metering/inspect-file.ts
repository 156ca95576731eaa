// `inspect`: what is in a metering file, without touching a database. Detects the format (or takes
// it), parses it streaming, validates, and summarises each channel.
import { createReadStream } from "node:fs";
import { readHead } from "./read-head";
import { detectFormat } from "./detect-format";
import { parseReadings } from "./parsers";
import { headText } from "./parsers/byte-source";
import { guessCsvMapping } from "./parsers/csv-guess";
import type { CsvMapping } from "./parsers/csv-mapping";
import { createProblemLog } from "./problem-log";
import { type FormatId, MeteringOptionsError, type Problem, type ProblemCode } from "./types";
import { type ChannelSummary, ReadingValidator } from "./validate";

export interface InspectOptions {
  format?: FormatId;
  timeZone?: string;
  meteringPoint?: string;
  intervalSeconds?: number;
  /** A complete CSV mapping; otherwise one is guessed from the file's first lines. */
  csvMapping?: CsvMapping;
  /** Single settings laid over the guessed or given CSV mapping. */
  csvOverrides?: Partial<Pick<CsvMapping, "unit" | "delimiter" | "decimalMark" | "timestampMarks" | "dateOrder" | "encoding">>;
  maxProblems?: number;
}

export interface InspectResult {
  format: FormatId;
  channels: ChannelSummary[];
  problems: Problem[];
  problemCounts: Partial<Record<ProblemCode, number>>;
  problemsOmitted?: number;
}

export async function inspectFile(path: string, options: InspectOptions = {}): Promise<InspectResult> {
  const head = await readHead(path);
  const format = options.format ?? detectFormat(head, path);
  if (!format) throw new MeteringOptionsError("unrecognised file format; give one with --format");
  let csvMapping: CsvMapping | undefined;
  if (format === "csv") {
    const base = options.csvMapping ?? guessCsvMapping(headText(head), path);
    if (!base) throw new MeteringOptionsError("could not guess the CSV layout; give a mapping with --mapping FILE.json");
    csvMapping = { ...base, ...options.csvOverrides };
  }
  const problems = createProblemLog(options.maxProblems ?? 1000);
  const validator = new ReadingValidator({ problems, timeZone: options.timeZone, intervalSeconds: options.intervalSeconds });
  const readings = parseReadings(format, createReadStream(path), {
    problems,
    meteringPoint: options.meteringPoint,
    timeZone: options.timeZone,
    intervalSeconds: options.intervalSeconds,
    fileName: path,
    csvMapping,
  });
  for await (const reading of readings) validator.accept(reading);
  return {
    format,
    channels: validator.summaries(),
    problems: problems.problems,
    problemCounts: Object.fromEntries(problems.counts),
    ...(problems.omitted > 0 ? { problemsOmitted: problems.omitted } : {}),
  };
}
