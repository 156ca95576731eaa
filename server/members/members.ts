// Members of a community and their personal data (kept in a separate table so it can be erased).
import type { Prisma } from "@/generated/prisma/client";
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError, notFound, type FieldProblem } from "@/server/errors";
import { createMeteringPointRows, findOverlappingPoints, type MeteringPointDto, toMeteringPointDto } from "@/server/metering-points/metering-points";
import { dateToIso, isoToDate } from "@/server/shared/validation";
import { csvLines, readMemberCsv, type Locate, type MemberCsvResult } from "./member-csv";
import { newPseudonym } from "./pseudonym";
import type { MemberInput } from "./schemas";
import type { MemberType, VatStatus } from "./vat-id";

export interface MemberDto {
  id: string;
  pseudonym: string;
  reference: string;
  kind: "CONSUMER" | "PRODUCER" | "PROSUMER";
  /** Private person, company, farmer, association or public body; with the VAT id and status (vat-id.ts). */
  memberType: MemberType;
  vatId: string | null;
  vatStatus: VatStatus;
  joinedOn: string;
  leftOn: string | null;
  hasAccount: boolean;
  /** Only for the owning municipality; an ESCO sees members without personal data. */
  personal: { name: string | null; email: string | null; address: string | null } | null;
  /** Only for the owning municipality: the resident's latest erasure request (open or carried out). */
  erasure: { requestedAt: string; doneAt: string | null } | null;
  meteringPoints: MeteringPointDto[];
}

/** What a member's DTO is built from (member-list.ts reads with it too). */
export const include = {
  personal: true,
  meteringPoints: { orderBy: [{ code: "asc" }, { validFrom: "asc" }] },
  erasureRequests: { orderBy: { requestedAt: "desc" }, take: 1, select: { requestedAt: true, doneAt: true } },
} satisfies Prisma.MemberInclude;
type Loaded = Prisma.MemberGetPayload<{ include: typeof include }>;

export function toDto(m: Loaded, withPersonal: boolean): MemberDto {
  return {
    id: m.id,
    pseudonym: m.pseudonym,
    reference: m.reference,
    kind: m.kind,
    memberType: m.memberType,
    vatId: m.vatId,
    vatStatus: m.vatStatus,
    joinedOn: dateToIso(m.joinedOn),
    leftOn: m.leftOn ? dateToIso(m.leftOn) : null,
    hasAccount: m.userId !== null,
    personal: withPersonal ? { name: m.personal?.name ?? null, email: m.personal?.email ?? null, address: m.personal?.address ?? null } : null,
    erasure: withPersonal && m.erasureRequests[0] ? { requestedAt: m.erasureRequests[0].requestedAt.toISOString(), doneAt: m.erasureRequests[0].doneAt?.toISOString() ?? null } : null,
    meteringPoints: m.meteringPoints.map(toMeteringPointDto),
  };
}

const withPersonal = (scope: CommunityScope) => scope.via === "municipality";

export async function listMembers(db: Tx, scope: CommunityScope): Promise<MemberDto[]> {
  const rows = await db.member.findMany({ where: { communityId: scope.communityId }, include, orderBy: { reference: "asc" } });
  return rows.map((m) => toDto(m, withPersonal(scope)));
}

export async function getMember(db: Tx, scope: CommunityScope, memberId: string): Promise<MemberDto> {
  // Filtered by community: a member id from another community is simply not found.
  const m = await db.member.findFirst({ where: { id: memberId, communityId: scope.communityId }, include });
  if (!m) throw notFound("Member");
  return toDto(m, withPersonal(scope));
}

/** The member type and VAT columns (validated together by memberInput). */
function vatColumns(input: MemberInput) {
  return { memberType: input.memberType, vatId: input.vatId, vatStatus: input.vatStatus };
}

function personalColumns(input: MemberInput) {
  return { name: input.name ?? null, email: input.email ?? null, address: input.address ?? null };
}

async function assertReferenceFree(db: Tx, communityId: string, reference: string, exceptId?: string) {
  const taken = await db.member.findUnique({ where: { communityId_reference: { communityId, reference } }, select: { id: true } });
  if (taken && taken.id !== exceptId) throw new AppError("CONFLICT", "Another member already has this reference.", [{ where: "reference", message: `${reference} is already used in this community.` }]);
}

export async function createMember(db: Db, actor: Actor, scope: CommunityScope, input: MemberInput): Promise<MemberDto> {
  await assertReferenceFree(db, scope.communityId, input.reference);
  const id = await db.$transaction(async (tx) => {
    const m = await tx.member.create({
      data: {
        communityId: scope.communityId,
        pseudonym: newPseudonym(),
        reference: input.reference,
        kind: input.kind,
        ...vatColumns(input),
        joinedOn: isoToDate(input.joinedOn),
        personal: { create: personalColumns(input) },
      },
    });
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "member.create", objectType: "member", objectId: m.id, after: { ...m, personal: personalColumns(input) } });
    return m.id;
  });
  return getMember(db, scope, id);
}

export async function updateMember(db: Db, actor: Actor, scope: CommunityScope, memberId: string, input: MemberInput): Promise<MemberDto> {
  const before = await getMember(db, scope, memberId);
  await assertReferenceFree(db, scope.communityId, input.reference, memberId);
  const earliestPoint = before.meteringPoints.reduce<string | null>((min, p) => (min === null || p.validFrom < min ? p.validFrom : min), null);
  if (earliestPoint && input.joinedOn > earliestPoint) {
    throw new AppError("BAD_REQUEST", "The member has metering points before this date.", [{ where: "joinedOn", message: `A metering point starts on ${earliestPoint}.` }]);
  }
  await db.$transaction(async (tx) => {
    await tx.member.update({
      where: { id: memberId },
      data: {
        reference: input.reference,
        kind: input.kind,
        ...vatColumns(input),
        joinedOn: isoToDate(input.joinedOn),
        personal: { upsert: { create: personalColumns(input), update: personalColumns(input) } },
      },
    });
    const after = { ...before, reference: input.reference, kind: input.kind, ...vatColumns(input), joinedOn: input.joinedOn, personal: personalColumns(input), meteringPoints: undefined };
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "member.update", objectType: "member", objectId: memberId, before: { ...before, meteringPoints: undefined }, after });
  });
  return getMember(db, scope, memberId);
}

/** Ends the membership on `leftOn` (exclusive) and ends the member's metering points there too. */
export async function endMembership(db: Db, actor: Actor, scope: CommunityScope, memberId: string, leftOn: string): Promise<MemberDto> {
  const before = await getMember(db, scope, memberId);
  if (before.leftOn) throw new AppError("CONFLICT", `This membership already ended on ${before.leftOn}.`);
  if (leftOn <= before.joinedOn) throw new AppError("BAD_REQUEST", "The end must be after the day the member joined.", [{ where: "leftOn", message: `The member joined on ${before.joinedOn}.` }]);
  const laterPoint = before.meteringPoints.find((p) => p.validFrom >= leftOn);
  if (laterPoint) throw new AppError("BAD_REQUEST", `Metering point ${laterPoint.code} starts on ${laterPoint.validFrom}, after this end.`, [{ where: "leftOn", message: "Remove or move that metering point first." }]);
  await db.$transaction(async (tx) => {
    await tx.member.update({ where: { id: memberId }, data: { leftOn: isoToDate(leftOn) } });
    await tx.meteringPoint.updateMany({
      where: { memberId, OR: [{ validTo: null }, { validTo: { gt: isoToDate(leftOn) } }] },
      data: { validTo: isoToDate(leftOn) },
    });
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "member.end", objectType: "member", objectId: memberId, before: { leftOn: null }, after: { leftOn } });
  });
  return getMember(db, scope, memberId);
}

export interface ImportSummary {
  members: number;
  meteringPoints: number;
}

/**
 * Imports a member list all-or-nothing: every line is checked (file syntax, fields, references already
 * in use, metering points overlapping existing ones) before anything is written, and the writes happen
 * in one transaction. Any problem → BAD_REQUEST listing every problem with its line; nothing imported.
 */
export async function importMembersCsv(db: Db, actor: Actor, scope: CommunityScope, csv: string): Promise<ImportSummary> {
  return importMemberList(db, actor, scope, readMemberCsv(csv), csvLines);
}

/** The import of a list already read (a CSV file's lines or a spreadsheet's rows: `locate` names them). */
export async function importMemberList(db: Db, actor: Actor, scope: CommunityScope, read: MemberCsvResult, locate: Locate, source: "csv" | "xlsx" = "csv"): Promise<ImportSummary> {
  const { members, problems } = read;
  if (problems.length === 0) problems.push(...(await conflictsWithDatabase(db, scope.communityId, members, locate, read.columns ?? [])));
  if (problems.length) throw new AppError("BAD_REQUEST", `The file was not imported: ${problems.length} problem${problems.length === 1 ? "" : "s"}. Nothing was changed.`, problems);

  return db.$transaction(
    async (tx) => {
      let points = 0;
      for (const parsed of members) {
        const m = await tx.member.create({
          data: {
            communityId: scope.communityId,
            pseudonym: newPseudonym(),
            reference: parsed.member.reference,
            kind: parsed.member.kind,
            ...vatColumns(parsed.member),
            joinedOn: isoToDate(parsed.member.joinedOn),
            personal: { create: personalColumns(parsed.member) },
          },
        });
        points += await createMeteringPointRows(tx, scope.communityId, m.id, parsed.meteringPoints.map((p) => p.input));
      }
      await recordAudit(tx, actor, {
        orgId: scope.orgId,
        communityId: scope.communityId,
        action: "member.import-csv",
        objectType: "community",
        objectId: scope.communityId,
        after: { members: members.length, meteringPoints: points, references: members.map((m) => m.member.reference), ...(source === "xlsx" ? { file: "xlsx" } : {}) },
      });
      return { members: members.length, meteringPoints: points };
    },
    { timeout: 120_000 },
  );
}

async function conflictsWithDatabase(db: Tx, communityId: string, members: MemberCsvResult["members"], locate: Locate, columns: string[]): Promise<FieldProblem[]> {
  const problems: (FieldProblem & { line: number })[] = [];
  const col = (name: string) => (columns.indexOf(name) >= 0 ? columns.indexOf(name) : undefined);
  const existing = await db.member.findMany({ where: { communityId, reference: { in: members.map((m) => m.member.reference) } }, select: { reference: true } });
  const taken = new Set(existing.map((e) => e.reference));
  for (const m of members) {
    if (taken.has(m.member.reference)) problems.push({ where: locate(m.line, col("reference")), line: m.line, message: `reference: ${m.member.reference} already exists in this community` });
  }
  const points = members.flatMap((m) => m.meteringPoints);
  for (const overlap of await findOverlappingPoints(db, points.map((p) => p.input), undefined, communityId)) {
    const line = points[overlap.index]!.line;
    problems.push({ where: locate(line, col("metering_point")), line, message: `metering_point: ${overlap.code} is already registered from ${overlap.validFrom}${overlap.validTo ? ` to ${overlap.validTo}` : ""}` });
  }
  return problems.sort((a, b) => a.line - b.line).map(({ where, message }) => ({ where, message }));
}
