// The console's metering point list: search (id or member reference), direction and validity filters,
// sort — in the query — and the same list as a file in the member import's layout (one line per point
// with its member), so points can be exported, corrected and imported into another community.
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { CommunityScope } from "@/server/access/scope";
import type { CsvValue } from "@/server/csv/write-csv";
import type { Tx } from "@/server/db/client";
import { listFile, memberFileColumns, type ListFile, type ListFormat } from "@/server/members/member-list";
import { directions } from "@/server/members/schemas";
import { text } from "@/server/shared/text";
import { dateToIso } from "@/server/shared/validation";
import { toMeteringPointDto, type MeteringPointDto } from "./metering-points";

export const pointListQuery = z.object({
  search: text().trim().max(100).optional(),
  direction: z.enum(directions).optional(),
  status: z.enum(["active", "ended"]).optional(),
  sort: z.enum(["code", "direction", "capacity", "validFrom", "member"]).default("code"),
  dir: z.enum(["asc", "desc"]).default("asc"),
});
export type PointListQuery = z.input<typeof pointListQuery>;

export type PointListItem = MeteringPointDto & { memberReference: string; memberPseudonym: string };

const include = { member: { include: { personal: true } } } satisfies Prisma.MeteringPointInclude;

async function findPoints(db: Tx, scope: CommunityScope, query: PointListQuery, today: Date) {
  const q = pointListQuery.parse(query);
  const and: Prisma.MeteringPointWhereInput[] = [{ communityId: scope.communityId }];
  if (q.direction) and.push({ direction: q.direction });
  if (q.status === "active") and.push({ OR: [{ validTo: null }, { validTo: { gt: today } }] });
  if (q.status === "ended") and.push({ validTo: { lte: today } });
  if (q.search) {
    const contains = { contains: q.search, mode: "insensitive" as const };
    and.push({ OR: [{ code: contains }, { member: { reference: contains } }] });
  }
  const first: Prisma.MeteringPointOrderByWithRelationInput =
    q.sort === "direction" ? { direction: q.dir } : q.sort === "capacity" ? { capacityKw: q.dir } : q.sort === "validFrom" ? { validFrom: q.dir } : q.sort === "member" ? { member: { reference: q.dir } } : { code: q.dir };
  return db.meteringPoint.findMany({ where: { AND: and }, include, orderBy: [first, { code: "asc" }, { direction: "asc" }, { validFrom: "asc" }] });
}

export async function searchMeteringPoints(db: Tx, scope: CommunityScope, query: PointListQuery, today = new Date()): Promise<PointListItem[]> {
  const rows = await findPoints(db, scope, query, today);
  return rows.map((p) => ({ ...toMeteringPointDto(p), memberReference: p.member.reference, memberPseudonym: p.member.pseudonym }));
}

/** The point list under `query` as a file in the member import's layout; personal columns only for the municipality. */
export async function exportMeteringPoints(db: Tx, scope: CommunityScope, query: PointListQuery, format: ListFormat): Promise<ListFile> {
  const personal = scope.via === "municipality";
  const columns = memberFileColumns(personal);
  const rows = (await findPoints(db, scope, query, new Date())).map((p) => {
    const cells: Record<string, CsvValue> = {
      reference: p.member.reference,
      kind: p.member.kind.toLowerCase(),
      joined_on: dateToIso(p.member.joinedOn),
      member_type: p.member.memberType.toLowerCase(),
      vat_status: p.member.vatStatus.toLowerCase(),
      ...(personal ? { name: p.member.personal?.name ?? null, email: p.member.personal?.email ?? null, address: p.member.personal?.address ?? null, vat_id: p.member.vatId } : {}),
      metering_point: p.code,
      direction: p.direction.toLowerCase(),
      capacity_kw: p.capacityKw.toFixed(3),
      valid_from: dateToIso(p.validFrom),
      valid_to: p.validTo ? dateToIso(p.validTo) : null,
    };
    return columns.map((c) => cells[c] ?? null);
  });
  return listFile(format, "metering-points", "Metering points", columns, rows);
}
