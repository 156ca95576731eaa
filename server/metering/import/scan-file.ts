// One streaming pass over a metering file: parse, validate, map every reading to one of the
// community's metering points, hash the bytes. The preview runs it without a sink; the import runs it
// again with a sink that streams accepted readings into COPY. Memory stays flat in the file size.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readHead } from "../read-head";
import { detectFormat } from "../detect-format";
import { parseReadings } from "../parsers";
import { headText } from "../parsers/byte-source";
import { guessCsvMapping } from "../parsers/csv-guess";
import type { CsvMapping } from "../parsers/csv-mapping";
import { createProblemLog } from "../problem-log";
import { isFileLevelProblem, MeteringOptionsError, type FormatId, type Problem, type ProblemCode, type ProblemSink, type Reading } from "../types";
import { implausible } from "../reading-bounds";
import { ReadingValidator, type ChannelSummary } from "../validate";
import { PointResolver, type KnownPoint } from "./point-resolver";

export { FILE_LEVEL_PROBLEMS } from "../types";

export interface ScanOptions {
  format?: FormatId;
  timeZone?: string;
  /** Id for a file that carries none (Green Button, Enedis without PRM, CSV without an id column). */
  meteringPoint?: string;
  intervalSeconds?: number;
  csvMapping?: CsvMapping;
  /** File id → the community's metering point id. */
  aliases?: Record<string, string>;
  /**
   * Problem classes the user chose to skip: the affected readings are left out and listed, the rest
   * imports. Every other problem stops the import. File-level problems cannot be skipped.
   */
  skip?: ProblemCode[];
  maxProblems?: number;
}

export interface ScannedChannel extends ChannelSummary {
  /** The community's metering point id (code) the channel maps to, when it maps. */
  mappedTo: string | null;
  /** Readings of this channel written (accepted and mapped). */
  importable: number;
}

export interface ScanResult {
  format: FormatId;
  sha256: string;
  sizeBytes: number;
  channels: ScannedChannel[];
  /** Problems that stop the import (every class the user did not choose to skip). */
  problems: Problem[];
  problemCounts: Partial<Record<ProblemCode, number>>;
  problemsOmitted: number;
  /** Readings left out because their problem class is skipped, with line and reason. */
  skipped: Problem[];
  skippedCount: number;
  /** Readings that would be (or were) written. */
  importable: number;
  /** [first start, last end) over importable readings, ISO UTC; null when there are none. */
  range: { start: string; end: string } | null;
}

export type ReadingSink = (reading: Reading, pointId: string) => void | Promise<void>;

/** Resolves format and CSV mapping the same way `inspect` does, so both passes agree. */
export async function resolveFormat(path: string, fileName: string, options: ScanOptions): Promise<{ format: FormatId; csvMapping?: CsvMapping }> {
  // Detection and derived ids use the user's file name: uploads live under server-chosen names.
  const head = await readHead(path);
  const format = options.format ?? detectFormat(head, fileName);
  if (!format) throw new MeteringOptionsError("The file format was not recognised. Choose it explicitly.");
  if (format !== "csv") return { format };
  const csvMapping = options.csvMapping ?? guessCsvMapping(headText(head), fileName);
  if (!csvMapping) throw new MeteringOptionsError("The CSV layout could not be guessed. Give a column mapping.");
  return { format, csvMapping };
}

export async function scanFile(path: string, fileName: string, options: ScanOptions, points: KnownPoint[], sink?: ReadingSink): Promise<ScanResult> {
  const { format, csvMapping } = await resolveFormat(path, fileName, options);
  const blocking = createProblemLog(options.maxProblems ?? 1000);
  const skipped = createProblemLog(options.maxProblems ?? 1000);
  const skip = new Set<ProblemCode>((options.skip ?? []).filter((c) => !isFileLevelProblem(c)));
  const problems: ProblemSink = { add: (p) => (skip.has(p.code) ? skipped : blocking).add(p) };
  const validator = new ReadingValidator({ problems, timeZone: options.timeZone, intervalSeconds: options.intervalSeconds });
  const resolver = new PointResolver(points, options.aliases);
  const hash = createHash("sha256");
  let sizeBytes = 0;

  async function* hashed() {
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      sizeBytes += bytes.length;
      yield bytes;
    }
  }

  const perChannel = new Map<string, { mappedTo: string | null; importable: number }>();
  let lastChannel: { mappedTo: string | null; importable: number } | undefined;
  let lastPoint = "";
  let lastDirection = "";
  let importable = 0;
  let first = Infinity;
  let last = -Infinity;
  const readings = parseReadings(format, hashed(), { problems, meteringPoint: options.meteringPoint, timeZone: options.timeZone, intervalSeconds: options.intervalSeconds, fileName, csvMapping });
  for await (const r of readings) {
    if (!validator.accept(r)) continue;
    // Readings of one channel mostly come in runs: look the channel up only when it changes.
    let channel = lastChannel;
    if (!channel || r.meteringPoint !== lastPoint || r.direction !== lastDirection) {
      const key = `${r.meteringPoint}\u0000${r.direction}`;
      channel = perChannel.get(key);
      if (!channel) {
        channel = { mappedTo: resolver.candidates(r.meteringPoint, r.direction).length ? resolver.codeFor(r.meteringPoint) : null, importable: 0 };
        perChannel.set(key, channel);
      }
      lastChannel = channel;
      lastPoint = r.meteringPoint;
      lastDirection = r.direction;
    }
    const resolution = resolver.resolve(r.meteringPoint, r.direction, r.start, r.intervalSeconds);
    if (!resolution.ok) {
      problems.add({ line: r.source.line, element: r.source.element, code: resolution.code, message: resolution.message });
      continue;
    }
    const tooLarge = resolution.capacityW ? implausible(r.energyMWh, resolution.capacityW, r.intervalSeconds) : null;
    if (tooLarge) {
      problems.add({ line: r.source.line, element: r.source.element, code: "implausible-value", message: `${resolver.codeFor(r.meteringPoint)} at ${new Date(r.start).toISOString()}: ${tooLarge}` });
      continue;
    }
    channel.importable += 1;
    importable += 1;
    if (r.start < first) first = r.start;
    if (r.start + r.intervalSeconds * 1000 > last) last = r.start + r.intervalSeconds * 1000;
    if (sink) {
      const pending = sink(r, resolution.pointId);
      if (pending) await pending;
    }
  }

  const channels = validator.summaries().map((s) => {
    const c = perChannel.get(`${s.meteringPoint}\u0000${s.direction}`);
    return { ...s, mappedTo: c?.mappedTo ?? null, importable: c?.importable ?? 0 };
  });
  return {
    format,
    sha256: hash.digest("hex"),
    sizeBytes,
    channels,
    problems: blocking.problems,
    problemCounts: Object.fromEntries(blocking.counts),
    problemsOmitted: blocking.omitted,
    skipped: skipped.problems,
    skippedCount: skipped.total,
    importable,
    range: importable ? { start: new Date(first).toISOString(), end: new Date(last).toISOString() } : null,
  };
}

