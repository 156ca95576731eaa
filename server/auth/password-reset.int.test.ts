// Admin-issued reset links: the way back in for a locked-out user. Through tRPC (who may issue) and
// better-auth's HTTP handler (the lock, the new password).
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { PEER_HEADER } from "@/server/http/client-address";
import { addToOrg, callerAs, makeOrg, makeUser } from "@/server/test/factories";
import { sessionCookie } from "@/server/test/sessions";
import { auth } from "./auth";
import { authRouteHandler } from "./auth-route";
import { SIGN_IN_LOCK_AFTER } from "./sign-in-lockout";

const route = authRouteHandler(auth);
const signIn = (email: string, password: string) =>
  route.POST(new Request("http://localhost:3000/api/auth/sign-in/email", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_HEADER]: "192.0.2.50" }, body: JSON.stringify({ email, password }) }));
const tokenOf = (link: string) => link.split("/reset/")[1]!;
const NEW_PASSWORD = "a-brand-new-passphrase-77";

async function orgWithAdminAndOperator() {
  const org = await makeOrg("MUNICIPALITY");
  const admin = await makeUser();
  const operator = await makeUser();
  await addToOrg(admin.id, org.id, "ADMIN");
  await addToOrg(operator.id, org.id, "OPERATOR");
  return { org, admin, operator };
}

describe("password reset links", () => {
  it(`a user locked after ${SIGN_IN_LOCK_AFTER} failures: the org admin issues a link, the user sets a new password → signs in at once (lock cleared), old sessions ended; the link works once; audited`, async () => {
    const { org, admin, operator } = await orgWithAdminAndOperator();
    const oldCookie = await sessionCookie(operator);
    for (let i = 0; i < SIGN_IN_LOCK_AFTER; i++) expect((await signIn(operator.email, `wrong-password-${i}`)).status).toBe(401);
    expect((await signIn(operator.email, NEW_PASSWORD)).status).toBe(429);

    const issued = await callerAs(admin).passwordReset.issue({ orgId: org.id, userId: operator.id });
    expect(issued.email).toBe(operator.email);
    const token = tokenOf(issued.link);
    expect(await db().passwordReset.count({ where: { tokenHash: token } })).toBe(0); // only the hash is stored
    expect(await callerAs(null).passwordReset.lookup({ token })).toMatchObject({ email: operator.email });

    const weak = await callerAs(null).passwordReset.complete({ token, password: "short" }).catch((e: unknown) => e);
    expect((weak as TRPCError).code).toBe("BAD_REQUEST");

    await callerAs(null).passwordReset.complete({ token, password: NEW_PASSWORD });
    expect((await signIn(operator.email, NEW_PASSWORD)).status).toBe(200);
    expect(await auth().api.getSession({ headers: new Headers({ cookie: oldCookie }) })).toBeNull();

    const again = await callerAs(null).passwordReset.complete({ token, password: "yet-another-passphrase-88" }).catch((e: unknown) => e);
    expect((again as TRPCError).code).toBe("NOT_FOUND");
    const actions = (await db().auditEvent.findMany({ where: { objectId: operator.id, action: { startsWith: "auth.password-reset" } } })).map((e) => e.action).sort();
    expect(actions).toEqual(["auth.password-reset.issue", "auth.password-reset.use"]);
  });

  it("an org admin may not issue a link for a user who also belongs to another organization (403) nor for an outsider (404); a platform admin may", async () => {
    const { org, admin, operator } = await orgWithAdminAndOperator();
    const other = await makeOrg("ESCO");
    await addToOrg(operator.id, other.id, "OPERATOR");
    const outsider = await makeUser();
    const refused = await callerAs(admin).passwordReset.issue({ orgId: org.id, userId: operator.id }).catch((e: unknown) => e);
    const unknown = await callerAs(admin).passwordReset.issue({ orgId: org.id, userId: outsider.id }).catch((e: unknown) => e);
    expect([(refused as TRPCError).code, (unknown as TRPCError).code]).toEqual(["FORBIDDEN", "NOT_FOUND"]);
    const platform = await makeUser({ platformAdmin: true });
    expect((await callerAs(platform).passwordReset.issue({ orgId: org.id, userId: operator.id })).email).toBe(operator.email);
  });

  it("an expired link is refused and sets nothing", async () => {
    const { org, admin, operator } = await orgWithAdminAndOperator();
    const token = tokenOf((await callerAs(admin).passwordReset.issue({ orgId: org.id, userId: operator.id })).link);
    await db().passwordReset.updateMany({ where: { userId: operator.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await callerAs(null).passwordReset.complete({ token, password: NEW_PASSWORD }).catch((e: unknown) => e);
    expect((expired as TRPCError).code).toBe("NOT_FOUND");
    expect((await signIn(operator.email, NEW_PASSWORD)).status).toBe(401);
  });
});
