import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./write-csv";

describe("csvCell", () => {
  it("formula starts = + - @ are neutralised with a leading quote", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1+2")).toBe("'+1+2");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
  });
  it("plain numbers stay numbers: -1234 and -0.5 are not formulas", () => {
    expect(csvCell("-1234")).toBe("-1234");
    expect(csvCell(-55n)).toBe("-55");
    expect(csvCell("-0.5")).toBe("-0.5");
  });
  it("commas, quotes and newlines are quoted; null is empty", () => {
    expect(csvCell("Via Roma 1, Solaria")).toBe('"Via Roma 1, Solaria"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvCell(null)).toBe("");
  });
  it("a table: header and rows, CRLF", () => {
    expect(toCsv(["a", "b"], [[1, "=x"], [null, "y"]])).toBe("a,b\r\n1,'=x\r\n,y\r\n");
  });
});
