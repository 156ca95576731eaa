// Streaming XML for the parsers: saxes (strict, namespace-aware) fed chunk by chunk. A DOCTYPE is
// refused outright and saxes never loads external entities, so XXE and entity bombs cannot happen.
// Handlers see elements by namespace URI + local name (prefixes are irrelevant) and get each
// element's own text when it closes.
import { SaxesParser } from "saxes";
import type { ProblemSink } from "../types";
import type { ByteSource } from "./byte-source";

export interface XmlElement {
  uri: string;
  local: string;
  /** Attribute values by qualified name ("MeterCode", "xsi:type"). */
  attributes: Record<string, string>;
  /** Line of the start tag (1-based). */
  line: number;
}

export interface XmlHandler<T> {
  open(element: XmlElement, parents: readonly XmlElement[]): void;
  /** `text` is the element's direct character data, trimmed (capped at 10 000 characters). */
  close(element: XmlElement, text: string, parents: readonly XmlElement[]): void;
  /** Called once after the last element. */
  end?(): void;
  /** Items ready to hand out; the driver calls this after every chunk. */
  drain(): T[];
}

const MAX_TEXT = 10_000;
/**
 * Deeper nesting is refused. Meter files nest about ten levels; saxes resolves namespaces through one
 * scope per open element, so its time grows with the square of the depth (found by the fuzzing bench:
 * 1 MB of "<a>" took minutes). Refusing at 100 levels keeps every input linear.
 */
export const MAX_DEPTH = 100;

/** Thrown from a saxes callback to stop it in the middle of a chunk. */
class Stop extends Error {}

/** The encoding named by a BOM or the XML declaration; UTF-8 by default. */
export function sniffXmlEncoding(first: Uint8Array): string {
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return "utf-8";
  if (first[0] === 0xff && first[1] === 0xfe) return "utf-16le";
  if (first[0] === 0xfe && first[1] === 0xff) return "utf-16be";
  const decl = new TextDecoder("latin1").decode(first.subarray(0, 200));
  const m = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(decl);
  return m?.[1] ?? "utf-8";
}

export async function* parseXml<T>(input: ByteSource, handler: XmlHandler<T>, problems: ProblemSink): AsyncGenerator<T> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  const texts: string[] = [];
  let failed = false;
  const fail = (code: "bad-xml" | "doctype-forbidden", message: string) => {
    if (!failed) problems.add({ line: parser.line, code, message });
    failed = true;
  };

  parser.on("doctype", () => fail("doctype-forbidden", "DOCTYPE declarations are not accepted"));
  parser.on("error", (e) => fail("bad-xml", e.message.split("\n")[0] ?? "malformed XML"));
  parser.on("opentag", (tag) => {
    if (failed) return;
    if (stack.length >= MAX_DEPTH) {
      fail("bad-xml", `elements are nested deeper than ${MAX_DEPTH} levels`);
      throw new Stop();
    }
    const attributes: Record<string, string> = {};
    for (const name in tag.attributes) attributes[name] = tag.attributes[name]?.value ?? "";
    const element = { uri: tag.uri, local: tag.local, attributes, line: parser.line };
    handler.open(element, stack);
    stack.push(element);
    texts.push("");
  });
  const onText = (t: string) => {
    if (failed || texts.length === 0) return;
    const i = texts.length - 1;
    if ((texts[i] ?? "").length < MAX_TEXT) texts[i] += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    if (failed) return;
    const element = stack.pop();
    const text = (texts.pop() ?? "").trim();
    if (element) handler.close(element, text, stack);
  });

  let decoder: TextDecoder | undefined;
  for await (const chunk of input) {
    let text: string;
    if (typeof chunk === "string") text = chunk;
    else {
      if (!decoder) {
        const encoding = sniffXmlEncoding(chunk);
        try {
          decoder = new TextDecoder(encoding);
        } catch {
          fail("bad-xml", `unsupported encoding ${encoding}`);
          return;
        }
      }
      text = decoder.decode(chunk, { stream: true });
    }
    try {
      parser.write(text);
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
    }
    yield* handler.drain();
    if (failed) return;
  }
  try {
    if (decoder) parser.write(decoder.decode());
    parser.close();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  if (!failed) handler.end?.();
  yield* handler.drain();
}
