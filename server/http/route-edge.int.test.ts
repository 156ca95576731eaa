// The route edge against a real database and real sessions/tokens: one error body everywhere, the
// status from the one table, no-store on authenticated answers, and one rate limit per API token shared
// by the hand-written /api/v1 routes and the REST API.
import { afterEach, describe, expect, it, vi } from "vitest";
import { restApiHandler } from "@/server/http/rest-handler";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { makeOrg, makeUser } from "@/server/test/factories";
import { requestAs } from "@/server/test/sessions";
import { PEER_HEADER } from "./client-address";
import { API_TOKEN_LIMIT_PER_MINUTE } from "./rate-limit";
import { signedIn, withApiToken, withPublic, withSession } from "./route-edge";

async function orgToken(scopes: ("runs:read" | "exports:read" | "readings:import")[] = ["runs:read"]) {
  const org = await makeOrg("ESCO");
  const user = await makeUser();
  return (await createApiToken(db(), { userId: user.id }, org.id, { name: "edge test", scopes })).token;
}
const bearer = (token: string, url = "http://localhost/api/v1/x") => new Request(url, { headers: { authorization: `Bearer ${token}` } });

afterEach(() => vi.restoreAllMocks());

describe("route edge", () => {
  it(`API token: ${API_TOKEN_LIMIT_PER_MINUTE} calls in a minute pass (RateLimit-Remaining counts down to 0), the ${API_TOKEN_LIMIT_PER_MINUTE + 1}st is 429 with Retry-After 1..60 s — on the REST API too, which shares the count`, async () => {
    const token = await orgToken();
    const route = withApiToken("runs:read", async () => Response.json({ ok: true }));
    const remaining: string[] = [];
    for (let i = 0; i < API_TOKEN_LIMIT_PER_MINUTE; i++) {
      const res = await route(bearer(token));
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("RateLimit-Remaining")!);
    }
    expect(remaining.at(0)).toBe(String(API_TOKEN_LIMIT_PER_MINUTE - 1));
    expect(remaining.at(-1)).toBe("0");
    const refused = await route(bearer(token));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get("RateLimit-Limit")).toBe(String(API_TOKEN_LIMIT_PER_MINUTE));
    expect(refused.headers.get("Cache-Control")).toBe("no-store");
    expect(await refused.json()).toEqual({ code: "TOO_MANY_REQUESTS", message: `Too many requests; try again in ${retryAfter} s.`, problems: [] });

    const rest = await restApiHandler(bearer(token, "http://localhost/api/v1/communities"));
    expect(rest.status).toBe(429);
    expect(Number(rest.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(rest.headers.get("RateLimit-Remaining")).toBe("0");
    expect(await rest.json()).toMatchObject({ code: "TOO_MANY_REQUESTS", problems: [] });
  });

  it(`the real download and import routes: ${API_TOKEN_LIMIT_PER_MINUTE} calls with one token are answered (404, no such community), the ${API_TOKEN_LIMIT_PER_MINUTE + 1}st is 429 with Retry-After ≥ 1`, async () => {
    const { GET: exportRoute } = await import("@/app/api/v1/communities/[slug]/runs/[runId]/export/route");
    const { POST: importRoute } = await import("@/app/api/v1/communities/[slug]/imports/route");
    const routes = [
      { name: "export", call: (token: string) => exportRoute(bearer(token, "http://localhost/api/v1/communities/nope/runs/x/export?format=csv"), { params: Promise.resolve({ slug: "nope", runId: "x" }) }) },
      { name: "imports", call: (token: string) => importRoute(new Request("http://localhost/api/v1/communities/nope/imports", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: "x" }), { params: Promise.resolve({ slug: "nope" }) }) },
    ];
    for (const route of routes) {
      const token = await orgToken(["exports:read", "readings:import"]);
      const statuses = new Set<number>();
      for (let i = 0; i < API_TOKEN_LIMIT_PER_MINUTE; i++) statuses.add((await route.call(token)).status);
      const refused = await route.call(token);
      expect({ route: route.name, statuses: [...statuses], status: refused.status, retryAfter: Number(refused.headers.get("Retry-After")) >= 1 }).toEqual({ route: route.name, statuses: [404], status: 429, retryAfter: true });
    }
  });

  it(`wrong tokens from one address: ${API_TOKEN_LIMIT_PER_MINUTE} × 401, then 429 with Retry-After although every call claims another X-Forwarded-For (TRUST_PROXY=0); another address still gets 401, and a valid token from the flooded address is served`, async () => {
    const route = withApiToken("runs:read", async () => Response.json({ ok: true }));
    let n = 0;
    // PEER_HEADER is what the server writes for the TCP peer (peer-address-hook.ts); the forwarded header is the client's claim.
    const from = (address: string, token = "dj_wrong") => new Request("http://localhost/api/v1/x", { headers: { authorization: `Bearer ${token}`, [PEER_HEADER]: address, "x-forwarded-for": `198.18.${n >> 8}.${n++ & 255}` } });
    const statuses: number[] = [];
    for (let i = 0; i <= API_TOKEN_LIMIT_PER_MINUTE; i++) statuses.push((await route(from("203.0.113.7"))).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(API_TOKEN_LIMIT_PER_MINUTE);
    expect(statuses.at(-1)).toBe(429);
    const refused = await route(from("203.0.113.7"));
    expect([refused.status, Number(refused.headers.get("Retry-After")) > 0]).toEqual([429, true]);
    expect((await route(from("198.51.100.2"))).status).toBe(401);
    expect((await route(from("203.0.113.7", await orgToken()))).status).toBe(200);
  });

  it("a thrown AppError (CONFLICT with a problem) → 409 and {code, message, problems}, no-store; the same shape on the REST API (401 without a token)", async () => {
    const user = await makeUser();
    const route = withSession(signedIn, async () => {
      throw new AppError("CONFLICT", "Already done", [{ where: "runId", message: "issued on 2026-03-01" }]);
    });
    const res = await route(await requestAs(user, "http://localhost/x"));
    expect(res.status).toBe(409);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toEqual({ code: "CONFLICT", message: "Already done", problems: [{ where: "runId", message: "issued on 2026-03-01" }] });

    const rest = await restApiHandler(new Request("http://localhost/api/v1/communities"));
    expect(rest.status).toBe(401);
    expect(rest.headers.get("Cache-Control")).toBe("no-store");
    expect(await rest.json()).toEqual({ code: "UNAUTHORIZED", message: "Invalid or revoked API token", problems: [] });
  });

  it("no session → 401 before the handler runs; a session route's own Cache-Control is replaced by no-store; a public route keeps its own", async () => {
    let ran = 0;
    const route = withSession(signedIn, async () => {
      ran += 1;
      return new Response("x", { headers: { "Cache-Control": "public, max-age=60" } });
    });
    const anonymous = await route(new Request("http://localhost/x"));
    expect([anonymous.status, ran]).toEqual([401, 0]);
    expect(await anonymous.json()).toEqual({ code: "UNAUTHORIZED", message: "Please sign in.", problems: [] });
    const signed = await route(await requestAs(await makeUser(), "http://localhost/x"));
    expect([signed.status, ran, signed.headers.get("Cache-Control")]).toEqual([200, 1, "no-store"]);
    const open = withPublic(async () => new Response("x", { headers: { "Cache-Control": "public, max-age=60" } }));
    expect((await open(new Request("http://localhost/x"))).headers.get("Cache-Control")).toBe("public, max-age=60");
  });

  it("an unexpected error → 500 with a generic message and the request id, under which the cause is logged", async () => {
    const logged: unknown[][] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
    const route = withPublic(async () => {
      throw new Error("connection reset: secret detail");
    });
    const res = await route(new Request("http://localhost/x"));
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({ code: "INTERNAL", message: `Something went wrong on our side (request ${body.requestId}).`, problems: [], requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.stringify(body)).not.toContain("secret");
    expect(logged).toHaveLength(1);
    expect(logged[0]![0]).toBe(`[request ${body.requestId}]`);
    expect(String(logged[0]![1])).toContain("connection reset");
  });
});
