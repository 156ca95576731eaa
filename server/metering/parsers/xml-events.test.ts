import { describe, expect, it } from "vitest";
import { createProblemLog } from "../problem-log";
import { bytesOf } from "./byte-source";
import { MAX_DEPTH, parseXml, type XmlElement, type XmlHandler } from "./xml-events";

/** A handler that hands out the local name of every element it sees close. */
function names(): XmlHandler<string> & { deepest: number } {
  const out: string[] = [];
  return {
    deepest: 0,
    open(_e: XmlElement, parents: readonly XmlElement[]) {
      this.deepest = Math.max(this.deepest, parents.length + 1);
    },
    close: (e) => void out.push(e.local),
    drain: () => out.splice(0),
  };
}

async function run(xml: string) {
  const problems = createProblemLog();
  const handler = names();
  const closed: string[] = [];
  for await (const n of parseXml(bytesOf(xml, 4096), handler, problems)) closed.push(n);
  return { closed, problems: problems.problems, deepest: handler.deepest };
}

describe("parseXml nesting bound", () => {
  it(`${MAX_DEPTH} nested elements parse`, async () => {
    const r = await run("<a>".repeat(MAX_DEPTH) + "</a>".repeat(MAX_DEPTH));
    expect([r.closed.length, r.deepest, r.problems]).toEqual([MAX_DEPTH, MAX_DEPTH, []]);
  });

  it(`${MAX_DEPTH + 1} nested elements → one bad-xml problem on line 1, nothing deeper is seen`, async () => {
    const r = await run("<a>".repeat(MAX_DEPTH + 1) + "</a>".repeat(MAX_DEPTH + 1));
    expect(r.problems).toEqual([{ line: 1, code: "bad-xml", message: `elements are nested deeper than ${MAX_DEPTH} levels` }]);
    expect(r.deepest).toBe(MAX_DEPTH);
  });

  it("1 MB of open tags (333 334 levels) → the same single problem (saxes is quadratic in depth: this used to run for minutes)", async () => {
    const r = await run("<a>".repeat(333_334));
    expect(r.problems).toEqual([{ line: 1, code: "bad-xml", message: `elements are nested deeper than ${MAX_DEPTH} levels` }]);
  });
});
