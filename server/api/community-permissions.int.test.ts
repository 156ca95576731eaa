// community.get tells the console what the caller may do; the flags come from the same rule the
// procedure builders enforce (server/access/scope.ts), so a button shown is a call that succeeds.
import { describe, expect, it } from "vitest";
import { callerAs, makeWorld } from "@/server/test/factories";

describe("community.get: permissions", () => {
  it("admin: all 6; operator: not settle or configure; serving ESCO: read, import, settle, payments", async () => {
    const w = await makeWorld();
    const get = (user: Parameters<typeof callerAs>[0]) => callerAs(user).community.get({ communityId: w.communityA.id });
    expect((await get(w.adminA)).permissions).toEqual({ read: true, import: true, settle: true, manage: true, configure: true, payments: true });
    expect((await get(w.operatorA)).permissions).toEqual({ read: true, import: true, settle: false, manage: true, configure: false, payments: true });
    const esco = await get(w.escoUser);
    expect(esco.access).toBe("esco");
    expect(esco.permissions).toEqual({ read: true, import: true, settle: true, manage: false, configure: false, payments: true });
  });

  it("what the flags deny, the procedures refuse: the operator cannot configure, the ESCO cannot manage (FORBIDDEN)", async () => {
    const w = await makeWorld();
    await expect(callerAs(w.operatorA).community.escoChoices({ communityId: w.communityA.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(w.escoUser).invitation.list({ communityId: w.communityA.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(w.escoUser).member.list({ communityId: w.communityA.id })).resolves.toBeDefined();
  });
});
