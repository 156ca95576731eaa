// Bulk invitations with a real SMTP sink: the members with an e-mail and no account are invited (each
// audited and mailed), the others skipped with the reason; one member's problem stops no one else.
import { afterAll, describe, expect, it } from "vitest";
import { startSmtpSink } from "@/server/test/smtp-sink";

const sink = await startSmtpSink();
// This test file runs in its own module context, so the environment is read after this line.
process.env.SMTP_URL = sink.url;
process.env.MAIL_FROM = "Dajie <no-reply@dajie.test>";
const { callerAs, makeMember, makeWorld, makeCommunity } = await import("@/server/test/factories");
const { db } = await import("@/server/db/client");

describe("bulk invitation", () => {
  afterAll(() => sink.close());

  it("5 selected: 2 invited and mailed; skipped: no e-mail, already has an account (A1), membership ended, another community's member", async () => {
    const w = await makeWorld();
    const [a, b, noMail, ended] = await Promise.all([makeMember(w.communityA.id), makeMember(w.communityA.id), makeMember(w.communityA.id), makeMember(w.communityA.id)]);
    await db().memberPersonalData.update({ where: { memberId: noMail.id }, data: { email: null } });
    await db().member.update({ where: { id: ended.id }, data: { leftOn: new Date("2026-02-01T00:00:00Z") } });
    const other = await makeMember((await makeCommunity(w.munA.id, w.adminA.id)).id);
    const emailOf = async (id: string) => (await db().memberPersonalData.findUniqueOrThrow({ where: { memberId: id } })).email!;

    const result = await callerAs(w.operatorA).invitation.bulkInvite({ communityId: w.communityA.id, memberIds: [a.id, noMail.id, w.memberA1.id, b.id, ended.id, other.id] });
    expect(result.map((r) => [r.memberId, r.status, r.status === "skipped" ? r.reason : r.email])).toEqual([
      [a.id, "sent", await emailOf(a.id)],
      [noMail.id, "skipped", "no e-mail address"],
      [w.memberA1.id, "skipped", "already has an account"],
      [b.id, "sent", await emailOf(b.id)],
      [ended.id, "skipped", "membership has ended"],
      [other.id, "skipped", "not a member of this community"],
    ]);
    for (const id of [a.id, b.id]) {
      const email = await emailOf(id);
      expect(sink.mails.some((m) => m.to.some((t) => t.includes(email))), email).toBe(true);
      const inv = await db().invitation.findFirstOrThrow({ where: { memberId: id } });
      const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: inv.id, action: "invitation.create" } });
      expect([audit.orgId, audit.actorUserId]).toEqual([w.munA.id, w.operatorA.id]);
    }
    expect(await db().invitation.count({ where: { memberId: { in: [noMail.id, w.memberA1.id, ended.id, other.id] } } })).toBe(0);
  });

  it("the ESCO may not invite (FORBIDDEN) and an empty selection is a 400", async () => {
    const w = await makeWorld();
    await expect(callerAs(w.escoUser).invitation.bulkInvite({ communityId: w.communityA.id, memberIds: [w.memberA1.id] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(w.adminA).invitation.bulkInvite({ communityId: w.communityA.id, memberIds: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
