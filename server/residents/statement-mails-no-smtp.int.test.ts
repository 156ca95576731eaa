// Statement e-mails without SMTP: nothing is sent, each opted-in recipient's row says why, and the
// console's log says e-mail is not set up.
import { describe, expect, it } from "vitest";

delete process.env.SMTP_URL; // this file's own module context: the environment is read after this line
const { db } = await import("@/server/db/client");
const { finalizeRun } = await import("@/server/settlement/finalize-run");
const { settlementWorld, writeReadings } = await import("@/server/settlement/test-settlement");
const { callerAs, makeUser } = await import("@/server/test/factories");
const { NOT_SET_UP, sendStatementMails } = await import("./statement-mails");

describe("statement e-mails without SMTP", () => {
  it("one opted-in resident → NOT_SENT 'e-mail is not set up', 0 attempts; the log says mailConfigured: false", async () => {
    const w = await settlementWorld([{}, { injection: true }]);
    await writeReadings(w.community.id, w.members[0]!.consumption!.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 100_000n);
    await writeReadings(w.community.id, w.members[1]!.injection!.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 150_000n);
    const resident = await makeUser();
    const member = w.members[0]!.member;
    await db().member.update({ where: { id: member.id }, data: { userId: resident.id } });
    const setting = await callerAs(resident).me.setStatementMails({ memberId: member.id, enabled: true, locale: "fr" });
    expect(setting).toMatchObject({ enabled: true, locale: "fr", mailConfigured: false });
    const run = await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" });
    expect(await sendStatementMails(db(), run.runId)).toEqual({ sent: 0, failed: 0, notSent: 1, skipped: 0 });
    const admin = await db().orgMembership.findFirstOrThrow({ where: { org: { communities: { some: { id: w.community.id } } }, role: "ADMIN" }, include: { user: true } });
    const log = await callerAs(admin.user).statementMail.log({ communityId: w.community.id });
    expect(log.mailConfigured).toBe(false);
    expect(log.runs[0]!.mails.map((m) => [m.status, m.attempts, m.error])).toEqual([["NOT_SENT", 0, NOT_SET_UP]]);
  });
});
