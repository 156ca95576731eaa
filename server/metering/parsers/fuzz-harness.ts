// Shared by the parser fuzz test (fuzz.test.ts) and its bench (scripts/bench-fuzz.ts): seeds from the
// real sample files, byte-level mutations, and one run of a parser with its outcome judged.
// The only acceptable outcomes of any input are readings and problems that point to a line (or an
// element of an XML file); a thrown error, a hang or a malformed reading is a parser bug.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { detectFormat } from "../detect-format";
import type { FormatId, Problem, Reading } from "../types";
import { headText } from "./byte-source";
import { guessCsvMapping } from "./csv-guess";
import type { CsvMapping } from "./csv-mapping";
import { parseReadings } from "./index";

export const SAMPLES_DIR = join(process.cwd(), "test", "fixtures", "meter-files");

export interface Seed {
  file: string;
  format: FormatId;
  bytes: Uint8Array;
  csvMapping?: CsvMapping;
}

/** Each sample file (its first `maxBytes`, cut after a newline, so thousands of runs stay quick). */
export function loadSeeds(maxBytes = 6_000): Seed[] {
  const files = ["ausgrid-solar-home-customer12.csv", "ebutilities-crmsg.xml", "enedis-load-curve-30min.csv", "greenbutton-coastal-multi-family-2011.xml", "greenbutton-electric-abridged.xml", "mscons-sample.edi"];
  return files.map((file) => {
    const all = new Uint8Array(readFileSync(join(SAMPLES_DIR, file)));
    let cut = Math.min(all.length, maxBytes);
    if (cut < all.length) cut = all.lastIndexOf(0x0a, cut) + 1 || cut;
    const format = detectFormat(all.subarray(0, 65_536), file)!;
    const csvMapping = format === "csv" ? guessCsvMapping(headText(all.subarray(0, 65_536)), file) : undefined;
    return { file, format, bytes: all.subarray(0, cut), csvMapping };
  });
}

/** Tokens that matter to one format or another: structure, escapes, numbers and dates at their edges. */
export const TOKENS = [
  "<", ">", "</", "/>", "&", "&amp;", "&#0;", "&#x110000;", "<![CDATA[", "]]>", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "<?xml", "<!--", "-->", "=\"", "xmlns:espi=\"x\"",
  "'", "+", ":", "?", "?'", "UNH+", "UNT+", "DTM+", "QTY+", "UNZ+", "UNA:+.? '",
  ",", ";", "\t", "\"", "\"\"", "\n", "\r\n", "\r", "\u0000", "\uFEFF", "\u00e9",
  "-", "-1", "0", "1e999", "1e30", "99999999999999999999999999999", "NaN", "Infinity", "0x10", "1.5.5", ",5", "1,000.5",
  "2026-02-30", "2026-03-29T02:30:00", "9999-12-31T23:59:59Z", "0000-01-01", "T", "Z", "+14:00", "-12:00", "24:00", "60",
  "duration>0<", "<duration>-900</duration>", "<value>-5</value>", "<powerOfTenMultiplier>127</powerOfTenMultiplier>", "<secondsPerInterval>0</secondsPerInterval>",
];

export type Mutation =
  | { op: "flip"; at: number; byte: number }
  | { op: "insert"; at: number; token: number }
  | { op: "insertBytes"; at: number; bytes: number[] }
  | { op: "delete"; at: number; length: number }
  | { op: "duplicate"; at: number; length: number; to: number }
  | { op: "truncate"; at: number };

const encoder = new TextEncoder();

/** Applies mutations in order; positions are fractions of the current length (0…1), so any seed fits. */
export function mutate(seed: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = Array.from(seed);
  const pos = (f: number) => Math.min(b.length, Math.floor(f * (b.length + 1)));
  for (const m of mutations) {
    const at = pos(m.at / 1_000_000);
    switch (m.op) {
      case "flip":
        if (b.length) b[Math.min(at, b.length - 1)] = m.byte;
        break;
      case "insert":
        b.splice(at, 0, ...encoder.encode(TOKENS[m.token % TOKENS.length]!));
        break;
      case "insertBytes":
        b.splice(at, 0, ...m.bytes);
        break;
      case "delete":
        b.splice(at, m.length);
        break;
      case "duplicate":
        b.splice(pos(m.to / 1_000_000), 0, ...b.slice(at, at + m.length));
        break;
      case "truncate":
        b = b.slice(0, at);
        break;
    }
  }
  return Uint8Array.from(b);
}

export interface Outcome {
  readings: Reading[];
  problems: Problem[];
  /** What is wrong with the outcome (null: readings and/or line-numbered problems only). */
  violation: string | null;
}

async function* chunked(bytes: Uint8Array, chunkSize: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
}

/** Runs the seed's parser over `bytes` (fed in `chunkSize` pieces) and judges the outcome. */
export async function runParser(seed: Pick<Seed, "format" | "csvMapping" | "file">, bytes: Uint8Array, chunkSize: number): Promise<Outcome> {
  const readings: Reading[] = [];
  const problems: Problem[] = [];
  try {
    const it = parseReadings(seed.format, chunked(bytes, Math.max(1, chunkSize)), { problems: { add: (p) => void problems.push(p) }, csvMapping: seed.csvMapping, fileName: seed.file });
    for await (const r of it) readings.push(r);
  } catch (e) {
    return { readings, problems, violation: `threw ${(e as Error)?.name}: ${(e as Error)?.message}` };
  }
  return { readings, problems, violation: judge(readings, problems) };
}

export function judge(readings: Reading[], problems: Problem[]): string | null {
  for (const p of problems) {
    const located = (p.line !== undefined && Number.isInteger(p.line) && p.line >= 1) || (typeof p.element === "string" && p.element.length > 0);
    if (!located) return `a problem without a line: ${JSON.stringify(p)}`;
    if (typeof p.message !== "string" || p.message.length === 0) return `a problem without a message: ${JSON.stringify(p)}`;
  }
  for (const r of readings) {
    const ok =
      typeof r.energyMWh === "bigint" &&
      r.energyMWh >= 0n &&
      Number.isSafeInteger(r.start) &&
      Number.isInteger(r.intervalSeconds) &&
      r.intervalSeconds > 0 &&
      typeof r.meteringPoint === "string" &&
      r.meteringPoint.length > 0 &&
      ((r.source.line !== undefined && r.source.line >= 1) || !!r.source.element);
    if (!ok) return `a malformed reading: ${JSON.stringify(r, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`;
  }
  return null;
}
