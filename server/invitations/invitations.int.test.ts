import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerAs, makeMember, makeWorld } from "@/server/test/factories";

const token = (link: string) => link.split("/invite/")[1]!;
const password = "correct horse battery staple";

describe("resident invitations", () => {
  it("single use: the resident sets a password once, is linked to the member, and the link then says 'used'", async () => {
    const w = await makeWorld();
    const member = await makeMember(w.communityA.id);
    const inv = await callerAs(w.operatorA).invitation.inviteResident({ communityId: w.communityA.id, memberId: member.id, email: "Newcomer@Example.test" });
    expect(inv.email).toBe("newcomer@example.test");
    expect(inv.emailed).toBe(false); // no SMTP configured in tests
    const t = token(inv.link);
    expect(t.length).toBeGreaterThanOrEqual(43); // 256 bits in base64url

    const anon = callerAs(null);
    expect(await anon.invitation.lookup({ token: t })).toMatchObject({ kind: "RESIDENT", status: "pending", hasAccount: false, email: "newcomer@example.test" });
    await expect(anon.invitation.accept({ token: t, name: "New Comer", password: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Use at least 12 characters." });
    await anon.invitation.accept({ token: t, name: "New Comer", password });

    const linked = await db().member.findUniqueOrThrow({ where: { id: member.id }, include: { user: { include: { accounts: true } } } });
    expect(linked.user?.email).toBe("newcomer@example.test");
    expect(linked.user?.accounts[0]?.providerId).toBe("credential");
    expect(linked.user?.accounts[0]?.password).not.toContain(password); // stored hashed
    await expect(anon.invitation.accept({ token: t, name: "Again", password })).rejects.toMatchObject({ code: "CONFLICT", message: "This invitation is used. Ask for a new one." });
    expect((await anon.invitation.lookup({ token: t })).status).toBe("used");
    // Only the hash of the token is stored.
    expect(await db().invitation.count({ where: { tokenHash: t } })).toBe(0);
  });

  it("10 concurrent accepts of one link create exactly one account", async () => {
    const w = await makeWorld();
    const member = await makeMember(w.communityA.id);
    const inv = await callerAs(w.adminA).invitation.inviteResident({ communityId: w.communityA.id, memberId: member.id, email: `race-${member.id.slice(0, 8)}@example.test` });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => callerAs(null).invitation.accept({ token: token(inv.link), name: "Racer", password })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().user.count({ where: { email: inv.email } })).toBe(1);
  });

  it("expired and revoked links are refused; an unknown token is not found", async () => {
    const w = await makeWorld();
    const member = await makeMember(w.communityA.id);
    const admin = callerAs(w.adminA);
    const expired = await admin.invitation.inviteResident({ communityId: w.communityA.id, memberId: member.id, email: `exp-${member.id.slice(0, 8)}@example.test` });
    await db().invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(callerAs(null).invitation.accept({ token: token(expired.link), name: "X", password })).rejects.toMatchObject({ code: "CONFLICT", message: "This invitation is expired. Ask for a new one." });
    const revoked = await admin.invitation.inviteResident({ communityId: w.communityA.id, memberId: member.id, email: `rev-${member.id.slice(0, 8)}@example.test` });
    await admin.invitation.revoke({ communityId: w.communityA.id, invitationId: revoked.id });
    await expect(callerAs(null).invitation.accept({ token: token(revoked.link), name: "X", password })).rejects.toMatchObject({ message: "This invitation is revoked. Ask for a new one." });
    await expect(callerAs(null).invitation.lookup({ token: "x".repeat(43) })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an existing account must be signed in to accept; then it is linked without a new password", async () => {
    const w = await makeWorld();
    const member = await makeMember(w.communityA.id);
    const inv = await callerAs(w.adminA).invitation.inviteResident({ communityId: w.communityA.id, memberId: member.id, email: w.residentA2.email });
    await expect(callerAs(null).invitation.accept({ token: token(inv.link), name: "X", password })).rejects.toMatchObject({ code: "CONFLICT" });
    await callerAs(w.residentA2).invitation.accept({ token: token(inv.link), name: "X" });
    const mine = await callerAs(w.residentA2).me.memberships();
    expect(mine.map((m) => m.memberId).sort()).toEqual([w.memberA2.id, member.id].sort());
  });

  it("an organization invitation makes the new user an operator of that organization", async () => {
    const w = await makeWorld();
    const inv = await callerAs(w.adminA).organization.inviteUser({ orgId: w.munA.id, email: `staff-${w.munA.id.slice(0, 8)}@example.test`, role: "OPERATOR" });
    await callerAs(null).invitation.accept({ token: token(inv.link), name: "Staff", password });
    const users = await callerAs(w.adminA).organization.users({ orgId: w.munA.id });
    expect(users.find((u) => u.email === inv.email)?.role).toBe("OPERATOR");
  });
});
