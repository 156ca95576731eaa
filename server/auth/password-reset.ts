// Password reset links an administrator issues for a user who cannot sign in (forgotten password, or a
// sign-in lock: sign-in-lockout.ts). Like invitations: 256 random bits, only the SHA-256 stored, valid
// RESET_HOURS, single use (a conditional UPDATE claims it). Using it sets the new password, ends all of
// the user's sessions, clears the sign-in lock and voids the user's other open links.
//
// Who may issue one: a platform administrator for anyone; an organization's ADMIN only for a user who
// belongs to that organization alone (memberships, and resident records in its communities) and is not
// a platform administrator — the link is shown to the issuer, who could use it, so an organization's
// admin must never gain an account that also reaches another tenant.
import { createHash, randomBytes } from "node:crypto";
import { isPlatformAdmin, resolveOrgScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError, notFound } from "@/server/errors";
import { sendMail } from "@/server/mail/mailer";
import { auth } from "./auth";
import { passwordProblem } from "./password-policy";
import { forgetUser } from "./session-cache";
import { clearSignInFailures } from "./sign-in-lockout";

export const RESET_HOURS = 24;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const invalidLink = () => new AppError("NOT_FOUND", "This reset link is not valid, used or expired. Ask for a new one (\"Forgot password?\" on the sign-in page) or ask an administrator.");

export interface IssuedReset {
  email: string;
  expiresAt: string;
  /** The link with the token: shown once to the administrator who issued it (and e-mailed when SMTP is set). */
  link: string;
  emailed: boolean;
}

/** Refuses unless `actor` may reset `userId`'s password from organization `orgId` (see the header). */
async function assertMayReset(db: Db, actorUserId: string, orgId: string, userId: string): Promise<void> {
  const target = await db.user.findUnique({
    where: { id: userId },
    select: { platformAdmin: true, memberships: { select: { orgId: true } }, members: { select: { community: { select: { municipalityId: true } } } } },
  });
  if (await isPlatformAdmin(db, actorUserId)) {
    if (!target) throw notFound("User");
    // The link and its audit event are filed under the organization: it must exist (else a 500 on the foreign key).
    if (!(await db.organization.findUnique({ where: { id: orgId }, select: { id: true } }))) throw notFound("Organization");
    return;
  }
  await resolveOrgScope(db, actorUserId, orgId, true);
  const orgs = new Set([...(target?.memberships.map((m) => m.orgId) ?? []), ...(target?.members.map((m) => m.community.municipalityId) ?? [])]);
  if (!target || !orgs.has(orgId)) throw notFound("User");
  if (target.platformAdmin || orgs.size > 1) throw new AppError("FORBIDDEN", "This user also belongs elsewhere; a platform administrator must issue the reset link.");
}

export async function issuePasswordReset(db: Db, actor: Actor, orgId: string, userId: string): Promise<IssuedReset> {
  await assertMayReset(db, actor.userId, orgId, userId);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + RESET_HOURS * 3600 * 1000);
  await db.$transaction(async (tx) => {
    const reset = await tx.passwordReset.create({ data: { userId, tokenHash: hashToken(token), orgId, expiresAt, createdById: actor.userId } });
    await recordAudit(tx, actor, { orgId, action: "auth.password-reset.issue", objectType: "user", objectId: userId, after: { resetId: reset.id, expiresAt } });
  });
  const link = `${env().APP_URL}/reset/${token}`;
  const emailed = await sendMail({
    to: user.email,
    subject: "Set a new Dajie password",
    text: `An administrator issued a link for you to set a new password (valid for ${RESET_HOURS} hours, once):\n${link}\n\nIf you did not ask for this, tell your administrator.`,
  }).catch((err: unknown) => {
    console.error("[mail] reset link not sent:", err);
    return false;
  });
  return { email: user.email, expiresAt: expiresAt.toISOString(), link, emailed };
}

/** What the reset page shows: whose account, while the link is usable. Knowing the token is the permission. */
export async function lookupPasswordReset(db: Db, token: string): Promise<{ email: string; expiresAt: string }> {
  const reset = await db.passwordReset.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { email: true } } } });
  if (!reset || reset.usedAt || reset.expiresAt <= new Date()) throw invalidLink();
  return { email: reset.user.email, expiresAt: reset.expiresAt.toISOString() };
}

/** Sets the new password through the link, once; everything in one transaction. */
export async function completePasswordReset(db: Db, token: string, password: string): Promise<{ email: string }> {
  const reset = await db.passwordReset.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { email: true } } } });
  if (!reset) throw invalidLink();
  const problem = passwordProblem(password, reset.user.email);
  if (problem) throw new AppError("BAD_REQUEST", problem, [{ where: "password", message: problem }]);
  const hash = await (await auth().$context).password.hash(password);
  await db.$transaction(async (tx) => {
    const claimed = await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
    if (claimed.count !== 1) throw invalidLink();
    // Other open links of this user are void once one is used.
    await tx.passwordReset.updateMany({ where: { userId: reset.userId, usedAt: null }, data: { usedAt: new Date() } });
    const updated = await tx.account.updateMany({ where: { userId: reset.userId, providerId: "credential" }, data: { password: hash } });
    if (updated.count === 0) await tx.account.create({ data: { id: crypto.randomUUID(), accountId: reset.userId, providerId: "credential", userId: reset.userId, password: hash } });
    await tx.session.deleteMany({ where: { userId: reset.userId } });
    await clearSignInFailures(tx, reset.user.email.toLowerCase());
    await recordAudit(tx, { userId: reset.userId }, { orgId: reset.orgId, action: "auth.password-reset.use", objectType: "user", objectId: reset.userId, after: { resetId: reset.id, sessionsEnded: true } });
  });
  // Its sessions ended in the transaction: none may stay in this process's session cache.
  forgetUser(reset.userId);
  return { email: reset.user.email };
}
