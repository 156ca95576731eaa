// proxy.ts's per-user copies of /me (private-page-cache.ts) against a real PostgreSQL and better-auth:
// a user's second load is answered from their own copy with a fresh nonce; another user never gets it;
// a signed-out session, a client navigation or a changed header go to Next. Next itself is played by a
// small HTTP server that renders /me for the session of the request's cookie (the header's e-mail and
// its links' count), with the nonce of its own CSP header, as Next does with the proxy's.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { whoAmI } from "@/server/access/who-am-i";
import { auth, getSessionUser } from "@/server/auth/auth";
import { authRouteHandler } from "@/server/auth/auth-route";
import { db } from "@/server/db/client";
import { PEER_HEADER } from "@/server/http/client-address";
import { newNonce } from "@/server/http/security-headers";
import { addToOrg, makeOrg, makeUser } from "@/server/test/factories";
import { sessionCookie } from "@/server/test/sessions";
import { standInNext } from "@/server/test/stand-in-next";
import { proxy } from "@/proxy";

let server: { close(): Promise<void> };
const renders: string[] = [];

beforeAll(async () => {
  server = await standInNext((req, res) => {
    const nonce = newNonce();
    const lang = /dajie-locale=(\w+)/.exec(req.headers.cookie ?? "")?.[1] ?? "en";
    void getSessionUser(new Headers({ cookie: req.headers.cookie ?? "" })).then(async (user) => {
      renders.push(user?.email ?? "nobody");
      if (!user) return void res.writeHead(307, { location: "/sign-in?next=%2Fme" }).end();
      const who = await whoAmI(db(), user);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'` });
      res.end(`<html lang="${lang}"><script nonce="${nonce}">boot()</script><p>signed in as ${user.email}, ${who.organizations.length} organizations</p></html>`);
    });
  });
});

afterAll(() => server.close());

const get = async (cookie: string, headers: Record<string, string> = {}) => proxy(new NextRequest("http://localhost:3000/me", { headers: { cookie, ...headers } }));
const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
/** NextResponse.next(): the proxy handed the request on to Next's render. */
const toNext = (r: Response) => r.headers.get("x-middleware-next") === "1";
const rendersOf = (email: string) => renders.filter((e) => e === email).length;

describe("the per-user copies of /me (proxy.ts)", () => {
  it("a user's 2 loads → 1 render; the second answer is their page with a fresh nonce matching its CSP, private and no-store", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user);
    const [first, second] = [await get(cookie), await get(cookie)];
    expect(rendersOf(user.email)).toBe(1);
    const [a, b] = [await first.text(), await second.text()];
    expect(b).toContain(`signed in as ${user.email}`);
    const nonces = [first, second].map((r) => nonceOf(r.headers.get("content-security-policy")));
    expect(nonces[0]).not.toBe(nonces[1]);
    expect([a.includes(`nonce="${nonces[0]}"`), b.includes(`nonce="${nonces[1]}"`)]).toEqual([true, true]);
    expect(second.headers.get("cache-control")).toBe("private, no-cache, no-store, max-age=0, must-revalidate");
    expect(second.headers.get("etag")).toBeNull();
  });

  it("two users, each loading twice in turn: 2 renders, and each always gets their own e-mail, never the other's", async () => {
    const [u1, u2] = [await makeUser(), await makeUser()];
    const [c1, c2] = [await sessionCookie(u1), await sessionCookie(u2)];
    for (let i = 0; i < 2; i++) {
      const [p1, p2] = [await (await get(c1)).text(), await (await get(c2)).text()];
      expect(p1).toContain(u1.email);
      expect(p1).not.toContain(u2.email);
      expect(p2).toContain(u2.email);
      expect(p2).not.toContain(u1.email);
    }
    expect([rendersOf(u1.email), rendersOf(u2.email)]).toEqual([1, 1]);
  });

  it("after sign-out the same cookie gets no copy: the request goes to Next (which sends it to sign-in)", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user);
    expect(await (await get(cookie)).text()).toContain(user.email);
    const out = await authRouteHandler(auth).POST(new Request("http://localhost:3000/api/auth/sign-out", { method: "POST", headers: { cookie, origin: "http://localhost:3000", [PEER_HEADER]: "192.0.2.81" } }));
    expect(out.status).toBe(200);
    const after = await get(cookie);
    expect(toNext(after)).toBe(true);
  });

  it("the header's answer changes (the user joins an organization): a new render with 1 organization, at once", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user);
    expect(await (await get(cookie)).text()).toContain("0 organizations");
    await addToOrg(user.id, (await makeOrg("ESCO")).id, "OPERATOR");
    expect(await (await get(cookie)).text()).toContain("1 organizations");
    expect(rendersOf(user.email)).toBe(2);
  });

  it("another language is its own copy (lang it); a client navigation (RSC) and a query go to Next", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user);
    await get(cookie);
    const italian = await (await get(`${cookie}; dajie-locale=it`)).text();
    expect(italian).toContain('lang="it"');
    expect(rendersOf(user.email)).toBe(2);
    expect(toNext(await get(cookie, { rsc: "1" }))).toBe(true);
    expect(toNext(await proxy(new NextRequest("http://localhost:3000/me?x=1", { headers: { cookie } })))).toBe(true);
    expect(toNext(await proxy(new NextRequest("http://localhost:3000/me")))).toBe(true);
  });
});
