// "Your statement is ready" e-mails. A resident opts in on /me (off by default) and the language they
// had chosen then is kept with it (member.statement_mail_locale). After a run is finalized the job
// queue calls sendStatementMails(runId): one statement_mail row per run and opted-in member (unique, so
// a retried job finds the row and never sends a second time), each attempt recorded — SENT, FAILED with
// the SMTP server's answer (retried by the job), or NOT_SENT when e-mail is not set up. The mail holds
// the period, the community and a link to /me; never amounts (a mailbox is not a private place).
//
// Exactly once, except in one case: a worker killed between the SMTP server's "queued" and the row's
// update leaves it SENDING, and it is sent again after CLAIM_STALE_MINUTES (at least once beats never).
import { z } from "zod";
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { env } from "@/server/env";
import { notFound } from "@/server/errors";
import { isLocale, LOCALES, type Locale } from "@/server/i18n/locales";
import { statementReadyMail } from "@/server/mail/mail-text";
import { mailConfigured, sendMail } from "@/server/mail/mailer";
import { dateToIso } from "@/server/shared/validation";
import type { OwnMember } from "./own-member";

export const CLAIM_STALE_MINUTES = 10;
export const NOT_SET_UP = "not sent: e-mail is not set up on this server (SMTP_URL)";
export const OPTED_OUT = "not sent: the resident turned statement e-mails off or no longer has an account";

export const statementMailsInput = z.object({ memberId: z.uuid(), enabled: z.boolean(), locale: z.enum(LOCALES) });

export interface MyStatementMails {
  enabled: boolean;
  locale: Locale | null;
  /** The address the mails go to: the resident's sign-in address. */
  email: string;
  mailConfigured: boolean;
}

export async function myStatementMails(db: Tx, member: OwnMember, email: string): Promise<MyStatementMails> {
  const m = await db.member.findUniqueOrThrow({ where: { id: member.id }, select: { statementMailLocale: true } });
  const locale = isLocale(m.statementMailLocale) ? m.statementMailLocale : null;
  return { enabled: locale !== null, locale, email, mailConfigured: mailConfigured() };
}

/** Turns statement e-mails on (in `locale`, the language the resident is using) or off; audited. */
export async function setMyStatementMails(db: Db, actor: Actor, member: OwnMember, email: string, input: { enabled: boolean; locale: Locale }): Promise<MyStatementMails> {
  const locale = input.enabled ? input.locale : null;
  await db.$transaction(async (tx) => {
    const before = await tx.member.findUniqueOrThrow({ where: { id: member.id }, select: { statementMailLocale: true, community: { select: { municipalityId: true } } } });
    if (before.statementMailLocale === locale) return;
    await tx.member.update({ where: { id: member.id }, data: { statementMailLocale: locale } });
    await recordAudit(tx, actor, {
      orgId: before.community.municipalityId,
      communityId: member.communityId,
      action: "member.statement-mails",
      objectType: "member",
      objectId: member.id,
      before: { statementMails: before.statementMailLocale },
      after: { statementMails: locale },
    });
  });
  return myStatementMails(db, member, email);
}

export interface StatementMailOutcome {
  sent: number;
  failed: number;
  notSent: number;
  /** Rows another worker holds, or already SENT: left alone. */
  skipped: number;
}

/** Sends the run's statement e-mails that are not sent yet. Safe to call again (a retried job). */
export async function sendStatementMails(db: Db, runId: string, now: () => Date = () => new Date()): Promise<StatementMailOutcome> {
  const run = await db.settlementRun.findUnique({ where: { id: runId }, select: { id: true, periodStart: true, periodEnd: true, community: { select: { name: true } }, members: { select: { memberId: true } } } });
  if (!run) throw notFound("Run");
  // One row per opted-in member of the run, with the language chosen; an existing row is kept as it is.
  const optedIn = await db.member.findMany({ where: { id: { in: run.members.map((m) => m.memberId) }, userId: { not: null }, statementMailLocale: { not: null } }, select: { id: true, statementMailLocale: true } });
  await db.statementMail.createMany({ data: optedIn.map((m) => ({ runId, memberId: m.id, locale: m.statementMailLocale! })), skipDuplicates: true });

  const outcome: StatementMailOutcome = { sent: 0, failed: 0, notSent: 0, skipped: 0 };
  const rows = await db.statementMail.findMany({ where: { runId }, orderBy: { createdAt: "asc" } });
  const text = { periodStart: dateToIso(run.periodStart), periodEnd: dateToIso(run.periodEnd), community: run.community.name };
  for (const row of rows) {
    // Claim the row (a conditional update), so two workers never send the same mail.
    const stale = new Date(now().getTime() - CLAIM_STALE_MINUTES * 60_000);
    const claimed = await db.statementMail.updateMany({
      where: { id: row.id, OR: [{ status: { in: ["PENDING", "FAILED", "NOT_SENT"] } }, { status: "SENDING", updatedAt: { lt: stale } }] },
      data: { status: "SENDING", updatedAt: now() },
    });
    if (claimed.count !== 1) {
      outcome.skipped += 1;
      continue;
    }
    const finish = (status: "SENT" | "FAILED" | "NOT_SENT", error: string | null, attempted: boolean) =>
      db.statementMail.update({ where: { id: row.id }, data: { status, error, updatedAt: now(), ...(attempted ? { attempts: { increment: 1 } } : {}), ...(status === "SENT" ? { sentAt: now() } : {}) } });
    const member = await db.member.findUnique({ where: { id: row.memberId }, select: { statementMailLocale: true, user: { select: { email: true } } } });
    if (!member?.user || !member.statementMailLocale) {
      await finish("NOT_SENT", OPTED_OUT, false);
      outcome.notSent += 1;
      continue;
    }
    if (!mailConfigured()) {
      await finish("NOT_SENT", NOT_SET_UP, false);
      outcome.notSent += 1;
      continue;
    }
    const locale = isLocale(row.locale) ? row.locale : "en";
    try {
      await sendMail({ to: member.user.email, ...statementReadyMail(locale, text, `${env().APP_URL}/me`) });
      await finish("SENT", null, true);
      outcome.sent += 1;
    } catch (err) {
      await finish("FAILED", smtpReason(err), true);
      outcome.failed += 1;
    }
  }
  return outcome;
}

/** The SMTP server's answer as the log keeps it: any e-mail address in it replaced (the log holds no addresses). */
export function smtpReason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, "[address]").slice(0, 500);
}

export interface StatementMailLogRow {
  memberId: string;
  pseudonym: string;
  /** The member's name: for the owning municipality only (an ESCO sees pseudonyms, as on the member list). */
  name: string | null;
  locale: string;
  status: "PENDING" | "SENDING" | "SENT" | "FAILED" | "NOT_SENT";
  attempts: number;
  error: string | null;
  updatedAt: string;
  sentAt: string | null;
}

export interface StatementMailLog {
  mailConfigured: boolean;
  /** Members of the community who have statement e-mails on now. */
  optedIn: number;
  runs: { runId: string; periodStart: string; periodEnd: string; version: number; finalizedAt: string; mails: StatementMailLogRow[] }[];
}

/** The send log of the community's latest final runs (per run and recipient), for the console. */
export async function statementMailLog(db: Tx, scope: CommunityScope, opts: { runId?: string; limit?: number } = {}): Promise<StatementMailLog> {
  const withNames = scope.via === "municipality";
  const runs = await db.settlementRun.findMany({
    where: { communityId: scope.communityId, ...(opts.runId ? { id: opts.runId } : {}) },
    orderBy: { createdAt: "desc" },
    take: opts.limit ?? 12,
    select: {
      id: true,
      periodStart: true,
      periodEnd: true,
      version: true,
      createdAt: true,
      statementMails: { orderBy: { createdAt: "asc" }, include: { member: { select: { pseudonym: true, personal: { select: { name: true } } } } } },
    },
  });
  if (opts.runId && runs.length === 0) throw notFound("Run");
  const optedIn = await db.member.count({ where: { communityId: scope.communityId, userId: { not: null }, statementMailLocale: { not: null } } });
  return {
    mailConfigured: mailConfigured(),
    optedIn,
    runs: runs.map((r) => ({
      runId: r.id,
      periodStart: dateToIso(r.periodStart),
      periodEnd: dateToIso(r.periodEnd),
      version: r.version,
      finalizedAt: r.createdAt.toISOString(),
      mails: r.statementMails.map((m) => ({
        memberId: m.memberId,
        pseudonym: m.member.pseudonym,
        name: withNames ? (m.member.personal?.name ?? null) : null,
        locale: m.locale,
        status: m.status,
        attempts: m.attempts,
        error: m.error,
        updatedAt: m.updatedAt.toISOString(),
        sentAt: m.sentAt?.toISOString() ?? null,
      })),
    })),
  };
}
