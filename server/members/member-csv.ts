// Reads a member list (CSV) into validated members and metering points, or a per-line list of
// problems. Pure: database checks (existing references, overlapping metering points) come after.
//
// Columns (header names, any order, case-insensitive): reference, kind, joined_on — required;
// name, email, address — optional personal data; metering_point, direction, capacity_kw,
// valid_from (default joined_on), valid_to — optional, one metering point per line. Several lines
// with the same reference describe one member with several metering points. member_type (private,
// company, farmer, association, public body), vat_id and vat_status (not registered, registered,
// reverse charge) — optional, checked by the same memberInput as the console form.
import { CsvSyntaxError, parseCsv, type CsvRecord } from "@/server/csv/parse-csv";
import type { FieldProblem } from "@/server/errors";
import { memberInput, meteringPointInput, type MemberInput, type MeteringPointInput } from "./schemas";

export const MEMBER_CSV_COLUMNS = ["reference", "kind", "joined_on", "name", "email", "address", "metering_point", "direction", "capacity_kw", "valid_from", "valid_to", "member_type", "vat_id", "vat_status"] as const;
const REQUIRED = ["reference", "kind", "joined_on"] as const;
export const MAX_MEMBER_CSV_LINES = 20_000;

export interface ParsedMember {
  line: number;
  member: MemberInput;
  meteringPoints: { line: number; input: MeteringPointInput }[];
}

export interface MemberCsvResult {
  members: ParsedMember[];
  problems: FieldProblem[];
  /** The header's column names in file order (to name a column in later problems). */
  columns?: string[];
}

/** Where a problem is: "line N" in a CSV file; "row N, column D" in a spreadsheet (the column's letter). */
export type Locate = (line: number, columnIndex?: number) => string;
export const csvLines: Locate = (line) => `line ${line}`;

export function readMemberCsv(text: string): MemberCsvResult {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { members: [], problems: [{ where: `line ${err.line}`, message: err.message.replace(/^line \d+: /, "") }] };
    throw err;
  }
  return readMemberRecords(records, csvLines);
}

/** The header's column names, normalised as the reader compares them ("Joined on" → joined_on). */
export const columnNames = (cells: string[]) => cells.map((c) => c.trim().toLowerCase().replace(/[\s-]+/g, "_"));

/** The validator of a member list, whichever file it came from: records with their line (or row) numbers. */
export function readMemberRecords(records: CsvRecord[], locate: Locate): MemberCsvResult {
  const problems: FieldProblem[] = [];
  const [header, ...rows] = records;
  if (!header) return { members: [], problems: [{ where: locate(1), message: "The file is empty." }] };
  const names = columnNames(header.cells);
  const unknown = names.filter((n) => !(MEMBER_CSV_COLUMNS as readonly string[]).includes(n));
  const missing = REQUIRED.filter((r) => !names.includes(r));
  if (unknown.length || missing.length) {
    const parts = [missing.length ? `missing column(s): ${missing.join(", ")}` : "", unknown.length ? `unknown column(s): ${unknown.join(", ")}` : ""].filter(Boolean);
    return { members: [], problems: [{ where: locate(header.line), message: `${parts.join("; ")}. Expected: ${MEMBER_CSV_COLUMNS.join(", ")}.` }] };
  }
  if (rows.length === 0) return { members: [], problems: [{ where: locate(2), message: "The file has a header but no members." }] };
  if (rows.length > MAX_MEMBER_CSV_LINES) return { members: [], problems: [{ where: locate(MAX_MEMBER_CSV_LINES + 2), message: `At most ${MAX_MEMBER_CSV_LINES} lines per file.` }] };

  const byReference = new Map<string, ParsedMember>();
  const seenPoints = new Map<string, number>();
  for (const row of rows) {
    const where = locate(row.line);
    // A problem of one field names its column too (in a spreadsheet: its letter).
    const at = (column: string) => locate(row.line, names.indexOf(column) >= 0 ? names.indexOf(column) : undefined);
    if (row.cells.length !== names.length) {
      problems.push({ where, message: `expected ${names.length} cells, found ${row.cells.length}` });
      continue;
    }
    const cell = (n: string) => row.cells[names.indexOf(n)] ?? "";
    const has = (n: string) => names.includes(n) && cell(n) !== "";

    const member = memberInput.safeParse({
      reference: cell("reference"),
      kind: cell("kind").toUpperCase(),
      joinedOn: cell("joined_on"),
      name: has("name") ? cell("name") : null,
      email: has("email") ? cell("email") : null,
      address: has("address") ? cell("address") : null,
      memberType: has("member_type") ? enumCell(cell("member_type")) : undefined,
      vatId: has("vat_id") ? cell("vat_id") : null,
      vatStatus: has("vat_status") ? enumCell(cell("vat_status")) : undefined,
    });
    if (!member.success) {
      for (const issue of member.error.issues) problems.push({ where: at(columnOf(String(issue.path[0]))), message: `${columnOf(String(issue.path[0]))}: ${issue.message}` });
      continue;
    }
    const existing = byReference.get(member.data.reference);
    if (existing && JSON.stringify(existing.member) !== JSON.stringify(member.data)) {
      problems.push({ where, message: `reference ${member.data.reference} appears on ${locate(existing.line)} with different member details` });
      continue;
    }
    const parsed = existing ?? { line: row.line, member: member.data, meteringPoints: [] };
    byReference.set(member.data.reference, parsed);

    const pointColumns = ["metering_point", "direction", "capacity_kw", "valid_from", "valid_to"];
    if (!pointColumns.some(has)) {
      if (existing) problems.push({ where, message: `reference ${member.data.reference} is repeated without a metering point` });
      continue;
    }
    const point = meteringPointInput.safeParse({
      code: cell("metering_point"),
      direction: cell("direction").toUpperCase(),
      capacityKw: cell("capacity_kw"),
      validFrom: has("valid_from") ? cell("valid_from") : member.data.joinedOn,
      validTo: has("valid_to") ? cell("valid_to") : null,
    });
    if (!point.success) {
      for (const issue of point.error.issues) problems.push({ where: at(columnOf(String(issue.path[0]))), message: `${columnOf(String(issue.path[0]))}: ${issue.message}` });
      continue;
    }
    if (point.data.validFrom < member.data.joinedOn) {
      problems.push({ where: at("valid_from"), message: `valid_from: the metering point cannot start before the member joined (${member.data.joinedOn})` });
      continue;
    }
    const key = `${point.data.code}|${point.data.direction}`;
    const earlier = seenPoints.get(key);
    if (earlier !== undefined) {
      problems.push({ where: at("metering_point"), message: `metering_point: ${point.data.code} (${point.data.direction.toLowerCase()}) is already on ${locate(earlier)}` });
      continue;
    }
    seenPoints.set(key, row.line);
    parsed.meteringPoints.push({ line: row.line, input: point.data });
  }
  return { members: problems.length ? [] : [...byReference.values()], problems, columns: names };
}

/** "Public body", "reverse-charge" → PUBLIC_BODY, REVERSE_CHARGE. */
const enumCell = (v: string) => v.trim().toUpperCase().replace(/[\s-]+/g, "_");

function columnOf(field: string): string {
  const map: Record<string, string> = { memberType: "member_type", vatId: "vat_id", vatStatus: "vat_status", joinedOn: "joined_on", code: "metering_point", capacityKw: "capacity_kw", validFrom: "valid_from", validTo: "valid_to" };
  return map[field] ?? field;
}
