// The JSON that the CLI and the HTTP API print for an import or a dry run: the `inspect` shape
// ({format, channels, problems}) plus what the database made of it.
import type { ImportPreview, ImportResult } from "./import-file";

export function importSummary(r: ImportPreview | ImportResult) {
  return {
    format: r.format,
    sha256: r.sha256,
    channels: r.channels.map((c) => ({
      meteringPoint: c.meteringPoint,
      direction: c.direction,
      intervalSeconds: c.intervalSeconds,
      intervals: c.intervals,
      start: c.start,
      end: c.end,
      totalWh: c.totalWh,
      mappedTo: c.mappedTo,
      gaps: c.gaps.length + (c.gapsOmitted ?? 0),
    })),
    problems: r.problems,
    problemCounts: r.problemCounts,
    skipped: r.skipped,
    skippedCount: r.skippedCount,
    importable: r.importable,
    existingReadings: r.existingReadings,
    alreadyImported: r.alreadyImported,
    ...("batchId" in r ? { batchId: r.batchId, readingsNew: r.readingsNew, readingsUnchanged: r.readingsUnchanged, readingsCorrected: r.readingsCorrected } : {}),
  };
}
