// The process's session cache (session-cache.ts) against better-auth and a real PostgreSQL: a session
// ended here is refused at once however recently it was confirmed; one ended elsewhere (a row deleted
// behind this process's back) is refused once SESSION_KEEP_MS have passed; an altered cookie never
// rides on a kept session.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { PEER_HEADER } from "@/server/http/client-address";
import { settlementWorld } from "@/server/settlement/test-settlement";
import { addToOrg, callerAs, makeOrg, makeUser } from "@/server/test/factories";
import { sessionCookie } from "@/server/test/sessions";
import { auth, getSessionUser } from "./auth";
import { authRouteHandler } from "./auth-route";
import { SESSION_KEEP_MS } from "./session-cache";

const route = authRouteHandler(auth);
const headersOf = (cookie: string) => new Headers({ cookie });

describe("session cache", () => {
  it("sign-out through better-auth's route: the session confirmed a moment before is refused at once (kept ≠ alive)", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user);
    expect(await getSessionUser(headersOf(cookie))).toMatchObject({ id: user.id, email: user.email });
    expect(await getSessionUser(headersOf(cookie))).toMatchObject({ id: user.id }); // now from the cache
    const out = await route.POST(new Request("http://localhost:3000/api/auth/sign-out", { method: "POST", headers: { cookie, origin: "http://localhost:3000", [PEER_HEADER]: "192.0.2.80" } }));
    expect(out.status).toBe(200);
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
    expect(await getSessionUser(headersOf(cookie))).toBeNull();
  });

  it("a password reset ends every session of the user: both kept sessions are refused at once, another user's stays", async () => {
    const org = await makeOrg("MUNICIPALITY");
    const [admin, operator, bystander] = [await makeUser(), await makeUser(), await makeUser()];
    await addToOrg(admin.id, org.id, "ADMIN");
    await addToOrg(operator.id, org.id, "OPERATOR");
    const [first, second, other] = [await sessionCookie(operator), await sessionCookie(operator), await sessionCookie(bystander)];
    for (const c of [first, second, other]) expect(await getSessionUser(headersOf(c))).not.toBeNull();
    const { link } = await callerAs(admin).passwordReset.issue({ orgId: org.id, userId: operator.id });
    await callerAs(null).passwordReset.complete({ token: link.split("/reset/")[1]!, password: "a-brand-new-passphrase-77" });
    expect(await getSessionUser(headersOf(first))).toBeNull();
    expect(await getSessionUser(headersOf(second))).toBeNull();
    expect(await getSessionUser(headersOf(other))).toMatchObject({ id: bystander.id });
  });

  it("erasure deletes the resident's account: its kept session is refused at once", async () => {
    const w = await settlementWorld([{}]);
    const resident = await makeUser();
    await db().member.update({ where: { id: w.members[0]!.member.id }, data: { userId: resident.id } });
    const cookie = await sessionCookie(resident);
    expect(await getSessionUser(headersOf(cookie))).toMatchObject({ id: resident.id });
    const erased = await callerAs(w.admin).member.erase({ communityId: w.community.id, memberId: w.members[0]!.member.id });
    expect(erased.accountDeleted).toBe(true);
    expect(await getSessionUser(headersOf(cookie))).toBeNull();
  });

  it(`a session row deleted behind this process's back (another server): kept until ${SESSION_KEEP_MS} ms after it was confirmed, refused from then on`, async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user);
    let clock = Date.now();
    const now = () => clock;
    expect(await getSessionUser(headersOf(cookie), now)).toMatchObject({ id: user.id });
    await db().session.deleteMany({ where: { userId: user.id } }); // no hook runs: as if another process did it
    clock += SESSION_KEEP_MS - 1;
    expect(await getSessionUser(headersOf(cookie), now)).toMatchObject({ id: user.id });
    clock += 1;
    expect(await getSessionUser(headersOf(cookie), now)).toBeNull();
  });

  it("an altered cookie (first character of the token changed, signature kept) is checked by better-auth, not served from the kept session → null", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user);
    expect(await getSessionUser(headersOf(cookie))).toMatchObject({ id: user.id });
    const at = cookie.indexOf("session_token=") + "session_token=".length;
    const altered = cookie.slice(0, at) + (cookie[at] === "a" ? "b" : "a") + cookie.slice(at + 1);
    expect(altered).not.toBe(cookie);
    expect(await getSessionUser(headersOf(altered))).toBeNull();
    expect(await getSessionUser(headersOf(cookie))).toMatchObject({ id: user.id });
  });
});
