// The session check (/api/auth/get-session) under better-auth's limits as in production: a browser
// navigating fast (and everyone behind one office address) must never be told 429 and look signed
// out, while sign-in stays limited per address.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PEER_HEADER } from "@/server/http/client-address";
import { makeUser } from "@/server/test/factories";
import { sessionCookie } from "@/server/test/sessions";
import { createAuth } from "./auth";
import { authRouteHandler } from "./auth-route";

const limited = createAuth({ rateLimit: true });
const route = authRouteHandler(() => limited);
const getSession = (cookie: string, peer: string) => route.GET(new Request("http://localhost:3000/api/auth/get-session", { headers: { cookie, [PEER_HEADER]: peer } }));
const signIn = (peer: string) =>
  route.POST(new Request("http://localhost:3000/api/auth/sign-in/email", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_HEADER]: peer }, body: JSON.stringify({ email: `nobody-${randomUUID()}@example.test`, password: "wrong-password-123" }) }));

describe("session check is not rate-limited", () => {
  // 150 > the general budget of 100 a minute per address and path that the check used to count against.
  it("150 session checks from one address within seconds → 150 × 200 with the user; 4 wrong sign-ins from that address → 401, 401, 401, 429", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user);
    const peer = "192.0.2.171";
    const statuses: number[] = [];
    let signedInAs: string | undefined;
    for (let i = 0; i < 150; i++) {
      const res = await getSession(cookie, peer);
      statuses.push(res.status);
      if (i === 149) signedInAs = ((await res.json()) as { user?: { email: string } } | null)?.user?.email;
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(signedInAs).toBe(user.email);
    const signIns = [];
    for (let i = 0; i < 4; i++) signIns.push((await signIn(peer)).status);
    expect(signIns).toEqual([401, 401, 401, 429]);
  });
});
