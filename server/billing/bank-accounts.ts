// Bank data for SEPA files: a member's account and direct-debit mandate (personal data, set by the
// municipality's administrators, erased with the member's personal data) and an organization's bank
// identity (creditor of collections, debtor of payouts). The audit log records that bank data was set
// or changed, never the IBAN or holder itself (recordAudit redacts them): it is append-only, and
// erasure must leave nothing behind.
import type { Db, Tx } from "@/server/db/client";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { CommunityScope, OrgScope } from "@/server/access/scope";
import { AppError, notFound } from "@/server/errors";
import { dateToIso, isoToDate } from "@/server/shared/validation";
import { maskIban, type MemberBank, type OrgBank } from "./bank-schemas";

export interface MemberBankDto {
  accountHolder: string;
  iban: string;
  bic: string | null;
  mandateReference: string | null;
  mandateSignedOn: string | null;
}

const toDto = (b: { accountHolder: string; iban: string; bic: string | null; mandateReference: string | null; mandateSignedOn: Date | null }): MemberBankDto => ({
  accountHolder: b.accountHolder,
  iban: b.iban,
  bic: b.bic,
  mandateReference: b.mandateReference,
  mandateSignedOn: b.mandateSignedOn ? dateToIso(b.mandateSignedOn) : null,
});


async function memberInScope(db: Tx, scope: CommunityScope, memberId: string) {
  const m = await db.member.findFirst({ where: { id: memberId, communityId: scope.communityId }, select: { id: true, bankAccount: true } });
  if (!m) throw notFound("Member");
  return m;
}

/** The municipality's view of a member's bank data (the ESCO never reads it here, only inside payment files). */
export async function getMemberBank(db: Tx, scope: CommunityScope, memberId: string): Promise<MemberBankDto | null> {
  const m = await memberInScope(db, scope, memberId);
  return m.bankAccount ? toDto(m.bankAccount) : null;
}

/** Sets (or, with null, removes) a member's bank account and mandate. */
export async function setMemberBank(db: Db, actor: Actor, scope: CommunityScope, memberId: string, input: MemberBank | null): Promise<MemberBankDto | null> {
  return db.$transaction(async (tx) => {
    const m = await memberInScope(tx, scope, memberId);
    const before = m.bankAccount ? toDto(m.bankAccount) : null;
    if (input?.mandateReference) {
      const taken = await tx.memberBankAccount.findUnique({ where: { mandateReference: input.mandateReference }, select: { memberId: true } });
      if (taken && taken.memberId !== memberId) {
        throw new AppError("CONFLICT", "This mandate reference is already used by another member.", [{ where: "mandateReference", message: "Already used: a mandate reference must be unique for the creditor." }]);
      }
    }
    let after: MemberBankDto | null = null;
    if (input) {
      const data = { accountHolder: input.accountHolder, iban: input.iban, bic: input.bic, mandateReference: input.mandateReference, mandateSignedOn: input.mandateSignedOn ? isoToDate(input.mandateSignedOn) : null };
      after = toDto(await tx.memberBankAccount.upsert({ where: { memberId }, create: { memberId, ...data }, update: data }));
    } else if (before) {
      await tx.memberBankAccount.delete({ where: { memberId } });
    }
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "member.bank-account", objectType: "member", objectId: memberId, before, after });
    return after;
  });
}

/** What a resident sees of their own bank data: the IBAN masked, read only. */
export async function residentBank(db: Tx, memberId: string): Promise<{ accountHolder: string; iban: string; mandateReference: string | null; mandateSignedOn: string | null } | null> {
  const b = await db.memberBankAccount.findUnique({ where: { memberId } });
  if (!b) return null;
  const d = toDto(b);
  return { accountHolder: d.accountHolder, iban: maskIban(d.iban), mandateReference: d.mandateReference, mandateSignedOn: d.mandateSignedOn };
}

export interface OrgBankDto {
  accountHolder: string;
  iban: string;
  bic: string | null;
  creditorId: string | null;
}

export async function getOrgBank(db: Tx, scope: OrgScope): Promise<OrgBankDto | null> {
  const b = await db.organizationBankAccount.findUnique({ where: { orgId: scope.orgId } });
  return b ? { accountHolder: b.accountHolder, iban: b.iban, bic: b.bic, creditorId: b.creditorId } : null;
}

export async function setOrgBank(db: Db, actor: Actor, scope: OrgScope, input: OrgBank): Promise<OrgBankDto> {
  return db.$transaction(async (tx) => {
    const before = await getOrgBank(tx, scope);
    const b = await tx.organizationBankAccount.upsert({ where: { orgId: scope.orgId }, create: { orgId: scope.orgId, ...input }, update: input });
    const after: OrgBankDto = { accountHolder: b.accountHolder, iban: b.iban, bic: b.bic, creditorId: b.creditorId };
    await recordAudit(tx, actor, { orgId: scope.orgId, action: "organization.bank-account", objectType: "organization", objectId: scope.orgId, before, after });
    return after;
  });
}
