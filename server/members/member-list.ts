// The console's member list as people work with it: search, filters and sort done in the query (the
// service owns it), and the same list as a file (CSV or XLSX) in the layout the import accepts, so an
// export can be corrected in a spreadsheet and imported again. Personal data only for the owning
// municipality: an ESCO neither sees names nor can search by them (a search hit would reveal them).
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { CommunityScope } from "@/server/access/scope";
import type { Actor } from "@/server/audit/audit";
import { toCsv, type CsvValue } from "@/server/csv/write-csv";
import type { Db, Tx } from "@/server/db/client";
import { text } from "@/server/shared/text";
import { columnLetter, readSheet, writeSheet } from "@/server/xlsx/sheet";
import { MEMBER_CSV_COLUMNS, readMemberRecords, type Locate } from "./member-csv";
import { importMemberList, include, toDto, type ImportSummary, type MemberDto } from "./members";
import { memberKinds } from "./schemas";

export const memberListQuery = z.object({
  search: text().trim().max(100).optional(),
  kind: z.enum(memberKinds).optional(),
  account: z.enum(["with", "without"]).optional(),
  status: z.enum(["active", "ended"]).optional(),
  sort: z.enum(["reference", "name", "kind", "joinedOn", "points"]).default("reference"),
  dir: z.enum(["asc", "desc"]).default("asc"),
});
export type MemberListQuery = z.input<typeof memberListQuery>;

const withPersonal = (scope: CommunityScope) => scope.via === "municipality";

function where(scope: CommunityScope, q: z.output<typeof memberListQuery>, today: Date): Prisma.MemberWhereInput {
  const and: Prisma.MemberWhereInput[] = [{ communityId: scope.communityId }];
  if (q.kind) and.push({ kind: q.kind });
  if (q.account) and.push({ userId: q.account === "with" ? { not: null } : null });
  if (q.status === "active") and.push({ OR: [{ leftOn: null }, { leftOn: { gt: today } }] });
  if (q.status === "ended") and.push({ leftOn: { lte: today } });
  if (q.search) {
    const contains = { contains: q.search, mode: "insensitive" as const };
    const or: Prisma.MemberWhereInput[] = [{ reference: contains }, { pseudonym: contains }, { meteringPoints: { some: { code: contains } } }];
    if (withPersonal(scope)) or.push({ personal: { OR: [{ name: contains }, { email: contains }, { address: contains }] } });
    and.push({ OR: or });
  }
  return { AND: and };
}

function orderBy(scope: CommunityScope, q: z.output<typeof memberListQuery>): Prisma.MemberOrderByWithRelationInput[] {
  const dir = q.dir;
  const first: Prisma.MemberOrderByWithRelationInput =
    q.sort === "name"
      ? withPersonal(scope)
        ? { personal: { name: { sort: dir, nulls: "last" } } }
        : { pseudonym: dir }
      : q.sort === "kind"
        ? { kind: dir }
        : q.sort === "joinedOn"
          ? { joinedOn: dir }
          : q.sort === "points"
            ? { meteringPoints: { _count: dir } }
            : { reference: dir };
  return [first, { reference: "asc" }];
}

/** The members the list shows under `query`, in its order. */
export async function searchMembers(db: Tx, scope: CommunityScope, query: MemberListQuery, today = new Date()): Promise<MemberDto[]> {
  const q = memberListQuery.parse(query);
  const rows = await db.member.findMany({ where: where(scope, q, today), orderBy: orderBy(scope, q), include });
  return rows.map((m) => toDto(m, withPersonal(scope)));
}

/** The file columns: the import's, without the personal ones for a reader who may not see them. */
export function memberFileColumns(personal: boolean): string[] {
  // A VAT id can name a person (a farmer trading under their own name): personal, like the name.
  return MEMBER_CSV_COLUMNS.filter((c) => personal || !["name", "email", "address", "vat_id"].includes(c));
}

/** One line per metering point (a member without one: one line), in the import's layout; cells by column name, so a
 *  column the import gains later is simply empty here until it is filled in. */
export function memberFileRows(members: MemberDto[], personal: boolean): CsvValue[][] {
  const columns = memberFileColumns(personal);
  const rows: CsvValue[][] = [];
  for (const m of members) {
    const who: Record<string, CsvValue> = { reference: m.reference, kind: m.kind.toLowerCase(), joined_on: m.joinedOn, member_type: m.memberType.toLowerCase(), vat_status: m.vatStatus.toLowerCase() };
    if (personal) Object.assign(who, { name: m.personal?.name ?? null, email: m.personal?.email ?? null, address: m.personal?.address ?? null, vat_id: m.vatId });
    const points = m.meteringPoints.map((p): Record<string, CsvValue> => ({ metering_point: p.code, direction: p.direction.toLowerCase(), capacity_kw: p.capacityKw, valid_from: p.validFrom, valid_to: p.validTo }));
    for (const point of points.length ? points : [{}]) {
      const cells: Record<string, CsvValue> = { ...who, ...point };
      rows.push(columns.map((c) => cells[c] ?? null));
    }
  }
  return rows;
}

export type ListFormat = "csv" | "xlsx";
export interface ListFile {
  body: string | Uint8Array;
  fileName: string;
  contentType: string;
}

export async function listFile(format: ListFormat, baseName: string, sheetName: string, header: string[], rows: CsvValue[][]): Promise<ListFile> {
  if (format === "csv") return { body: toCsv(header, rows), fileName: `${baseName}.csv`, contentType: "text/csv; charset=utf-8" };
  const body = await writeSheet(sheetName, header, rows.map((r) => r.map((v) => (typeof v === "boolean" ? String(v) : v))));
  return { body, fileName: `${baseName}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
}

/** The member list under `query` as a file: exactly the members the list shows, in its order. */
export async function exportMembers(db: Tx, scope: CommunityScope, query: MemberListQuery, format: ListFormat): Promise<ListFile> {
  const personal = withPersonal(scope);
  const members = await searchMembers(db, scope, query);
  return listFile(format, "members", "Members", memberFileColumns(personal), memberFileRows(members, personal));
}

/** "row 3, column E" — a spreadsheet's problems name the cell. */
export const sheetRows: Locate = (line, column) => (column === undefined ? `row ${line}` : `row ${line}, column ${columnLetter(column)}`);

/** Imports a member list from an XLSX workbook's first sheet: the same validator and all-or-nothing import as the CSV. */
export async function importMembersXlsx(db: Db, actor: Actor, scope: CommunityScope, bytes: Uint8Array): Promise<ImportSummary> {
  const records = await readSheet(bytes);
  return importMemberList(db, actor, scope, readMemberRecords(records, sheetRows), sheetRows, "xlsx");
}
