// "Forgot password?": a user asks for a reset link by e-mail themselves. The link is a row of the same
// password_reset table as the administrator's links (password-reset.ts: hashed token, single use, the
// same /reset/[token] page, using one voids the user's other open links), valid SELF_RESET_MINUTES.
//
// The answer never tells whether the address has an account: the caller always gets the same neutral
// result, and the mail is sent after the answer (its SMTP round trip would otherwise time the answer).
// A new request voids the user's earlier self-requested links (only the newest works); links an
// administrator issued stay. Limited per client address and per e-mail address (in memory, per app
// process, like rate-limit.ts). Without SMTP nothing is created or sent: the page says to ask an
// administrator.
import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { fixedWindowLimit, type RateLimitResult } from "@/server/http/rate-limit";
import { isLocale, type Locale } from "@/server/i18n/locales";
import { resetMail } from "@/server/mail/mail-text";
import { mailConfigured, sendMail } from "@/server/mail/mailer";

export const SELF_RESET_MINUTES = 60;
/** Requests per client address in 15 minutes, and per e-mail address in an hour. */
export const RESET_REQUESTS_PER_ADDRESS = 10;
export const RESET_REQUESTS_PER_EMAIL = 3;
const perAddress = fixedWindowLimit(RESET_REQUESTS_PER_ADDRESS, 15 * 60_000);
const perEmail = fixedWindowLimit(RESET_REQUESTS_PER_EMAIL, 60 * 60_000);

export const normalizeResetEmail = (email: string) => email.trim().toLowerCase();

/** Counts one request against both limits; the refusal (with its wait) when either is used up. */
export function takeResetRequest(address: string, email: string, nowMs: number): RateLimitResult {
  const byAddress = perAddress.take(address, nowMs);
  if (!byAddress.allowed) return byAddress;
  return perEmail.take(normalizeResetEmail(email), nowMs);
}

export interface ResetRequestResult {
  /** Whether e-mail is set up: the one thing the answer says (the same for every address). */
  mailConfigured: boolean;
  /** The sending, after the answer; true when a mail was handed to SMTP. Tests await it. */
  delivery: Promise<boolean>;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The language of the mail: the one the user chose for statement e-mails, else the request's. */
async function userLocale(db: Db, userId: string, requestLocale: Locale): Promise<Locale> {
  const chosen = await db.member.findFirst({ where: { userId, statementMailLocale: { not: null } }, select: { statementMailLocale: true }, orderBy: { createdAt: "asc" } });
  return isLocale(chosen?.statementMailLocale) ? chosen.statementMailLocale : requestLocale;
}

export async function requestPasswordReset(db: Db, input: { email: string; locale: Locale; requestId?: string }, now = new Date()): Promise<ResetRequestResult> {
  if (!mailConfigured()) return { mailConfigured: false, delivery: Promise.resolve(false) };
  const email = normalizeResetEmail(input.email);
  const user = await db.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } }, select: { id: true, email: true } });
  if (!user) return { mailConfigured: true, delivery: Promise.resolve(false) };

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SELF_RESET_MINUTES * 60_000);
  await db.$transaction(async (tx) => {
    // Only the newest self-requested link works; an administrator's link is left alone.
    await tx.passwordReset.updateMany({ where: { userId: user.id, createdById: user.id, orgId: null, usedAt: null }, data: { usedAt: now } });
    const reset = await tx.passwordReset.create({ data: { userId: user.id, tokenHash: hashToken(token), orgId: null, expiresAt, createdById: user.id } });
    await recordAudit(tx, { userId: user.id, requestId: input.requestId }, { orgId: null, action: "auth.password-reset.request", objectType: "user", objectId: user.id, after: { resetId: reset.id, expiresAt, by: "self-service" } });
  });
  const locale = await userLocale(db, user.id, input.locale);
  const mail = resetMail(locale, user.email, `${env().APP_URL}/reset/${token}`);
  const delivery = sendMail({ to: user.email, ...mail }).catch((err: unknown) => {
    console.error("[mail] self-service reset link not sent:", err);
    return false;
  });
  return { mailConfigured: true, delivery };
}
