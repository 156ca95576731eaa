// XLSX in and out for people's spreadsheets, through exceljs (a maintained library: no hand-written
// zip or XML). Writing: one sheet, a header row, cells as plain strings or numbers — never formulas,
// so a cell like "=HYPERLINK(…)" stays text. Reading: the first sheet as records with their 1-based
// row numbers (the same shape as parse-csv's, so one validator reads both), every cell as text.
import ExcelJS from "exceljs";
import type { CsvRecord } from "@/server/csv/parse-csv";
import { AppError } from "@/server/errors";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export type SheetValue = string | number | bigint | null | undefined;

export async function writeSheet(name: string, header: readonly string[], rows: readonly (readonly SheetValue[])[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = "Dajie";
  // A fixed date: the same list gives the same file.
  book.created = book.modified = new Date(0);
  const sheet = book.addWorksheet(name.slice(0, 31));
  sheet.addRow([...header]).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((v) => (v === null || v === undefined ? null : typeof v === "bigint" ? v.toString() : v)));
  sheet.columns.forEach((c, i) => (c.width = Math.min(40, Math.max(10, header[i]?.length ?? 10) + 2)));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** A column's letters from its 0-based index: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A cell's value as the text a CSV file would have held: dates as YYYY-MM-DD, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ("error" in value) return String(value.error);
    return "";
  }
  return String(value).trim();
}

export const MAX_SHEET_ROWS = 20_002;

/** The first sheet's non-blank rows; a file that is not XLSX is a 400 naming the file. */
export async function readSheet(bytes: Uint8Array): Promise<CsvRecord[]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    throw new AppError("BAD_REQUEST", "The file is not an Excel workbook (.xlsx).", [{ where: "file", message: "Not an .xlsx file: save the sheet as Excel Workbook (.xlsx) or CSV." }]);
  }
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  if (sheet.rowCount > MAX_SHEET_ROWS) throw new AppError("BAD_REQUEST", `At most ${MAX_SHEET_ROWS - 2} rows per file.`, [{ where: `row ${MAX_SHEET_ROWS}`, message: "Split the list." }]);
  const width = sheet.getRow(1).cellCount;
  const records: CsvRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(width, row.cellCount); c++) cells.push(cellText(row.getCell(c).value));
    // Trailing empty cells past the header's width are not cells of the table.
    while (cells.length > width && cells[cells.length - 1] === "") cells.pop();
    if (cells.some((c) => c !== "")) records.push({ line: rowNumber, cells });
  });
  return records;
}
