// The custom server's fast path (server/http/fast-path.ts, server.ts) against a real PostgreSQL: a
// front server answers from the page cache when it can and otherwise hands the request to proxy.ts
// (as server.ts hands it to Next, which runs the proxy). "Next" itself is played, as in
// page-cache.int.test.ts, by a small HTTP server that renders with the nonce of its own CSP header.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { gunzipSync } from "node:zlib";
import type { NextConfig } from "next";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error next.config.js is JavaScript (type-checked by its own @ts-check), without declarations
import nextConfigJs from "@/next.config.js";
import { db } from "@/server/db/client";
import { answerFromPageCache } from "@/server/http/fast-path";
import { newNonce } from "@/server/http/security-headers";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { publicStatsCached } from "@/server/transparency/public-stats";
import { publicDataVersion, VERSION_POLL_MS } from "@/server/transparency/public-data-version";
import { proxy } from "@/proxy";

const nextConfig = nextConfigJs as NextConfig;
let next: Server;
let front: Server;
let frontPort = 0;
let renders = 0;
let handed = 0;
let previousOrigin: string | undefined;

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const a = s.address();
  return typeof a === "object" && a ? a.port : 0;
};

beforeAll(async () => {
  next = createServer((req, res) => {
    renders++;
    const slug = /^\/c\/([^/?]+)/.exec(req.url ?? "")?.[1];
    const nonce = newNonce();
    const page = (periods: string) => `<html><script nonce="${nonce}">boot()</script><p>periods ${periods}</p>${"<p>filler</p>".repeat(2000)}<script nonce="${nonce}" src="/x.js"></script></html>`;
    const answer = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-security-policy": `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'` });
      res.end(body);
    };
    if (!slug) return answer(200, page("-"));
    publicStatsCached(db(), slug).then((s) => answer(200, page(String(s.figures.periods.length))), () => answer(404, page("none")));
  });
  previousOrigin = process.env.__NEXT_PRIVATE_ORIGIN;
  process.env.__NEXT_PRIVATE_ORIGIN = `http://127.0.0.1:${await listen(next)}`;
  front = createServer((req, res) => {
    if (answerFromPageCache(req, res)) return;
    handed++;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    void Promise.resolve(proxy(new NextRequest(`http://localhost${req.url}`, { headers }))).then(async (r) => {
      const out: Record<string, string> = { "x-answered-by": "proxy" };
      r.headers.forEach((v, k) => (out[k] = v));
      res.writeHead(r.status, out);
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  frontPort = await listen(front);
});

afterAll(async () => {
  process.env.__NEXT_PRIVATE_ORIGIN = previousOrigin;
  await Promise.all([next, front].map((s) => new Promise((r) => s.close(r))));
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
const get = (path: string, headers: Record<string, string> = {}) =>
  new Promise<Answer>((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: frontPort, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
const nonceOf = (csp: string | string[] | undefined) => /'nonce-([^']+)'/.exec(String(csp ?? ""))?.[1];
const bodyNonces = (body: Buffer) => [...body.toString("utf8").matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
const fast = (a: Answer) => a.headers["x-answered-by"] === undefined;

const from = (d: number) => `2026-03-${String(d - 1).padStart(2, "0")}T23:00:00Z`;
async function community() {
  const w = await settlementWorld([{}, {}, { injection: true }]);
  for (const m of w.members) await writeReadings(w.community.id, (m.consumption ?? m.injection)!.id, from(2), from(3), 1_000n);
  // The new rows change the polled version; wait for a poll to have seen them, or a page rendered now
  // would be kept under the version before them and be stale at the next poll (a real miss, but not
  // the one a test means).
  await new Promise((r) => setTimeout(r, VERSION_POLL_MS));
  await publicDataVersion();
  return w;
}

describe("the custom server's fast path", () => {
  it("a miss goes to the proxy (1 render); the next 2 requests are answered by the fast path with fresh nonces matching their CSP; 304 on the ETag", async () => {
    const w = await community();
    const before = { renders, handed };
    const miss = await get(`/c/${w.community.slug}`);
    expect(fast(miss)).toBe(false);
    const [a, b] = [await get(`/c/${w.community.slug}`), await get(`/c/${w.community.slug}`)];
    expect([fast(a), fast(b)]).toEqual([true, true]);
    expect({ renders: renders - before.renders, handed: handed - before.handed }).toEqual({ renders: 1, handed: 1 });
    const nonces = [a, b].map((r) => nonceOf(r.headers["content-security-policy"]));
    expect(nonces[0]).toBeTruthy();
    expect(nonces[0]).not.toBe(nonces[1]);
    [a, b].forEach((r, i) => expect(bodyNonces(r.body)).toEqual([nonces[i], nonces[i]]));
    expect(a.body.toString()).toContain("periods 0");
    expect(a.headers.etag).toBe(miss.headers.etag);
    const again = await get(`/c/${w.community.slug}`, { "if-none-match": a.headers.etag as string });
    expect([again.status, fast(again), again.headers["content-security-policy"], again.body.length]).toEqual([304, true, undefined, 0]);
  });

  it("carries the headers of a proxy-served hit plus next.config.js's headers() for every page, with equal values but the nonce's", async () => {
    const w = await community();
    await get(`/c/${w.community.slug}`);
    const viaFast = await get(`/c/${w.community.slug}`);
    expect(fast(viaFast)).toBe(true);
    // What Next would send for a proxy hit: the proxy's headers, then next.config.js's.
    const viaProxy = await proxy(new NextRequest(`http://localhost/c/${w.community.slug}`));
    expect(viaProxy.headers.get("etag")).toBe(viaFast.headers.etag);
    const expected = new Map<string, string>();
    viaProxy.headers.forEach((v, k) => expected.set(k, v));
    const rules = await nextConfig.headers!();
    for (const h of rules.find((r) => r.source === "/:path*")!.headers) expected.set(h.key.toLowerCase(), h.value);
    // Transport headers (Node's own) aside; Vary also names Accept-Encoding, as Next's compression adds.
    const transport = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding", "content-encoding"]);
    const got = new Map(Object.entries(viaFast.headers).filter(([k]) => !transport.has(k)).map(([k, v]) => [k, String(v)]));
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, v] of expected) {
      if (k === "content-security-policy") expect(got.get(k)!.replace(/'nonce-[^']+'/, "N")).toBe(v.replace(/'nonce-[^']+'/, "N"));
      else if (k === "vary") expect(got.get(k)).toBe(`${v}, Accept-Encoding`);
      else expect(got.get(k)).toBe(v);
    }
  });

  it("gzips for Accept-Encoding: gzip (the page's bytes, nonce included, once unzipped) and not otherwise", async () => {
    const w = await community();
    await get(`/c/${w.community.slug}`);
    const zipped = await get(`/c/${w.community.slug}`, { "accept-encoding": "gzip, deflate, br" });
    const plain = await get(`/c/${w.community.slug}`, { "accept-encoding": "gzip;q=0, identity" });
    expect([fast(zipped), zipped.headers["content-encoding"], fast(plain), plain.headers["content-encoding"]]).toEqual([true, "gzip", true, undefined]);
    const unzipped = gunzipSync(zipped.body);
    expect(bodyNonces(unzipped)).toEqual([nonceOf(zipped.headers["content-security-policy"]), nonceOf(zipped.headers["content-security-policy"])]);
    expect(unzipped.toString().replaceAll(bodyNonces(unzipped)[0]!, "N")).toBe(plain.body.toString().replaceAll(bodyNonces(plain.body)[0]!, "N"));
    expect(zipped.body.length).toBeLessThan(plain.body.length / 4);
  });

  it("a signed-in request, a client navigation and a forged render-request header are handed to Next", async () => {
    const w = await community();
    await get(`/c/${w.community.slug}`);
    expect(fast(await get(`/c/${w.community.slug}`))).toBe(true);
    expect(fast(await get(`/c/${w.community.slug}`, { cookie: "better-auth.session_token=abc.def" }))).toBe(false);
    expect(fast(await get(`/c/${w.community.slug}`, { rsc: "1" }))).toBe(false);
    expect(fast(await get(`/c/${w.community.slug}`, { "x-dajie-page-fill": "guess" }))).toBe(false);
  });

  it("after a finalize in this process the next request is rendered again (periods 0 → 1), then answered fast", async () => {
    const w = await community();
    await get(`/c/${w.community.slug}`);
    expect((await get(`/c/${w.community.slug}`)).body.toString()).toContain("periods 0");
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: new Date("2026-03-20T12:00:00Z") });
    const after = await get(`/c/${w.community.slug}`);
    expect([fast(after), after.body.toString().includes("periods 1")]).toEqual([false, true]);
    const next = await get(`/c/${w.community.slug}`);
    expect([fast(next), next.body.toString().includes("periods 1")]).toEqual([true, true]);
  });

  it("polls the data version itself: a change made elsewhere (SQL, not this process) is seen by the request after the one that started the read", async () => {
    const w = await community();
    await get(`/c/${w.community.slug}`);
    expect(fast(await get(`/c/${w.community.slug}`))).toBe(true);
    await db().$executeRawUnsafe(`UPDATE community SET updated_at = now() + interval '1 hour' WHERE id = $1`, w.community.id);
    // Past the poll interval: this hit is still answered from the copy (it does not wait for the read) …
    await new Promise((r) => setTimeout(r, VERSION_POLL_MS + 50));
    expect(fast(await get(`/c/${w.community.slug}`))).toBe(true);
    await new Promise((r) => setTimeout(r, 200)); // … which the read meanwhile finishes,
    const before = renders;
    const after = await get(`/c/${w.community.slug}`); // so this one sees a new version and is rendered again.
    expect([fast(after), renders - before]).toEqual([false, 1]);
  });
});
