// whoAmI in one query: the header's links and me.whoami, against a real PostgreSQL.
import { describe, expect, it } from "vitest";
import { addToOrg, makeOrg, makeUser, makeWorld, makeMember, unique } from "@/server/test/factories";
import { db } from "@/server/db/client";
import { whoAmI } from "./who-am-i";

const identity = (u: { id: string; email: string; name: string }) => ({ id: u.id, email: u.email, name: u.name });

describe("whoAmI", () => {
  it("a user in 2 organizations (ADMIN of 'b…', OPERATOR of 'a…') and a resident: the organizations by name with roles, residentOf true, not platform admin", async () => {
    const user = await makeUser();
    const suffix = unique("org");
    const b = await makeOrg("ESCO", `b ${suffix}`);
    const a = await makeOrg("MUNICIPALITY", `a ${suffix}`);
    await addToOrg(user.id, b.id, "ADMIN");
    await addToOrg(user.id, a.id, "OPERATOR");
    const w = await makeWorld();
    await makeMember(w.communityA.id, { userId: user.id });
    expect(await whoAmI(db(), identity(user))).toEqual({
      user: identity(user),
      platformAdmin: false,
      organizations: [
        { id: a.id, name: a.name, kind: "MUNICIPALITY", role: "OPERATOR" },
        { id: b.id, name: b.name, kind: "ESCO", role: "ADMIN" },
      ],
      residentOf: true,
    });
  });

  it("a platform administrator with nothing else → platformAdmin true, no organizations, not a resident; a user with nothing → all false/empty", async () => {
    const admin = await makeUser({ platformAdmin: true });
    const nobody = await makeUser();
    expect(await whoAmI(db(), identity(admin))).toEqual({ user: identity(admin), platformAdmin: true, organizations: [], residentOf: false });
    expect(await whoAmI(db(), identity(nobody))).toEqual({ user: identity(nobody), platformAdmin: false, organizations: [], residentOf: false });
  });
});
