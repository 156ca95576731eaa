// Erasure of a resident's personal data (GDPR art. 17). The resident asks; an administrator of the
// municipality carries it out. Erasing deletes the member's personal data, bank account and mandate,
// and invitations (which hold the e-mail) and unlinks the account (deleting it when it has no other use); the member row and its
// pseudonym stay, because the ledger refers to them — the ledger holds no personal data, so it stays
// verifiable. Both steps are audited without the erased values.
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { forgetUser } from "@/server/auth/session-cache";
import { AppError, notFound } from "@/server/errors";
import type { OwnMember } from "./own-member";

export interface ErasureRequestDto {
  id: string;
  requestedAt: string;
  doneAt: string | null;
}

const dto = (r: { id: string; requestedAt: Date; doneAt: Date | null }): ErasureRequestDto => ({ id: r.id, requestedAt: r.requestedAt.toISOString(), doneAt: r.doneAt?.toISOString() ?? null });

/** Records the request; asking again while one is open returns the open one. */
export async function requestErasure(db: Db, actor: Actor, member: OwnMember): Promise<ErasureRequestDto> {
  return db.$transaction(async (tx) => {
    const open = await tx.erasureRequest.findFirst({ where: { memberId: member.id, doneAt: null } });
    if (open) return dto(open);
    const community = await tx.community.findUniqueOrThrow({ where: { id: member.communityId }, select: { municipalityId: true } });
    const created = await tx.erasureRequest.create({ data: { memberId: member.id, communityId: member.communityId, requestedBy: actor.userId } });
    await recordAudit(tx, actor, {
      orgId: community.municipalityId,
      communityId: member.communityId,
      action: "member.erasure-request",
      objectType: "member",
      objectId: member.id,
      after: { request: created.id, pseudonym: member.pseudonym },
    });
    return dto(created);
  });
}

export interface ErasureOutcome {
  memberId: string;
  pseudonym: string;
  erasedAt: string;
  accountUnlinked: boolean;
  accountDeleted: boolean;
}

/** Carries out the erasure of a member of the scope's community (open request or not). */
export async function eraseMember(db: Db, actor: Actor, scope: CommunityScope, memberId: string): Promise<ErasureOutcome> {
  let deletedUserId: string | null = null;
  const outcome = await db.$transaction(async (tx) => {
    const member = await tx.member.findFirst({ where: { id: memberId, communityId: scope.communityId }, select: { id: true, pseudonym: true, userId: true, personal: { select: { memberId: true } }, bankAccount: { select: { memberId: true } }, mandates: { select: { id: true }, take: 1 } } });
    if (!member) throw notFound("Member");
    const open = await tx.erasureRequest.findFirst({ where: { memberId, doneAt: null } });
    if (!member.personal && !member.bankAccount && member.mandates.length === 0 && !member.userId && !open) throw new AppError("CONFLICT", "This member's personal data has already been erased.");
    const now = new Date();
    await tx.memberPersonalData.deleteMany({ where: { memberId } });
    await tx.memberBankAccount.deleteMany({ where: { memberId } });
    await tx.memberMandate.deleteMany({ where: { memberId } }); // the mandate history goes with the account
    await tx.invitation.deleteMany({ where: { memberId } });
    // The person's devices stop reading the member's data with the account link (rows kept for the record).
    const devicesRevoked = (await tx.deviceToken.updateMany({ where: { memberId, revokedAt: null }, data: { revokedAt: now } })).count;
    let accountDeleted = false;
    if (member.userId) {
      await tx.member.update({ where: { id: memberId }, data: { userId: null, statementMailLocale: null } });
      // The account exists only to see this member's page: with nothing else to it, it goes too.
      const [otherMembers, orgs, user] = await Promise.all([
        tx.member.count({ where: { userId: member.userId } }),
        tx.orgMembership.count({ where: { userId: member.userId } }),
        tx.user.findUnique({ where: { id: member.userId }, select: { platformAdmin: true } }),
      ]);
      if (otherMembers === 0 && orgs === 0 && user && !user.platformAdmin) {
        await tx.user.delete({ where: { id: member.userId } });
        accountDeleted = true;
        deletedUserId = member.userId;
      }
    }
    if (open) await tx.erasureRequest.update({ where: { id: open.id }, data: { doneAt: now, doneBy: actor.userId } });
    await recordAudit(tx, actor, {
      orgId: scope.orgId,
      communityId: scope.communityId,
      action: "member.erase",
      objectType: "member",
      objectId: memberId,
      after: { pseudonym: member.pseudonym, erased: ["name", "email", "address", "bank account and mandate", "invitations"], accountUnlinked: member.userId !== null, accountDeleted, devicesRevoked, request: open?.id ?? null },
    });
    return { memberId, pseudonym: member.pseudonym, erasedAt: now.toISOString(), accountUnlinked: member.userId !== null, accountDeleted };
  });
  // The deleted account's sessions went with it: none may stay in this process's session cache.
  if (deletedUserId) forgetUser(deletedUserId);
  return outcome;
}
