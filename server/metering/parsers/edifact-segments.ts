// Streaming UN/EDIFACT tokenizer. Honours the UNA service string advice (component and data element
// separators, decimal mark, release character, segment terminator) and falls back to the ISO 9735
// defaults `:+.? '` when there is no UNA. Line breaks between segments are ignored but counted.
import type { ProblemSink } from "../types";

export interface EdifactSyntax {
  component: string;
  element: string;
  decimal: string;
  release: string;
  terminator: string;
}

export const DEFAULT_SYNTAX: EdifactSyntax = { component: ":", element: "+", decimal: ".", release: "?", terminator: "'" };

export interface Segment {
  tag: string;
  /** Data elements after the tag, each split into components, release characters removed. */
  elements: string[][];
  /** 1-based position of the segment in the interchange (UNA not counted). */
  index: number;
  /** 1-based line where the segment starts. */
  line: number;
}

const MAX_SEGMENT = 100_000;

/** Splits on `sep` except where the separator is escaped by `release`; removes the escapes. */
function splitReleased(text: string, sep: string, release: string): string[] {
  if (!text.includes(release)) return text.split(sep);
  const parts: string[] = [];
  let current = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === release && i + 1 < text.length) {
      current += text.slice(from, i) + text[i + 1];
      from = ++i + 1;
    } else if (ch === sep) {
      parts.push(current + text.slice(from, i));
      current = "";
      from = i + 1;
    }
  }
  parts.push(current + text.slice(from));
  return parts;
}

/** Splits elements, keeping release characters so components can still be split. */
function splitKeepingRelease(text: string, sep: string, release: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === release) i++;
    else if (text[i] === sep) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

export function splitSegment(raw: string, syntax: EdifactSyntax): { tag: string; elements: string[][] } {
  const { element, component, release } = syntax;
  const fields = raw.includes(release)
    ? splitKeepingRelease(raw, element, release).map((e) => splitReleased(e, component, release))
    : raw.split(element).map((e) => e.split(component));
  const tag = fields.shift()?.[0] ?? "";
  return { tag, elements: fields };
}

/** Reads segments; `syntax` is filled in from UNA before the first segment is yielded. */
export class EdifactReader {
  syntax: EdifactSyntax = DEFAULT_SYNTAX;

  constructor(private readonly problems: ProblemSink) {}

  async *segments(text: AsyncIterable<string>): AsyncGenerator<Segment> {
    let buffer = "";
    let headerDone = false;
    let index = 0;
    let line = 1;

    const readHeader = (final: boolean): boolean => {
      buffer = buffer.replace(/^(\uFEFF|ï»¿)?\s*/, (m) => {
        line += m.split("\n").length - 1;
        return "";
      });
      if (buffer.length < 9 && !final) return false;
      if (buffer.startsWith("UNA") && buffer.length >= 9) {
        const [component, element, decimal, release, , terminator] = buffer.slice(3, 9);
        this.syntax = { component, element, decimal, release, terminator } as EdifactSyntax;
        buffer = buffer.slice(9);
      }
      return true;
    };

    const take = (raw: string): Segment | undefined => {
      // Line breaks (and blanks) between segments are layout, not data.
      let start = 0;
      for (; start < raw.length; start++) {
        const c = raw.charCodeAt(start);
        if (c === 10) line++;
        else if (c !== 13 && c !== 32 && c !== 9) break;
      }
      if (start === raw.length) return undefined;
      const body = start === 0 ? raw : raw.slice(start);
      const startLine = line;
      for (let nl = body.indexOf("\n"); nl !== -1; nl = body.indexOf("\n", nl + 1)) line++;
      index++;
      const { tag, elements } = splitSegment(body, this.syntax);
      return { tag, elements, index, line: startLine };
    };

    function* complete(syntax: EdifactSyntax): Generator<Segment> {
      const { terminator, release } = syntax;
      let from = 0;
      for (let at = buffer.indexOf(terminator); at !== -1; at = buffer.indexOf(terminator, at + 1)) {
        // A terminator preceded by an odd number of release characters is data.
        let escapes = 0;
        while (at - escapes - 1 >= from && buffer[at - escapes - 1] === release) escapes++;
        if (escapes % 2 === 1) continue;
        const segment = take(buffer.slice(from, at));
        from = at + 1;
        if (segment) yield segment;
      }
      buffer = buffer.slice(from);
    }

    for await (const chunk of text) {
      buffer += chunk;
      if (!headerDone && !(headerDone = readHeader(false))) continue;
      yield* complete(this.syntax);
      if (buffer.length > MAX_SEGMENT) {
        this.problems.add({ line, code: "bad-edifact", message: `no segment terminator within ${MAX_SEGMENT} characters` });
        return;
      }
    }
    if (!headerDone) readHeader(true);
    yield* complete(this.syntax);
    // Tolerate a missing terminator after the final segment.
    const last = take(buffer.trimEnd());
    if (last) yield last;
  }
}
