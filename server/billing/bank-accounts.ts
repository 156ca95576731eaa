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

export interface MandateDto {
  reference: string;
  /** SEPA Direct Debit scheme: the pain.008 local instrument. */
  scheme: "CORE" | "B2B";
  signedOn: string;
  /** When it became the member's mandate in Dajie (ISO time). */
  validFrom: string;
  /** When a later mandate replaced it or it was withdrawn; null while current. */
  revokedAt: string | null;
}

export interface MemberBankDto {
  accountHolder: string;
  iban: string;
  bic: string | null;
  /** The current mandate (null: none). */
  mandateReference: string | null;
  mandateSignedOn: string | null;
  mandateScheme: "CORE" | "B2B" | null;
  /** Every mandate of the member, newest first (the current one first when there is one). */
  mandates: MandateDto[];
}

type MandateRow = { reference: string; scheme: "CORE" | "B2B"; signedOn: Date; validFrom: Date; revokedAt: Date | null };
const toMandate = (m: MandateRow): MandateDto => ({ reference: m.reference, scheme: m.scheme, signedOn: dateToIso(m.signedOn), validFrom: m.validFrom.toISOString(), revokedAt: m.revokedAt?.toISOString() ?? null });

const toDto = (b: { accountHolder: string; iban: string; bic: string | null }, mandates: readonly MandateRow[]): MemberBankDto => {
  const current = mandates.find((m) => m.revokedAt === null) ?? null;
  return {
    accountHolder: b.accountHolder,
    iban: b.iban,
    bic: b.bic,
    mandateReference: current?.reference ?? null,
    mandateSignedOn: current ? dateToIso(current.signedOn) : null,
    mandateScheme: current?.scheme ?? null,
    mandates: mandates.map(toMandate),
  };
};

/** What the audit log gets: the account and the current mandate (markers for personal values), not the history. */
const auditView = (d: MemberBankDto | null) => (d ? { accountHolder: d.accountHolder, iban: d.iban, bic: d.bic, mandateReference: d.mandateReference, mandateSignedOn: d.mandateSignedOn, mandateScheme: d.mandateScheme } : null);

const mandateOrder = [{ validFrom: "desc" as const }, { id: "asc" as const }];

async function memberInScope(db: Tx, scope: CommunityScope, memberId: string) {
  const m = await db.member.findFirst({ where: { id: memberId, communityId: scope.communityId }, select: { id: true, bankAccount: true, mandates: { orderBy: mandateOrder } } });
  if (!m) throw notFound("Member");
  return m;
}

/** The municipality's view of a member's bank data and mandate history (the ESCO never reads it here, only inside payment files). */
export async function getMemberBank(db: Tx, scope: CommunityScope, memberId: string): Promise<MemberBankDto | null> {
  const m = await memberInScope(db, scope, memberId);
  return m.bankAccount ? toDto(m.bankAccount, m.mandates) : null;
}

/**
 * Sets (or, with null, removes) a member's bank account and mandate. A mandate with a new reference
 * replaces the current one, which is kept as history (revoked now); no mandate revokes the current one.
 * The same reference with another scheme or signing date is refused: under the SEPA rulebooks that is a
 * new mandate, which has a reference of its own.
 */
export async function setMemberBank(db: Db, actor: Actor, scope: CommunityScope, memberId: string, input: MemberBank | null, now = new Date()): Promise<MemberBankDto | null> {
  return db.$transaction(async (tx) => {
    const m = await memberInScope(tx, scope, memberId);
    const before = m.bankAccount ? toDto(m.bankAccount, m.mandates) : null;
    const current = m.mandates.find((x) => x.revokedAt === null) ?? null;
    if (input?.mandateReference && input.mandateReference !== current?.reference) {
      const taken = await tx.memberMandate.findUnique({ where: { reference: input.mandateReference }, select: { memberId: true } });
      if (taken) {
        const message = taken.memberId === memberId ? "Already used by an earlier mandate of this member: a new mandate needs a new reference." : "Already used: a mandate reference must be unique for the creditor.";
        throw new AppError("CONFLICT", taken.memberId === memberId ? "This mandate reference was used by an earlier mandate of the member." : "This mandate reference is already used by another member.", [{ where: "mandateReference", message }]);
      }
    }
    if (input?.mandateReference && current && input.mandateReference === current.reference) {
      const changed = input.mandateScheme !== current.scheme ? "mandateScheme" : input.mandateSignedOn !== dateToIso(current.signedOn) ? "mandateSignedOn" : null;
      if (changed) throw new AppError("BAD_REQUEST", "A mandate with another scheme or signing date is a new mandate.", [{ where: changed, message: "A new mandate needs a reference of its own; the current one is kept as history." }]);
    }
    const keepCurrent = current !== null && input?.mandateReference === current.reference;
    if (current && !keepCurrent) await tx.memberMandate.update({ where: { id: current.id }, data: { revokedAt: now } });
    if (input?.mandateReference && !keepCurrent) {
      await tx.memberMandate.create({ data: { memberId, reference: input.mandateReference, scheme: input.mandateScheme, signedOn: isoToDate(input.mandateSignedOn!), validFrom: now } });
    }
    let after: MemberBankDto | null = null;
    if (input) {
      const data = { accountHolder: input.accountHolder, iban: input.iban, bic: input.bic };
      const account = await tx.memberBankAccount.upsert({ where: { memberId }, create: { memberId, ...data }, update: data });
      after = toDto(account, await tx.memberMandate.findMany({ where: { memberId }, orderBy: mandateOrder }));
    } else if (before) {
      await tx.memberBankAccount.delete({ where: { memberId } });
    }
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "member.bank-account", objectType: "member", objectId: memberId, before: auditView(before), after: auditView(after) });
    return after;
  });
}

/** What a resident sees of their own bank data: the IBAN masked, the current mandate and its scheme, read only. */
export async function residentBank(db: Tx, memberId: string): Promise<{ accountHolder: string; iban: string; mandateReference: string | null; mandateSignedOn: string | null; mandateScheme: "CORE" | "B2B" | null } | null> {
  const b = await db.memberBankAccount.findUnique({ where: { memberId } });
  if (!b) return null;
  const d = toDto(b, await db.memberMandate.findMany({ where: { memberId, revokedAt: null } }));
  return { accountHolder: d.accountHolder, iban: maskIban(d.iban), mandateReference: d.mandateReference, mandateSignedOn: d.mandateSignedOn, mandateScheme: d.mandateScheme };
}

/** A member's current mandate for SEPA files (null: none). */
export async function currentMandates(db: Tx, memberIds: readonly string[]): Promise<Map<string, { reference: string; signedOn: string; scheme: "CORE" | "B2B" }>> {
  const rows = await db.memberMandate.findMany({ where: { memberId: { in: [...memberIds] }, revokedAt: null } });
  return new Map(rows.map((r) => [r.memberId, { reference: r.reference, signedOn: dateToIso(r.signedOn), scheme: r.scheme }]));
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
