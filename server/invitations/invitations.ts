// Single-use, expiring invitations: a resident to their member record, or a user to an organization.
// The token (256 random bits) is shown once; only its SHA-256 is stored.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { InvitationKind, OrgRole } from "@/generated/prisma/client";
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import { auth } from "@/server/auth/auth";
import { passwordProblem } from "@/server/auth/password-policy";
import type { Db, Tx } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError, notFound } from "@/server/errors";
import { sendMail } from "@/server/mail/mailer";

export const INVITATION_DAYS = 7;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface IssuedInvitation {
  id: string;
  email: string;
  expiresAt: string;
  /** The link with the token: shown once to the person who created it. */
  link: string;
  emailed: boolean;
}

type InvitationData = { kind: InvitationKind; email: string; memberId?: string; orgId?: string; role?: OrgRole; auditOrgId: string; communityId?: string };

/**
 * Writes an invitation and its audit event inside the caller's transaction (an approved join request
 * creates one together with the member); returns the token, shown once, and the link.
 */
export async function createInvitationIn(tx: Tx, actor: Actor, data: InvitationData) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000);
  const inv = await tx.invitation.create({
    data: { kind: data.kind, email: data.email, tokenHash: hashToken(token), memberId: data.memberId, orgId: data.orgId, role: data.role, expiresAt, createdById: actor.userId },
  });
  await recordAudit(tx, actor, {
    orgId: data.auditOrgId,
    communityId: data.communityId,
    action: "invitation.create",
    objectType: "invitation",
    objectId: inv.id,
    after: { kind: inv.kind, email: inv.email, memberId: inv.memberId, orgId: inv.orgId, role: inv.role, expiresAt: inv.expiresAt },
  });
  return { id: inv.id, token, expiresAt, link: `${env().APP_URL}/invite/${token}` };
}

async function issue(db: Db, actor: Actor, data: InvitationData, subject: string, intro: string): Promise<IssuedInvitation> {
  const invitation = await db.$transaction((tx) => createInvitationIn(tx, actor, data));
  const { link, expiresAt } = invitation;
  const emailed = await sendMail({
    to: data.email,
    subject,
    text: `${intro}\n\nOpen this link to set your password (valid for ${INVITATION_DAYS} days, once):\n${link}\n\nIf you did not expect this e-mail, ignore it.`,
  }).catch((err: unknown) => {
    console.error("[mail] invitation not sent:", err);
    return false;
  });
  return { id: invitation.id, email: data.email, expiresAt: expiresAt.toISOString(), link, emailed };
}

export async function inviteResident(db: Db, actor: Actor, scope: CommunityScope, memberId: string, email: string): Promise<IssuedInvitation> {
  const member = await db.member.findFirst({ where: { id: memberId, communityId: scope.communityId }, include: { community: { select: { name: true } } } });
  if (!member) throw notFound("Member");
  if (member.userId) throw new AppError("CONFLICT", "This member already has an account.");
  if (member.leftOn && member.leftOn <= new Date()) throw new AppError("BAD_REQUEST", "This membership has ended.");
  return issue(
    db,
    actor,
    { kind: "RESIDENT", email, memberId, auditOrgId: scope.orgId, communityId: scope.communityId },
    `Your ${member.community.name} energy community account`,
    `You are invited to see your energy and credits in ${member.community.name} on Dajie.`,
  );
}

export async function inviteOrgUser(db: Db, actor: Actor, orgId: string, email: string, role: OrgRole): Promise<IssuedInvitation> {
  const org = await db.organization.findUnique({ where: { id: orgId } });
  if (!org) throw notFound("Organization");
  const already = await db.orgMembership.findFirst({ where: { orgId, user: { email } } });
  if (already) throw new AppError("CONFLICT", `${email} is already a member of ${org.name}.`, [{ where: "email", message: "Already a member." }]);
  return issue(db, actor, { kind: "ORG_USER", email, orgId, role, auditOrgId: orgId }, `Join ${org.name} on Dajie`, `You are invited to join ${org.name} on Dajie as ${role.toLowerCase()}.`);
}

export type InvitationStatus = "pending" | "used" | "expired" | "revoked";

function statusOf(inv: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InvitationStatus {
  if (inv.usedAt) return "used";
  if (inv.revokedAt) return "revoked";
  return inv.expiresAt <= now ? "expired" : "pending";
}

export async function listCommunityInvitations(db: Db, scope: CommunityScope) {
  const rows = await db.invitation.findMany({
    where: { kind: "RESIDENT", member: { communityId: scope.communityId } },
    include: { member: { select: { reference: true, pseudonym: true } } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => ({ id: r.id, email: r.email, memberId: r.memberId, memberReference: r.member?.reference ?? "", status: statusOf(r), createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString() }));
}

export async function revokeCommunityInvitation(db: Db, actor: Actor, scope: CommunityScope, invitationId: string): Promise<void> {
  const inv = await db.invitation.findFirst({ where: { id: invitationId, kind: "RESIDENT", member: { communityId: scope.communityId } } });
  if (!inv) throw notFound("Invitation");
  if (statusOf(inv) !== "pending") throw new AppError("CONFLICT", `This invitation is already ${statusOf(inv)}.`);
  await db.$transaction(async (tx) => {
    await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "invitation.revoke", objectType: "invitation", objectId: inv.id });
  });
}

/** What the invitation page shows before the person accepts. Knowing the token is the permission. */
export async function lookupInvitation(db: Db, token: string) {
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { member: { select: { community: { select: { name: true } } } }, org: { select: { name: true } } },
  });
  if (!inv) throw new AppError("NOT_FOUND", "This invitation link is not valid. Ask for a new one.");
  const existingUser = await db.user.findUnique({ where: { email: inv.email }, select: { id: true } });
  return {
    kind: inv.kind,
    email: inv.email,
    joining: inv.member?.community.name ?? inv.org?.name ?? "",
    role: inv.role,
    status: statusOf(inv),
    expiresAt: inv.expiresAt.toISOString(),
    hasAccount: existingUser !== null,
  };
}

/**
 * Accepts an invitation: creates the account (or, when one exists for the e-mail, requires that the
 * caller is signed in as it) and links it to the member or organization. All in one transaction; the
 * conditional update on `used_at` makes the token single-use even under concurrent requests.
 */
export async function acceptInvitation(db: Db, args: { token: string; name: string; password?: string; sessionUserId: string | null }): Promise<{ kind: InvitationKind; email: string }> {
  const inv = await db.invitation.findUnique({ where: { tokenHash: hashToken(args.token) }, include: { member: { select: { userId: true, community: { select: { municipalityId: true } }, communityId: true } } } });
  if (!inv) throw new AppError("NOT_FOUND", "This invitation link is not valid. Ask for a new one.");
  const status = statusOf(inv);
  if (status !== "pending") throw new AppError("CONFLICT", `This invitation is ${status}. Ask for a new one.`);

  const existing = await db.user.findUnique({ where: { email: inv.email } });
  let passwordHash: string | null = null;
  if (existing) {
    if (args.sessionUserId !== existing.id) throw new AppError("CONFLICT", "An account with this e-mail already exists. Sign in with it, then open this link again.");
  } else {
    const problem = args.password === undefined ? "Choose a password." : passwordProblem(args.password, inv.email);
    if (problem) throw new AppError("BAD_REQUEST", problem, [{ where: "password", message: problem }]);
    passwordHash = await (await auth().$context).password.hash(args.password!);
  }

  await db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
    if (claimed.count !== 1) throw new AppError("CONFLICT", "This invitation was just used. Ask for a new one.");
    let userId = existing?.id;
    if (!userId) {
      userId = randomUUID();
      await tx.user.create({ data: { id: userId, email: inv.email, name: args.name, emailVerified: true } });
      await tx.account.create({ data: { id: randomUUID(), accountId: userId, providerId: "credential", userId, password: passwordHash } });
    }
    if (inv.kind === "RESIDENT") {
      const linked = await tx.member.updateMany({ where: { id: inv.memberId!, userId: null }, data: { userId } });
      if (linked.count !== 1) throw new AppError("CONFLICT", "This member already has an account.");
    } else {
      await tx.orgMembership.upsert({ where: { orgId_userId: { orgId: inv.orgId!, userId } }, create: { orgId: inv.orgId!, userId, role: inv.role! }, update: { role: inv.role! } });
    }
    await recordAudit(tx, { userId }, {
      orgId: inv.kind === "RESIDENT" ? inv.member!.community.municipalityId : inv.orgId,
      communityId: inv.member?.communityId ?? null,
      action: "invitation.accept",
      objectType: "invitation",
      objectId: inv.id,
      after: { kind: inv.kind, email: inv.email, newAccount: !existing },
    });
  });
  return { kind: inv.kind, email: inv.email };
}
