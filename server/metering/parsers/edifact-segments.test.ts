import { describe, expect, it } from "vitest";
import { createProblemLog } from "../problem-log";
import { collect } from "../test-support";
import { EdifactReader } from "./edifact-segments";

async function* chunks(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function read(text: string, size = 1) {
  const reader = new EdifactReader(createProblemLog());
  const segments = await collect(reader.segments(chunks(text, size)));
  return { segments, syntax: reader.syntax };
}

describe("EDIFACT segments", () => {
  it("UNA#*,! ~: custom separators, and a released terminator/separator stays data", async () => {
    const { segments, syntax } = await read("UNA#*,! ~UNB*UNOC#3~LOC*172*DE!*1!~X!#Y~QTY*220#1,5~");
    expect(syntax).toEqual({ component: "#", element: "*", decimal: ",", release: "!", terminator: "~" });
    expect(segments.map((s) => [s.tag, s.elements])).toEqual([
      ["UNB", [["UNOC", "3"]]],
      ["LOC", [["172"], ["DE*1~X#Y"]]],
      ["QTY", [["220", "1,5"]]],
    ]);
  });

  it("a doubled release character is a literal one, so the terminator after it ends the segment", async () => {
    const { segments } = await read("UNA:+.? 'FTX+AAA+++a??'UNZ+1'");
    expect(segments.map((s) => [s.tag, s.elements])).toEqual([
      ["FTX", [["AAA"], [""], [""], ["a?"]]],
      ["UNZ", [["1"]]],
    ]);
  });

  it("defaults to :+.? ' without UNA, skips line breaks between segments and counts lines", async () => {
    const { segments, syntax } = await read("UNB+UNOC:3'\r\nUNH+1+MSCONS:D:04B:UN:2.4c'\nQTY+220:1.5'", 3);
    expect(syntax.decimal).toBe(".");
    expect(segments.map((s) => [s.tag, s.index, s.line])).toEqual([["UNB", 1, 1], ["UNH", 2, 2], ["QTY", 3, 3]]);
  });

  it("reports a runaway segment without terminator", async () => {
    const problems = createProblemLog();
    const reader = new EdifactReader(problems);
    await collect(reader.segments(chunks(`UNB+${"x".repeat(120_000)}`, 10_000)));
    expect(problems.problems.map((p) => p.code)).toEqual(["bad-edifact"]);
  });
});
