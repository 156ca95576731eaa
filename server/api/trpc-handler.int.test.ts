// The console's tRPC over real HTTP semantics (the route's handler, a real session cookie): a mutation
// from a foreign Origin or Referer is refused 403 and changes nothing; answers to a signed-in caller are
// no-store. Also the session upload route's origin check.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { addToOrg, makeCommunity, makeOrg, makeUser } from "@/server/test/factories";
import { sessionCookie } from "@/server/test/sessions";
import { trpcHandler } from "./trpc-handler";

const appOrigin = () => new URL(env().APP_URL).origin;

function createOrg(cookie: string, name: string, headers: Record<string, string>) {
  return trpcHandler(
    new Request(`${appOrigin()}/api/trpc/organization.create`, { method: "POST", headers: { cookie, "content-type": "application/json", ...headers }, body: JSON.stringify({ json: { name, kind: "ESCO" } }) }),
  );
}

describe("tRPC edge", () => {
  it("an admin's mutation with Origin http://evil.example → 403, Referer http://evil.example/x (no Origin) → 403, Origin null → 403: no organization created; from APP_URL's origin → 200, created", async () => {
    const admin = await makeUser({ platformAdmin: true });
    const cookie = await sessionCookie(admin);
    const name = `Forged ${randomUUID()}`;
    const forged = [
      await createOrg(cookie, name, { origin: "http://evil.example" }),
      await createOrg(cookie, name, { referer: "http://evil.example/x" }),
      await createOrg(cookie, name, { origin: "null" }),
    ];
    expect(forged.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(await forged[0]!.json()).toEqual({ code: "FORBIDDEN", message: "This request did not come from a page of this site.", problems: [] });
    expect(await db().organization.count({ where: { name } })).toBe(0);

    // Nor through a GET (a link or an <img> elsewhere): tRPC serves mutations on POST only.
    const viaGet = await trpcHandler(new Request(`${appOrigin()}/api/trpc/organization.create?input=${encodeURIComponent(JSON.stringify({ json: { name, kind: "ESCO" } }))}`, { headers: { cookie } }));
    expect(viaGet.status).toBe(405);
    const own = await createOrg(cookie, name, { origin: appOrigin() });
    expect(own.status).toBe(200);
    expect(await db().organization.count({ where: { name } })).toBe(1);
  });

  it("a signed-in caller's query answer is Cache-Control: no-store; an anonymous caller's answer to a public query is not marked", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user);
    const mine = await trpcHandler(new Request(`${appOrigin()}/api/trpc/organization.mine`, { headers: { cookie } }));
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Cache-Control")).toBe("no-store");
    const anonymous = await trpcHandler(new Request(`${appOrigin()}/api/trpc/invitation.lookup?input=${encodeURIComponent(JSON.stringify({ json: { token: "x".repeat(43) } }))}`));
    expect(anonymous.headers.get("Cache-Control")).not.toBe("no-store");
  });

  it("the session upload route: a POST with Origin http://evil.example and a municipality admin's cookie → 403; the same upload from APP_URL's origin → 201", async () => {
    const { POST: upload } = await import("@/app/api/communities/[communityId]/uploads/route");
    const org = await makeOrg("MUNICIPALITY");
    const admin = await makeUser();
    await addToOrg(admin.id, org.id, "ADMIN");
    const community = await makeCommunity(org.id, admin.id);
    const cookie = await sessionCookie(admin);
    const send = (origin: string) =>
      upload(new Request(`${appOrigin()}/api/communities/${community.id}/uploads`, { method: "POST", headers: { cookie, origin, "x-file-name": "a.csv" }, body: "x" }), { params: Promise.resolve({ communityId: community.id }) });
    const forged = await send("http://evil.example");
    expect([forged.status, forged.headers.get("Cache-Control")]).toEqual([403, "no-store"]);
    expect((await send(appOrigin())).status).toBe(201);
  });
});
