// Helpers for the metering tests: the real sample files and small in-memory files.
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { bytesOf } from "./parsers/byte-source";
import { createProblemLog, type ProblemLog } from "./problem-log";
import type { Reading } from "./types";
import { type ChannelSummary, ReadingValidator, type ValidatorOptions } from "./validate";

/** test/fixtures/meter-files/ in the repository (real public sample files; sources in its NOTICE.md). */
export const samplesDir = fileURLToPath(new URL("../../test/fixtures/meter-files/", import.meta.url));

export const samplePath = (name: string) => `${samplesDir}${name}`;
export const sampleStream = (name: string) => createReadStream(samplePath(name), { highWaterMark: 16_384 });
export const sampleHead = async (name: string) => new Uint8Array((await readFile(samplePath(name))).subarray(0, 65_536));

/** In-memory content as a byte stream in small chunks, so chunk boundaries get exercised. */
export const textSource = (text: string, chunkSize = 7) => bytesOf(text, chunkSize);

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export interface Checked {
  readings: Reading[];
  accepted: Reading[];
  problems: ProblemLog;
  channels: ChannelSummary[];
}

/** Parses with `parse(problems)` and validates; returns everything a test may look at. */
export async function parseAndValidate(
  parse: (problems: ProblemLog) => AsyncIterable<Reading>,
  options: Omit<ValidatorOptions, "problems"> = {},
): Promise<Checked> {
  const problems = createProblemLog(100_000);
  const validator = new ReadingValidator({ ...options, problems });
  const readings = await collect(parse(problems));
  const accepted = readings.filter((r) => validator.accept(r));
  return { readings, accepted, problems, channels: validator.summaries() };
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const codes = (p: ProblemLog) => p.problems.map((x) => x.code);
