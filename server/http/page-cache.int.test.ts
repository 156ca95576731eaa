// proxy.ts's page cache against a real PostgreSQL: an anonymous GET of a public page is answered from
// a kept copy with a fresh nonce that matches its CSP header; a finalize in this process shows on the
// next request; a signed-in request and a client navigation go to Next; each language is its own copy.
// Next itself is played by a small HTTP server that renders what the page depends on (the language
// from the switcher's cookie, the community's settled periods from publicStatsCached) with the nonce
// of its own CSP header, as Next does with the proxy's; the e2e spec public-page-cache.spec.ts runs the
// same path through the real build.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { newNonce } from "@/server/http/security-headers";
import { publicStatsCached } from "@/server/transparency/public-stats";
import { standInNext } from "@/server/test/stand-in-next";
import { proxy } from "@/proxy";

let server: { close(): Promise<void> };
let renders = 0;

beforeAll(async () => {
  server = await standInNext((req, res) => {
    renders++;
    const slug = /^\/c\/([^/?]+)/.exec(req.url ?? "")?.[1];
    const lang = /dajie-locale=(\w+)/.exec(req.headers.cookie ?? "")?.[1] ?? "en";
    const nonce = newNonce();
    const page = (periods: string) => `<html lang="${lang}"><script nonce="${nonce}">boot()</script><p>periods ${periods}</p><script nonce="${nonce}" src="/x.js"></script></html>`;
    const answer = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-security-policy": `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'` });
      res.end(body);
    };
    if (!slug) return answer(200, page("-"));
    publicStatsCached(db(), slug).then(
      (s) => answer(200, page(String(s.figures.periods.length))),
      () => answer(404, page("none")),
    );
  });
});

afterAll(() => server.close());

const get = async (path: string, headers: Record<string, string> = {}) => proxy(new NextRequest(`http://localhost:3000${path}`, { headers }));
const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
const bodyNonces = (body: string) => [...body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);

// Local days in Europe/Rome: 2026-03-02 starts at 23:00Z the day before.
const from = (d: number) => `2026-03-${String(d - 1).padStart(2, "0")}T23:00:00Z`;

async function community() {
  const w = await settlementWorld([{}, {}, {}, { injection: true }, { injection: true }]);
  for (const m of w.members) await writeReadings(w.community.id, (m.consumption ?? m.injection)!.id, from(2), from(3), 1_000n);
  return w;
}

describe("the anonymous page cache (proxy.ts)", () => {
  it("answers the second request from the copy (1 render for 2 requests) with a fresh nonce in the page that matches its CSP header; 304 on its ETag, without a CSP", async () => {
    const w = await community();
    const before = renders;
    const first = await get(`/c/${w.community.slug}`);
    const second = await get(`/c/${w.community.slug}`);
    expect(renders - before).toBe(1);
    const texts = [await first.text(), await second.text()];
    const nonces = [first, second].map((r) => nonceOf(r.headers.get("content-security-policy")));
    expect(nonces[0]).toBeTruthy();
    expect(nonces[0]).not.toBe(nonces[1]);
    texts.forEach((text, i) => expect(bodyNonces(text)).toEqual([nonces[i], nonces[i]]));
    expect(texts[1]).toContain("periods 0");
    expect(second.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=5, stale-while-revalidate=30");
    const etag = second.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get("etag")).toBe(etag);
    const again = await get(`/c/${w.community.slug}`, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("content-security-policy")).toBeNull();
  });

  it("after a finalize the next request shows the new figures (periods 0 → 1), rendered again", async () => {
    const w = await community();
    expect(await (await get(`/c/${w.community.slug}`)).text()).toContain("periods 0");
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: new Date("2026-03-20T12:00:00Z") });
    const after = await get(`/c/${w.community.slug}`);
    expect(await after.text()).toContain("periods 1");
  });

  it("a signed-in request and a client navigation are left to Next (not answered from the copy)", async () => {
    const w = await community();
    await get(`/c/${w.community.slug}`);
    const signedIn = await get(`/c/${w.community.slug}`, { cookie: "better-auth.session_token=abc.def" });
    expect(signedIn.headers.get("x-middleware-next")).toBe("1");
    expect(signedIn.headers.get("etag")).toBeNull();
    const navigation = await get(`/c/${w.community.slug}`, { rsc: "1" });
    expect(navigation.headers.get("x-middleware-next")).toBe("1");
    const anonymous = await get(`/c/${w.community.slug}`);
    expect(anonymous.headers.get("x-middleware-next")).toBeNull();
    expect(anonymous.status).toBe(200);
  });

  it("another Accept-Language gets its own copy in its language; the switcher's cookie wins", async () => {
    const w = await community();
    expect(await (await get(`/c/${w.community.slug}`)).text()).toContain('lang="en"');
    expect(await (await get(`/c/${w.community.slug}`, { "accept-language": "de-DE,de;q=0.9" })).text()).toContain('lang="de"');
    expect(await (await get(`/c/${w.community.slug}`, { "accept-language": "de", cookie: "dajie-locale=it" })).text()).toContain('lang="it"');
    expect(await (await get(`/c/${w.community.slug}`)).text()).toContain('lang="en"');
  });

  it("an unknown community: the render's 404 goes to the visitor with a nonce of its own, and is not kept", async () => {
    const before = renders;
    const a = await get("/c/no-such-community-page-cache");
    const b = await get("/c/no-such-community-page-cache");
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(renders - before).toBe(2);
    const text = await b.text();
    expect(bodyNonces(text)[0]).toBe(nonceOf(b.headers.get("content-security-policy")));
    expect(b.headers.get("etag")).toBeNull();
  });
});
