// With SMTP configured, invitations are also e-mailed (the link is still shown to the admin).
import { afterAll, describe, expect, it } from "vitest";
import { startSmtpSink } from "@/server/test/smtp-sink";

const sink = await startSmtpSink();
// This test file runs in its own module context, so the environment is read after this line.
process.env.SMTP_URL = sink.url;
process.env.MAIL_FROM = "Dajie <no-reply@dajie.test>";
const { callerAs, makeMember, makeWorld } = await import("@/server/test/factories");

describe("invitation e-mail", () => {
  afterAll(() => sink.close());

  it("sends the single-use link to the resident's address", async () => {
    const w = await makeWorld();
    const member = await makeMember(w.communityA.id);
    const inv = await callerAs(w.adminA).invitation.inviteResident({ communityId: w.communityA.id, memberId: member.id, email: "mail.me@example.test" });
    expect(inv.emailed).toBe(true);
    const mail = sink.mails.find((m) => m.to.some((t) => t.includes("mail.me@example.test")));
    expect(mail?.from).toContain("no-reply@dajie.test");
    // Quoted-printable may wrap long lines; undo soft breaks before looking for the link.
    expect(mail?.data.replace(/=\n/g, "")).toContain(inv.link.replace(/=/g, "=3D"));
  });
});
