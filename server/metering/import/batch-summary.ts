// The `summary` JSON column of an import batch: what the importer wrote (channels without their gap
// lists, the skipped readings with line and reason, the time range), and its one reader's schema.
// A batch that never finished keeps the column's default `{}`, hence the defaults.
import { z } from "zod";
import { DIRECTIONS, PROBLEM_CODES } from "../types";
import type { ScanResult } from "./scan-file";

const problem = z.object({
  code: z.enum(PROBLEM_CODES),
  message: z.string(),
  line: z.number().int().optional(),
  element: z.string().optional(),
});

const channel = z.object({
  meteringPoint: z.string(),
  direction: z.enum(DIRECTIONS),
  intervalSeconds: z.number().int(),
  intervals: z.number().int(),
  start: z.string(),
  end: z.string(),
  totalWh: z.string(),
  gapsOmitted: z.number().int().optional(),
  mappedTo: z.string().nullable(),
  importable: z.number().int(),
});

export const batchSummarySchema = z.object({
  channels: z.array(channel).default([]),
  skipped: z.array(problem).default([]),
  skippedCount: z.number().int().nonnegative().default(0),
  range: z.object({ start: z.string(), end: z.string() }).nullable().default(null),
});

export type BatchSummary = z.infer<typeof batchSummarySchema>;

/** What the importer stores for a finished scan. */
export function batchSummary(scan: ScanResult): BatchSummary {
  return { channels: scan.channels.map(({ gaps: _gaps, ...c }) => c), skipped: scan.skipped, skippedCount: scan.skippedCount, range: scan.range };
}

/** The stored column read back; a shape the importer never wrote is an error, not a guess. */
export const parseBatchSummary = (json: unknown): BatchSummary => batchSummarySchema.parse(json ?? {});
