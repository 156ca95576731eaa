// Participation factors and moves that keep history (docs/adr/0009).
// A community settles only its share of a meter (code + direction); the shares of one meter over all
// communities it is assigned in never exceed 100 % on any day. Moves end an assignment and start a
// new one; settled periods are never changed (a date inside a finalized period is refused).
import { z } from "zod";
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { newPseudonym } from "@/server/members/pseudonym";
import { BASIS_POINTS_ONE } from "@/server/settlement/participation";
import { dateToIso, isoDate, isoToDate } from "@/server/shared/validation";

/** "60", "33.33": a percentage with at most two decimals, 0–100. */
export const percentInput = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, "A percentage from 0 to 100 with at most two decimals, e.g. 60 or 33.33.")
  .refine((p) => toBasisPoints(p) <= BASIS_POINTS_ONE, "At most 100 %.");

export function toBasisPoints(percent: string): number {
  const [whole, frac = ""] = percent.trim().split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/** 6000 → "60", 3333 → "33.33": exact, no float. */
export function formatPercent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

/** Serialises changes of one meter's assignments (the same lock as the trigger dajie_meter_factor_check). */
async function lockMeter(tx: Tx, meterId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(16016, hashtext(${meterId}::text))`;
}

/**
 * Refuses (400, nothing written: the caller's transaction rolls back) when the shares of `meterId`
 * exceed 100 % on some day, naming what the other communities hold that day — their names and
 * shares only, never their members.
 */
export async function assertMeterShares(tx: Tx, meterId: string, ownCommunityId: string, where = "percent"): Promise<void> {
  const [excess] = await tx.$queryRaw<{ day: Date; total_bp: bigint }[]>`SELECT "day", "total_bp" FROM dajie_meter_factor_excess(${meterId}::uuid)`;
  if (!excess) return;
  const day = dateToIso(excess.day);
  const others = await tx.$queryRaw<{ name: string; code: string; bp: number; since: Date }[]>`
    SELECT c.name, mp.code, coalesce(f.basis_points, 10000) AS bp, greatest(mp.valid_from, f.valid_from) AS since
    FROM metering_point mp JOIN community c ON c.id = mp.community_id
    LEFT JOIN LATERAL (SELECT pf.basis_points, pf.valid_from FROM participation_factor pf
                       WHERE pf.meter_id = mp.meter_id AND pf.community_id = mp.community_id AND pf.valid_from <= ${day}::date
                       ORDER BY pf.valid_from DESC LIMIT 1) f ON true
    WHERE mp.meter_id = ${meterId}::uuid AND mp.community_id <> ${ownCommunityId}::uuid
      AND mp.valid_from <= ${day}::date AND (mp.valid_to IS NULL OR mp.valid_to > ${day}::date)
    ORDER BY c.name`;
  const code = others[0]?.code ?? "This metering point";
  const held = others.reduce((s, o) => s + o.bp, 0);
  const left = Math.max(0, BASIS_POINTS_ONE - held);
  const parts = others.map((o) => `${formatPercent(o.bp)} % in ${o.name} from ${dateToIso(o.since)}`).join(", ");
  const message = others.length
    ? `${code} already takes part with ${parts}; at most ${formatPercent(left)} % is left.`
    : `The participation factors of this metering point would exceed 100 % on ${day}.`;
  throw new AppError("BAD_REQUEST", message, [{ where, message: `Over 100 % on ${day}.` }]);
}

/** A change from `from` on must not touch a finalized period of the community: runs are final. */
async function assertAfterSettled(tx: Tx, communityId: string, from: string, where: string) {
  const last = await tx.settlementRun.aggregate({ where: { communityId }, _max: { periodEnd: true } });
  const end = last._max.periodEnd ? dateToIso(last._max.periodEnd) : null;
  if (end && from < end) {
    throw new AppError("BAD_REQUEST", `The period up to ${end} is settled and final; choose ${end} or later.`, [{ where, message: `Settled up to ${end}.` }]);
  }
}

async function pointInScope(db: Tx, scope: CommunityScope, pointId: string) {
  const point = await db.meteringPoint.findFirst({ where: { id: pointId, communityId: scope.communityId } });
  if (!point) throw notFound("Metering point");
  return point;
}

export interface FactorVersion {
  validFrom: string;
  percent: string;
  basisPoints: number;
}

/** This community's factor versions of the point's meter (none = 100 %). Other communities' are not shown. */
export async function factorHistory(db: Tx, scope: CommunityScope, pointId: string): Promise<{ pointId: string; code: string; versions: FactorVersion[] }> {
  const point = await pointInScope(db, scope, pointId);
  const rows = await db.participationFactor.findMany({ where: { communityId: scope.communityId, meterId: point.meterId }, orderBy: { validFrom: "asc" } });
  return { pointId, code: point.code, versions: rows.map((r) => ({ validFrom: dateToIso(r.validFrom), percent: formatPercent(r.basisPoints), basisPoints: r.basisPoints })) };
}

export const setFactorInput = z.object({ pointId: z.uuid(), validFrom: isoDate, percent: percentInput });

/** Sets the community's share of the point's meter from a local date on (the same date again replaces that version). */
export async function setParticipationFactor(db: Db, actor: Actor, scope: CommunityScope, input: z.infer<typeof setFactorInput>): Promise<FactorVersion> {
  const point = await pointInScope(db, scope, input.pointId);
  const basisPoints = toBasisPoints(input.percent);
  return db.$transaction(async (tx) => {
    await lockMeter(tx, point.meterId);
    await assertAfterSettled(tx, scope.communityId, input.validFrom, "validFrom");
    const key = { communityId: scope.communityId, meterId: point.meterId, validFrom: isoToDate(input.validFrom) };
    const before = await tx.participationFactor.findUnique({ where: { communityId_meterId_validFrom: key } });
    await tx.participationFactor.upsert({ where: { communityId_meterId_validFrom: key }, create: { ...key, basisPoints }, update: { basisPoints } });
    await assertMeterShares(tx, point.meterId, scope.communityId);
    const after = { validFrom: input.validFrom, percent: formatPercent(basisPoints), basisPoints };
    await recordAudit(tx, actor, {
      orgId: scope.orgId,
      communityId: scope.communityId,
      action: "metering-point.factor",
      objectType: "metering-point",
      objectId: point.id,
      before: before ? { validFrom: input.validFrom, basisPoints: before.basisPoints } : undefined,
      after: { code: point.code, direction: point.direction, ...after },
    });
    return after;
  });
}

export const movePointInput = z.object({ pointId: z.uuid(), toMemberId: z.uuid(), from: isoDate });

/**
 * Moves a metering point to another member of the same community from `from` on: the old assignment
 * ends at `from` (exclusive), a new one starts there with the same meter, capacity and end. Readings
 * belong to the meter, so nothing is copied; the community's factor belongs to (community, meter) and
 * carries on. Refused inside a finalized period.
 */
export async function moveMeteringPoint(db: Db, actor: Actor, scope: CommunityScope, input: z.infer<typeof movePointInput>) {
  const point = await pointInScope(db, scope, input.pointId);
  const to = await db.member.findFirst({ where: { id: input.toMemberId, communityId: scope.communityId } });
  if (!to) throw notFound("Member");
  const validFrom = dateToIso(point.validFrom);
  const validTo = point.validTo ? dateToIso(point.validTo) : null;
  if (to.id === point.memberId) throw new AppError("BAD_REQUEST", "The metering point already belongs to this member.", [{ where: "toMemberId", message: "Choose another member." }]);
  if (input.from <= validFrom || (validTo && input.from >= validTo)) {
    throw new AppError("BAD_REQUEST", `The move must fall inside the point's validity (${validFrom} – ${validTo ?? "open"}), after its first day.`, [{ where: "from", message: "Outside the point's validity." }]);
  }
  const joined = dateToIso(to.joinedOn);
  const left = to.leftOn ? dateToIso(to.leftOn) : null;
  if (input.from < joined || (left && input.from >= left)) {
    throw new AppError("BAD_REQUEST", `The new member is a member ${joined} – ${left ?? "open"}, not on ${input.from}.`, [{ where: "toMemberId", message: "Not a member on that day." }]);
  }
  return db.$transaction(async (tx) => {
    await lockMeter(tx, point.meterId);
    await assertAfterSettled(tx, scope.communityId, input.from, "from");
    await tx.meteringPoint.update({ where: { id: point.id }, data: { validTo: isoToDate(input.from) } });
    const moved = await tx.meteringPoint.create({
      data: { communityId: scope.communityId, memberId: to.id, code: point.code, direction: point.direction, capacityKw: point.capacityKw, validFrom: isoToDate(input.from), validTo: point.validTo },
    });
    await assertMeterShares(tx, point.meterId, scope.communityId, "from");
    await recordAudit(tx, actor, {
      orgId: scope.orgId,
      communityId: scope.communityId,
      action: "metering-point.move",
      objectType: "metering-point",
      objectId: point.id,
      before: { memberId: point.memberId, validTo },
      after: { endedOn: input.from, newPointId: moved.id, memberId: to.id, validFrom: input.from, validTo },
    });
    return { endedPointId: point.id, newPointId: moved.id, from: input.from };
  });
}

export const moveMemberInput = z.object({ memberId: z.uuid(), toCommunityId: z.uuid(), from: isoDate });

/**
 * Moves a member to another community of the same municipality from `from` on: the membership and the
 * member's points end at `from`; a new member (new pseudonym: the ledgers of two communities are not
 * linked publicly) with a copy of the personal data and the same resident account starts there, with
 * the same points and the share each had. Both communities' finalized periods are refused.
 * `target` is the caller's scope in the other community (resolved with "manage" by the router).
 */
export async function moveMember(db: Db, actor: Actor, scope: CommunityScope, target: CommunityScope, input: z.infer<typeof moveMemberInput>) {
  const member = await db.member.findFirst({ where: { id: input.memberId, communityId: scope.communityId }, include: { personal: true } });
  if (!member) throw notFound("Member");
  if (target.communityId === scope.communityId) throw new AppError("BAD_REQUEST", "The member already belongs to this community.", [{ where: "toCommunityId", message: "Choose another community." }]);
  if (target.municipalityId !== scope.municipalityId) {
    throw new AppError("BAD_REQUEST", "A member can move only to another community of the same municipality.", [{ where: "toCommunityId", message: "Another municipality's community." }]);
  }
  const joined = dateToIso(member.joinedOn);
  const left = member.leftOn ? dateToIso(member.leftOn) : null;
  if (input.from <= joined || (left && input.from >= left)) {
    throw new AppError("BAD_REQUEST", `The move must fall inside the membership (${joined} – ${left ?? "open"}), after its first day.`, [{ where: "from", message: "Outside the membership." }]);
  }
  const clash = await db.member.findFirst({ where: { communityId: target.communityId, reference: member.reference } });
  if (clash) throw new AppError("CONFLICT", `The other community already has a member with reference ${member.reference}.`, [{ where: "memberId", message: "Reference taken there." }]);
  const fromDate = isoToDate(input.from);
  return db.$transaction(async (tx) => {
    await assertAfterSettled(tx, scope.communityId, input.from, "from");
    await assertAfterSettled(tx, target.communityId, input.from, "from");
    const points = await tx.meteringPoint.findMany({
      where: { memberId: member.id, communityId: scope.communityId, OR: [{ validTo: null }, { validTo: { gt: fromDate } }] },
      orderBy: { id: "asc" },
    });
    for (const p of points) await lockMeter(tx, p.meterId);
    await tx.member.update({ where: { id: member.id }, data: { leftOn: fromDate } });
    const moved = await tx.member.create({
      data: {
        communityId: target.communityId,
        pseudonym: newPseudonym(),
        reference: member.reference,
        kind: member.kind,
        joinedOn: fromDate,
        leftOn: member.leftOn,
        userId: member.userId,
        personal: member.personal ? { create: { name: member.personal.name, email: member.personal.email, address: member.personal.address } } : undefined,
      },
    });
    const newPoints: string[] = [];
    for (const p of points) {
      const start = p.validFrom > fromDate ? p.validFrom : fromDate;
      // The share the source community had when the point leaves it goes with the point.
      const share = await tx.participationFactor.findFirst({ where: { communityId: scope.communityId, meterId: p.meterId, validFrom: { lte: start } }, orderBy: { validFrom: "desc" } });
      // A point that starts only after the move never counted here: it goes over as it is.
      const np =
        p.validFrom >= fromDate
          ? await tx.meteringPoint.update({ where: { id: p.id }, data: { communityId: target.communityId, memberId: moved.id } })
          : (await tx.meteringPoint.update({ where: { id: p.id }, data: { validTo: fromDate } }),
            await tx.meteringPoint.create({ data: { communityId: target.communityId, memberId: moved.id, code: p.code, direction: p.direction, capacityKw: p.capacityKw, validFrom: start, validTo: p.validTo } }));
      if (share && share.basisPoints !== BASIS_POINTS_ONE) {
        await tx.participationFactor.upsert({
          where: { communityId_meterId_validFrom: { communityId: target.communityId, meterId: p.meterId, validFrom: start } },
          create: { communityId: target.communityId, meterId: p.meterId, validFrom: start, basisPoints: share.basisPoints },
          update: { basisPoints: share.basisPoints },
        });
      }
      await assertMeterShares(tx, p.meterId, target.communityId, "from");
      newPoints.push(np.id);
    }
    const audit = { action: "member.move", objectType: "member", before: { communityId: scope.communityId, leftOn: left }, after: { leftOn: input.from, newMemberId: moved.id, toCommunityId: target.communityId, points: newPoints.length } };
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, objectId: member.id, ...audit });
    await recordAudit(tx, actor, { orgId: target.orgId, communityId: target.communityId, objectId: moved.id, ...audit });
    return { endedMemberId: member.id, newMemberId: moved.id, newPseudonym: moved.pseudonym, from: input.from, points: newPoints.length };
  });
}
