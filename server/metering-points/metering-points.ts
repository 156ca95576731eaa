// Metering points: the grid operator's id, direction, capacity and validity [validFrom, validTo).
// The same id and direction may not be valid twice on the same day — checked here with a clear
// message, and enforced by an exclusion constraint in the database as a backstop.
import type { MeteringPoint } from "@/generated/prisma/client";
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import type { MeteringPointInput } from "@/server/members/schemas";
import { dateToIso, isoToDate } from "@/server/shared/validation";
import { assertMeterShares, toBasisPoints } from "./participation";

export interface MeteringPointDto {
  id: string;
  memberId: string;
  code: string;
  direction: "CONSUMPTION" | "INJECTION";
  capacityKw: string;
  validFrom: string;
  validTo: string | null;
}

export function toMeteringPointDto(p: MeteringPoint): MeteringPointDto {
  return {
    id: p.id,
    memberId: p.memberId,
    code: p.code,
    direction: p.direction,
    capacityKw: p.capacityKw.toFixed(3),
    validFrom: dateToIso(p.validFrom),
    validTo: p.validTo ? dateToIso(p.validTo) : null,
  };
}

const overlaps = (aFrom: string, aTo: string | null, bFrom: string, bTo: string | null) => aFrom < (bTo ?? "9999-12-31") && bFrom < (aTo ?? "9999-12-31");

/**
 * Inputs (by index) whose id and direction are already registered in this community for an
 * overlapping period. Other communities may hold the same meter at the same time, each with its
 * share (participation.ts); they are not looked at here, and not revealed.
 */
export async function findOverlappingPoints(db: Tx, inputs: MeteringPointInput[], exceptId?: string, communityId?: string) {
  if (inputs.length === 0) return [];
  const existing = await db.meteringPoint.findMany({ where: { code: { in: [...new Set(inputs.map((i) => i.code))] }, ...(communityId ? { communityId } : {}) } });
  const found: { index: number; code: string; validFrom: string; validTo: string | null }[] = [];
  inputs.forEach((input, index) => {
    const clash = existing
      .map(toMeteringPointDto)
      .find((e) => e.id !== exceptId && e.code === input.code && e.direction === input.direction && overlaps(e.validFrom, e.validTo, input.validFrom, input.validTo ?? null));
    if (clash) found.push({ index, code: clash.code, validFrom: clash.validFrom, validTo: clash.validTo });
  });
  return found;
}

export async function createMeteringPointRows(tx: Tx, communityId: string, memberId: string, inputs: MeteringPointInput[]): Promise<number> {
  const created = await tx.meteringPoint.createManyAndReturn({
    data: inputs.map((i) => ({
      communityId,
      memberId,
      code: i.code,
      direction: i.direction,
      capacityKw: i.capacityKw,
      validFrom: isoToDate(i.validFrom),
      validTo: i.validTo ? isoToDate(i.validTo) : null,
    })),
    select: { meterId: true },
  });
  // A meter another community already holds fully: a clear 400 rather than the trigger's error at commit.
  for (const p of created) await assertMeterShares(tx, p.meterId, communityId, "code");
  return created.length;
}

export async function listMeteringPoints(db: Tx, scope: CommunityScope): Promise<(MeteringPointDto & { memberReference: string; memberPseudonym: string })[]> {
  const rows = await db.meteringPoint.findMany({
    where: { communityId: scope.communityId },
    include: { member: { select: { reference: true, pseudonym: true } } },
    orderBy: [{ code: "asc" }, { direction: "asc" }, { validFrom: "asc" }],
  });
  return rows.map((p) => ({ ...toMeteringPointDto(p), memberReference: p.member.reference, memberPseudonym: p.member.pseudonym }));
}

/** `percent`: the community's share of the meter from the point's first day (default 100 %; ADR 0009). */
export async function addMeteringPoint(db: Db, actor: Actor, scope: CommunityScope, memberId: string, input: MeteringPointInput, percent?: string): Promise<MeteringPointDto> {
  const member = await db.member.findFirst({ where: { id: memberId, communityId: scope.communityId } });
  if (!member) throw notFound("Member");
  const joined = dateToIso(member.joinedOn);
  const left = member.leftOn ? dateToIso(member.leftOn) : null;
  if (input.validFrom < joined) throw new AppError("BAD_REQUEST", "The metering point cannot start before the member joined.", [{ where: "validFrom", message: `The member joined on ${joined}.` }]);
  if (left && (input.validFrom >= left || !input.validTo || input.validTo > left)) {
    throw new AppError("BAD_REQUEST", "The metering point must end when the membership ends.", [{ where: "validTo", message: `The membership ends on ${left}.` }]);
  }
  const [clash] = await findOverlappingPoints(db, [input], undefined, scope.communityId);
  if (clash) {
    throw new AppError("CONFLICT", `Metering point ${clash.code} is already registered for an overlapping period.`, [
      { where: "code", message: `Registered from ${clash.validFrom}${clash.validTo ? ` to ${clash.validTo}` : " with no end"}.` },
    ]);
  }
  const point = await db.$transaction(async (tx) => {
    const p = await tx.meteringPoint.create({
      data: { communityId: scope.communityId, memberId, code: input.code, direction: input.direction, capacityKw: input.capacityKw, validFrom: isoToDate(input.validFrom), validTo: input.validTo ? isoToDate(input.validTo) : null },
    });
    if (percent !== undefined) {
      const key = { communityId: scope.communityId, meterId: p.meterId, validFrom: p.validFrom };
      await tx.participationFactor.upsert({ where: { communityId_meterId_validFrom: key }, create: { ...key, basisPoints: toBasisPoints(percent) }, update: { basisPoints: toBasisPoints(percent) } });
    }
    await assertMeterShares(tx, p.meterId, scope.communityId, percent === undefined ? "code" : "percent");
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "metering-point.create", objectType: "metering-point", objectId: p.id, after: toMeteringPointDto(p) });
    return p;
  });
  return toMeteringPointDto(point);
}

/** Ends a metering point's validity on `validTo` (exclusive). */
export async function closeMeteringPoint(db: Db, actor: Actor, scope: CommunityScope, pointId: string, validTo: string): Promise<MeteringPointDto> {
  const point = await db.meteringPoint.findFirst({ where: { id: pointId, communityId: scope.communityId } });
  if (!point) throw notFound("Metering point");
  const before = toMeteringPointDto(point);
  if (validTo <= before.validFrom) throw new AppError("BAD_REQUEST", "The end must be after the start.", [{ where: "validTo", message: `It starts on ${before.validFrom}.` }]);
  if (before.validTo && validTo > before.validTo) throw new AppError("BAD_REQUEST", "A metering point can be ended earlier, not extended.", [{ where: "validTo", message: `It already ends on ${before.validTo}.` }]);
  const after = await db.$transaction(async (tx) => {
    const p = await tx.meteringPoint.update({ where: { id: pointId }, data: { validTo: isoToDate(validTo) } });
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "metering-point.close", objectType: "metering-point", objectId: pointId, before, after: toMeteringPointDto(p) });
    return p;
  });
  return toMeteringPointDto(after);
}
