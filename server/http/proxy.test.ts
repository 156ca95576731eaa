// proxy.ts on a page request: the CSP on the answer and on the forwarded request (where Next reads the
// nonce), the same nonce in both, a new one per request; the path header for the language.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";

// proxy.ts reads APP_URL through server/env.ts, which validates the whole environment.
beforeAll(() => {
  vi.stubEnv("DATABASE_URL", "postgresql://unused/unused");
  vi.stubEnv("BETTER_AUTH_SECRET", "x".repeat(32));
});

const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

describe("proxy", () => {
  it("sets Content-Security-Policy on the answer and the forwarded request with one nonce, fresh per request", async () => {
    const first = await proxy(new NextRequest("http://localhost:3000/console"));
    const csp = first.headers.get("Content-Security-Policy");
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-middleware-request-x-dajie-pathname")).toBe("/console");
    const second = await proxy(new NextRequest("http://localhost:3000/console"));
    expect(nonceOf(second.headers.get("Content-Security-Policy"))).not.toBe(nonceOf(csp));
  });
});
