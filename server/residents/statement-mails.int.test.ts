// "Your statement is ready" e-mails with a local SMTP server: opt-in per resident in their language,
// one mail per run and recipient however often the job runs, SMTP refusals logged FAILED and retried,
// the console's send log; and the whole chain finalize → checkpoint hook → pg-boss job.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { startSmtpSink } from "@/server/test/smtp-sink";

const sink = await startSmtpSink();
// This file runs in its own module context, so the environment is read after these lines.
process.env.SMTP_URL = sink.url;
process.env.MAIL_FROM = "Dajie <no-reply@dajie.test>";
const { db } = await import("@/server/db/client");
const { env } = await import("@/server/env");
const { prepareJobSchema } = await import("@/server/db/roles");
const { ANCHOR_SWEEP, startJobQueue } = await import("@/server/jobs/queue");
const { setCheckpointHook } = await import("@/server/anchors/checkpoint-hook");
const { finalizeRun } = await import("@/server/settlement/finalize-run");
const { settlementWorld, writeReadings } = await import("@/server/settlement/test-settlement");
const { callerAs, makeOrg, makeUser, addToOrg } = await import("@/server/test/factories");
const { ownerUrl } = await import("@/server/test/owner-db");
const { sendStatementMails } = await import("./statement-mails");
const { myExport } = await import("./export");
const { ownMember } = await import("./own-member");

// 2026-03-02 in Europe/Rome: 96 quarter hours from 23:00Z the day before.
const DAY = { start: "2026-03-02", end: "2026-03-03" };
const FROM = "2026-03-01T23:00:00Z";
const TO = "2026-03-02T23:00:00Z";

/** Three residents with accounts: Giulia turns e-mails on while using Italian, Bruno leaves them off, Emma turns them on in English. */
async function mailWorld(opts: { finalize?: boolean } = { finalize: true }) {
  const w = await settlementWorld([{}, {}, {}, { injection: true }]);
  for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, TO, 100_000n);
  await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n);
  const [giulia, bruno, emma] = [await makeUser({ name: "Giulia" }), await makeUser({ name: "Bruno" }), await makeUser({ name: "Emma" })];
  const [mg, mb, me] = [w.members[0]!.member, w.members[1]!.member, w.members[2]!.member];
  for (const [m, u, name] of [[mg, giulia, "Giulia Rossi"], [mb, bruno, "Bruno Bianchi"], [me, emma, "Emma Weber"]] as const)
    await db().member.update({ where: { id: m.id }, data: { userId: u.id, personal: { create: { name } } } });
  await callerAs(giulia).me.setStatementMails({ memberId: mg.id, enabled: true, locale: "it" });
  await callerAs(emma).me.setStatementMails({ memberId: me.id, enabled: true, locale: "en" });
  const admin = await db().orgMembership.findFirstOrThrow({ where: { org: { communities: { some: { id: w.community.id } } }, role: "ADMIN" }, include: { user: true } });
  const run = opts.finalize === false ? null : await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
  return { ...w, giulia, bruno, emma, mg, mb, me, admin: admin.user, run };
}

const mailsTo = (email: string) => sink.mails.filter((m) => m.to.some((t) => t.includes(email)));
const decoded = (data: string) => Buffer.from(data.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");

describe("statement e-mails", () => {
  afterAll(() => sink.close());

  it("opted in (it) → exactly one mail in Italian with the period and a link to /me, no amounts; opted out → none; running the job again sends nothing more", async () => {
    const w = await mailWorld();
    const first = await sendStatementMails(db(), w.run!.runId);
    expect(first).toEqual({ sent: 2, failed: 0, notSent: 0, skipped: 0 });
    const again = await sendStatementMails(db(), w.run!.runId);
    expect(again).toEqual({ sent: 0, failed: 0, notSent: 0, skipped: 2 });

    expect(mailsTo(w.giulia.email)).toHaveLength(1);
    expect(mailsTo(w.bruno.email)).toHaveLength(0);
    expect(mailsTo(w.emma.email)).toHaveLength(1);
    const it = decoded(mailsTo(w.giulia.email)[0]!.data);
    expect(it).toContain("Consultalo e scarica il PDF sulla tua pagina:");
    expect(it).toContain("2 mar 2026");
    expect(it).toContain(`${env().APP_URL}/me`);
    expect(it).not.toMatch(/€|EUR|kWh/);
    expect(decoded(mailsTo(w.emma.email)[0]!.data)).toContain("See it and download the PDF on your page:");

    const rows = await db().statementMail.findMany({ where: { runId: w.run!.runId }, orderBy: { locale: "asc" } });
    expect(rows.map((r) => [r.memberId, r.locale, r.status, r.attempts, r.error])).toEqual([
      [w.me.id, "en", "SENT", 1, null],
      [w.mg.id, "it", "SENT", 1, null],
    ]);
  });

  it("SMTP refuses → FAILED with the server's reason (attempt 1); the retry sends it (attempt 2) and a third run sends nothing: one mail in all", async () => {
    const w = await mailWorld();
    sink.refuse(`5.7.1 relaying denied for test <${w.giulia.email}>`);
    let failed;
    try {
      failed = await sendStatementMails(db(), w.run!.runId);
    } finally {
      sink.refuse(null);
    }
    expect(failed).toEqual({ sent: 0, failed: 2, notSent: 0, skipped: 0 });
    const row = await db().statementMail.findUniqueOrThrow({ where: { runId_memberId: { runId: w.run!.runId, memberId: w.mg.id } } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(row.error).toContain("relaying denied for test <[address]>"); // the log keeps no e-mail address
    expect(row.error).not.toContain(w.giulia.email);
    expect(mailsTo(w.giulia.email)).toHaveLength(0);

    expect(await sendStatementMails(db(), w.run!.runId)).toEqual({ sent: 2, failed: 0, notSent: 0, skipped: 0 });
    expect(await sendStatementMails(db(), w.run!.runId)).toEqual({ sent: 0, failed: 0, notSent: 0, skipped: 2 });
    expect(mailsTo(w.giulia.email)).toHaveLength(1);
    expect(await db().statementMail.findUniqueOrThrow({ where: { runId_memberId: { runId: w.run!.runId, memberId: w.mg.id } } })).toMatchObject({ status: "SENT", attempts: 2, error: null });
  });

  it("the send log: the municipality sees names, status and reason per recipient; an ESCO sees pseudonyms; another municipality gets 404", async () => {
    const w = await mailWorld();
    sink.refuse("mailbox full");
    try {
      await sendStatementMails(db(), w.run!.runId);
    } finally {
      sink.refuse(null);
    }
    const log = await callerAs(w.admin).statementMail.log({ communityId: w.community.id, runId: w.run!.runId });
    expect(log.mailConfigured).toBe(true);
    expect(log.optedIn).toBe(2);
    expect(log.runs).toHaveLength(1);
    const byName = Object.fromEntries(log.runs[0]!.mails.map((m) => [m.name, [m.status, m.error?.includes("mailbox full")]]));
    expect(byName).toEqual({ "Giulia Rossi": ["FAILED", true], "Emma Weber": ["FAILED", true] });

    const esco = await makeOrg("ESCO");
    const escoUser = await makeUser();
    await addToOrg(escoUser.id, esco.id, "OPERATOR");
    await db().communityEsco.create({ data: { communityId: w.community.id, escoId: esco.id } });
    const escoLog = await callerAs(escoUser).statementMail.log({ communityId: w.community.id });
    expect(escoLog.runs[0]!.mails.map((m) => m.name)).toEqual([null, null]);
    expect(escoLog.runs[0]!.mails.map((m) => m.pseudonym).sort()).toEqual([w.mg.pseudonym, w.me.pseudonym].sort());

    const outsider = await makeUser();
    const other = await makeOrg("MUNICIPALITY");
    await addToOrg(outsider.id, other.id, "ADMIN");
    const refused = await callerAs(outsider).statementMail.log({ communityId: w.community.id }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("NOT_FOUND");
  });

  it("turning e-mails off after the run was finalized but before the job ran → NOT_SENT with the reason, no mail", async () => {
    const w = await mailWorld();
    await db().statementMail.createMany({ data: [{ runId: w.run!.runId, memberId: w.mg.id, locale: "it" }] });
    await callerAs(w.giulia).me.setStatementMails({ memberId: w.mg.id, enabled: false, locale: "it" });
    const outcome = await sendStatementMails(db(), w.run!.runId);
    expect(outcome).toEqual({ sent: 1, failed: 0, notSent: 1, skipped: 0 });
    expect(mailsTo(w.giulia.email)).toHaveLength(0);
    expect((await db().statementMail.findUniqueOrThrow({ where: { runId_memberId: { runId: w.run!.runId, memberId: w.mg.id } } })).error).toContain("turned statement e-mails off");
  });

  it("the resident's setting: off by default; on in the chosen language, shown with their address; audited; another resident's member → 404", async () => {
    const w = await mailWorld({ finalize: false });
    expect(await callerAs(w.bruno).me.statementMails({ memberId: w.mb.id })).toEqual({ enabled: false, locale: null, email: w.bruno.email, mailConfigured: true });
    expect(await callerAs(w.giulia).me.statementMails({ memberId: w.mg.id })).toEqual({ enabled: true, locale: "it", email: w.giulia.email, mailConfigured: true });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: w.mg.id, action: "member.statement-mails" } });
    expect(audit.after).toEqual({ statementMails: "it" });
    const foreign = await callerAs(w.bruno).me.setStatementMails({ memberId: w.mg.id, enabled: false, locale: "en" }).catch((e: unknown) => e);
    expect((foreign as TRPCError).code).toBe("NOT_FOUND");
    expect((await db().member.findUniqueOrThrow({ where: { id: w.mg.id } })).statementMailLocale).toBe("it");
  });

  it("the resident's export holds the statement e-mail setting and the device tokens' metadata (name, created, last used, revoked), never a hash", async () => {
    const w = await mailWorld({ finalize: false });
    const made = await callerAs(w.giulia).me.createDeviceToken({ memberId: w.mg.id, name: "Kitchen display" });
    await callerAs(w.giulia).me.createDeviceToken({ memberId: w.mg.id, name: "Old phone" });
    const old = (await db().deviceToken.findMany({ where: { memberId: w.mg.id, name: "Old phone" } }))[0]!;
    await callerAs(w.giulia).me.revokeDeviceToken({ memberId: w.mg.id, tokenId: old.id });
    const data = await myExport(db(), await ownMember(db(), [w.mg.id], w.mg.id));
    expect(data.member.statementEmails).toEqual({ enabled: true, language: "it" });
    expect(data.deviceTokens.map((d) => [d.name, d.revokedAt !== null, d.lastUsedAt])).toEqual([
      ["Kitchen display", false, null],
      ["Old phone", true, null],
    ]);
    const text = JSON.stringify(data);
    const hashes = await db().deviceToken.findMany({ where: { memberId: w.mg.id }, select: { tokenHash: true } });
    for (const h of hashes) expect(text).not.toContain(h.tokenHash);
    expect(text).not.toContain(made.token);
    expect(text).not.toContain("tokenHash");
    const bruno = await myExport(db(), await ownMember(db(), [w.mb.id], w.mb.id));
    expect([bruno.member.statementEmails, bruno.deviceTokens]).toEqual([{ enabled: false, language: null }, []]);
  });

  // Through pg-boss: polls up to 30 s for the jobs and the retry (1 s apart), hence the longer timeout.
  it("finalize → checkpoint hook → job: the SMTP server refuses first, the job is retried and each opted-in resident gets exactly one mail; a run settled without the hook is sent by the sweep", { timeout: 60_000 }, async () => {
    const w = await mailWorld({ finalize: false });
    const schema = `pgboss_mail_${randomUUID().slice(0, 8)}`;
    await prepareJobSchema(ownerUrl(), schema);
    const queue = await startJobQueue(db(), env().DATABASE_URL, {
      schema,
      cron: "0 0 1 1 *",
      communityIds: async () => [],
      anchors: { sinks: [], verify: {} },
      anchorSweepCron: "0 0 1 1 *",
      anchorCommunityId: w.community.id,
      statementMailRetry: { limit: 5, delaySeconds: 1, backoff: false },
    });
    sink.refuse("try again later");
    try {
      const run = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (await db().statementMail.count({ where: { runId: run.runId, status: "FAILED" } })) < 2) await new Promise((r) => setTimeout(r, 200));
      expect(await db().statementMail.count({ where: { runId: run.runId, status: "FAILED" } })).toBe(2);
      sink.refuse(null);
      while (Date.now() < deadline && (await db().statementMail.count({ where: { runId: run.runId, status: "SENT" } })) < 2) await new Promise((r) => setTimeout(r, 200));
      expect(await db().statementMail.count({ where: { runId: run.runId, status: "SENT" } })).toBe(2);
      expect([mailsTo(w.giulia.email).length, mailsTo(w.bruno.email).length, mailsTo(w.emma.email).length]).toEqual([1, 0, 1]);

      // A run settled where no queue listens (the hook removed, as for the CLI): the sweep sends its mails, and only its.
      setCheckpointHook(undefined);
      for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, "2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z", 100_000n);
      await writeReadings(w.community.id, w.members[3]!.injection!.id, "2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z", 150_000n);
      const cli = await finalizeRun(db(), w.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "scheduler" });
      expect(await db().statementMail.count({ where: { runId: cli.runId } })).toBe(0);
      await queue.boss.send(ANCHOR_SWEEP, {});
      while (Date.now() < deadline + 10_000 && (await db().statementMail.count({ where: { runId: cli.runId, status: "SENT" } })) < 2) await new Promise((r) => setTimeout(r, 200));
      expect(await db().statementMail.count({ where: { runId: cli.runId, status: "SENT" } })).toBe(2);
      expect([mailsTo(w.giulia.email).length, mailsTo(w.bruno.email).length, mailsTo(w.emma.email).length]).toEqual([2, 0, 2]);
    } finally {
      sink.refuse(null);
      await queue.stop();
    }
  });
});
