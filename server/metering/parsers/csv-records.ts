// Streaming RFC 4180 record reader: quoted cells may hold delimiters, doubled quotes and newlines.
// Holds at most one record in memory; a record longer than `maxRecordChars` is dropped with a
// problem instead of growing without bound.
import type { ProblemSink } from "../types";

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
}

export interface CsvRecordOptions {
  /** Cell delimiter; guessed from the first non-blank line when absent. */
  delimiter?: string;
  maxRecordChars?: number;
  problems: ProblemSink;
}

const CANDIDATES = [";", ",", "\t", "|"];

/** The candidate delimiter that occurs most often in `line` ("," when none does). */
export function guessDelimiter(line: string): string {
  let best = ",";
  let bestCount = 0;
  for (const d of CANDIDATES) {
    const count = line.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

function countQuotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
}

/** Splits one complete record; quoted cells are unquoted, "" inside quotes becomes ". */
export function splitRecord(text: string, delimiter: string): string[] {
  if (!text.includes('"')) return text.split(delimiter);
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (text.startsWith(delimiter, i)) {
      cells.push(cell);
      cell = "";
      i += delimiter.length - 1;
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/**
 * Records grouped per input chunk: one await per chunk instead of one per row, which matters on
 * files with millions of rows.
 */
export async function* csvRecordBatches(text: AsyncIterable<string>, options: CsvRecordOptions): AsyncGenerator<CsvRecord[]> {
  const max = options.maxRecordChars ?? 1_000_000;
  let delimiter = options.delimiter;
  let carry = ""; // an incomplete physical line
  let skippingLongLine = false;
  let lineNo = 0;
  let pending: string | undefined; // a record whose quoted cell spans lines
  let pendingLine = 0;
  let batch: CsvRecord[] = [];

  function takeLine(raw: string): void {
    lineNo++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (pending === undefined) {
      if (line.trim() === "") return;
      pending = line;
      pendingLine = lineNo;
    } else pending += `\n${line}`;
    if (countQuotes(pending) % 2 === 1) {
      if (pending.length > max) {
        options.problems.add({ line: pendingLine, code: "record-too-long", message: `unterminated quote or record over ${max} characters` });
        pending = undefined;
      }
      return;
    }
    delimiter ??= guessDelimiter(pending);
    batch.push({ line: pendingLine, cells: splitRecord(pending, delimiter) });
    pending = undefined;
  }

  for await (const chunk of text) {
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl !== -1; nl = chunk.indexOf("\n", start)) {
      const piece = chunk.slice(start, nl);
      start = nl + 1;
      if (skippingLongLine) {
        skippingLongLine = false;
        lineNo++;
        carry = "";
        continue;
      }
      const raw = carry + piece;
      carry = "";
      takeLine(raw);
    }
    if (!skippingLongLine) carry += chunk.slice(start);
    if (carry.length > max) {
      options.problems.add({ line: lineNo + 1, code: "record-too-long", message: `line over ${max} characters` });
      carry = "";
      pending = undefined;
      skippingLongLine = true;
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (!skippingLongLine && carry !== "") takeLine(carry);
  if (pending !== undefined) {
    options.problems.add({ line: pendingLine, code: "bad-row", message: "unterminated quoted cell at end of file" });
  }
  if (batch.length > 0) yield batch;
}

/** One record at a time (convenient where speed does not matter). */
export async function* csvRecords(text: AsyncIterable<string>, options: CsvRecordOptions): AsyncGenerator<CsvRecord> {
  for await (const batch of csvRecordBatches(text, options)) yield* batch;
}
