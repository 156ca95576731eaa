// A strict RFC 4180 CSV reader for small uploads (member lists). Pure: no I/O.
// Records keep the 1-based line number where they start, so errors can name the line.

export interface CsvRecord {
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Picks `;` when the header has more semicolons than commas (common in European spreadsheets). */
export function guessDelimiter(text: string): "," | ";" {
  const header = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n"));
  const count = (ch: string) => header.split(ch).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

export function parseCsv(input: string, delimiter: string = guessDelimiter(input)): CsvRecord[] {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let cellWasQuoted = false;

  const endCell = () => {
    cells.push(cellWasQuoted ? cell : cell.trim());
    cell = "";
    cellWasQuoted = false;
  };
  const endRecord = () => {
    endCell();
    // Blank lines are skipped rather than reported: spreadsheets often leave one at the end.
    if (!(cells.length === 1 && cells[0] === "")) records.push({ line: recordLine, cells });
    cells = [];
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r") {
          throw new CsvSyntaxError(line, "unexpected character after a closing quote");
        }
        continue;
      }
      if (ch === "\n") line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (cell.trim() !== "") throw new CsvSyntaxError(line, "a quote in the middle of an unquoted cell");
      cell = "";
      quoted = true;
      cellWasQuoted = true;
      i++;
    } else if (ch === delimiter) {
      endCell();
      i++;
    } else if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      cell += ch;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, "a quoted cell is not closed");
  if (cell !== "" || cells.length > 0) endRecord();
  return records;
}
