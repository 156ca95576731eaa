import { describe, expect, it } from "vitest";
import { CsvSyntaxError, guessDelimiter, parseCsv } from "./parse-csv";

describe("parseCsv", () => {
  it("reads a header and two records with their line numbers", () => {
    expect(parseCsv("a,b\n1,2\n3,4\n")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: ["3", "4"] },
    ]);
  });

  it("keeps commas, doubled quotes and newlines inside quoted cells; the next record's line counts the newline", () => {
    const rows = parseCsv('name,address\n"Rossi, Anna","Via ""Roma"" 1\nTorino"\nB,C\n');
    expect(rows[1]).toEqual({ line: 2, cells: ["Rossi, Anna", 'Via "Roma" 1\nTorino'] });
    expect(rows[2]).toEqual({ line: 4, cells: ["B", "C"] });
  });

  it("strips a BOM, handles CRLF and skips blank lines", () => {
    expect(parseCsv("\uFEFFa;b\r\n\r\n1;2\r\n")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 3, cells: ["1", "2"] },
    ]);
  });

  it("guesses ';' for European spreadsheets and ',' otherwise", () => {
    expect(guessDelimiter("a;b;c\n1,5;2;3")).toBe(";");
    expect(guessDelimiter("a,b,c\n")).toBe(",");
  });

  it("reads the last record without a trailing newline", () => {
    expect(parseCsv("a,b\n1,2")).toHaveLength(2);
  });

  it("names the line of an unclosed quote", () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrowError(new CsvSyntaxError(2, "a quoted cell is not closed"));
  });

  it("names the line of a stray quote inside a cell", () => {
    expect(() => parseCsv('a,b\n1,ab"c\n')).toThrowError(/line 2/);
  });
});
