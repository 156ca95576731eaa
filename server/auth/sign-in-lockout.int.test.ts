// Sign-in throttling through better-auth's real HTTP handler: per address (the address the server saw,
// not the client's X-Forwarded-For) and per account (lockout with doubling back-off, audited).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { CLIENT_ADDRESS_HEADER, PEER_HEADER } from "@/server/http/client-address";
import { makeUser } from "@/server/test/factories";
import { auth, createAuth } from "./auth";
import { authRouteHandler } from "./auth-route";
import { lockSeconds, SIGN_IN_LOCK_AFTER } from "./sign-in-lockout";

const PASSWORD = "correct-horse-battery-staple-42";

async function userWithPassword() {
  const user = await makeUser();
  const hash = await (await auth().$context).password.hash(PASSWORD);
  await db().account.create({ data: { id: randomUUID(), accountId: user.id, providerId: "credential", userId: user.id, password: hash } });
  return user;
}

const signIn = (route: ReturnType<typeof authRouteHandler>, email: string, password: string, headers: Record<string, string> = {}) =>
  route.POST(new Request("http://localhost:3000/api/auth/sign-in/email", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_HEADER]: "192.0.2.10", ...headers }, body: JSON.stringify({ email, password }) }));

/** Lets the current lock run out (as the clock would), without waiting. */
const expireLock = (email: string) => db().$executeRaw`UPDATE sign_in_throttle SET locked_until = now() - interval '1 second' WHERE email = ${email}`;

describe("sign-in throttling", () => {
  // better-auth allows 3 sign-ins per address in 10 s; 12 attempts stay well inside one window.
  it("per address: 12 wrong passwords from one peer, each claiming another X-Forwarded-For → 3 × 401, then 429; another peer still gets 401", async () => {
    const route = authRouteHandler(() => limited);
    const limited = createAuth({ rateLimit: true });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await signIn(route, `nobody-${i}-${randomUUID()}@example.test`, "wrong-password-123", { "x-forwarded-for": `198.18.0.${i}` })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(new Set(statuses.slice(3))).toEqual(new Set([429]));
    expect((await signIn(route, `nobody-${randomUUID()}@example.test`, "wrong-password-123", { [PEER_HEADER]: "192.0.2.99" })).status).toBe(401);
    // IPv6: another address in the same /64 is the same bucket (validated by better-auth as an address).
    // Another /64 is another bucket (an address better-auth could not parse would share one bucket with all).
    const v6 = (peer: string) => signIn(route, `nobody-${randomUUID()}@example.test`, "wrong-password-123", { [PEER_HEADER]: peer }).then((r) => r.status);
    expect([await v6("2001:db8:7:7::1"), await v6("2001:db8:7:7::2"), await v6("2001:db8:7:7::3"), await v6("2001:db8:7:7:ffff::4"), await v6("2001:db8:7:8::1")]).toEqual([401, 401, 401, 429, 401]);
    // Nor can a client name the address better-auth reads: the route writes it over whatever was sent.
    expect((await signIn(route, `nobody-${randomUUID()}@example.test`, "wrong-password-123", { [CLIENT_ADDRESS_HEADER]: "198.18.9.9" })).status).toBe(429);
  });

  it(`per account: ${SIGN_IN_LOCK_AFTER} wrong passwords (from ${SIGN_IN_LOCK_AFTER} addresses) → the right one is refused 429 with Retry-After ≤ ${lockSeconds(SIGN_IN_LOCK_AFTER)} s; after the lock one more failure doubles it (> ${lockSeconds(SIGN_IN_LOCK_AFTER)} s); then the right password works and clears the count; audited`, async () => {
    const route = authRouteHandler(auth);
    const user = await userWithPassword();
    const wrong: number[] = [];
    for (let i = 0; i < SIGN_IN_LOCK_AFTER; i++) wrong.push((await signIn(route, user.email, `wrong-password-${i}`, { [PEER_HEADER]: `192.0.2.${20 + i}` })).status);
    expect(wrong).toEqual(Array(SIGN_IN_LOCK_AFTER).fill(401));

    const locked = await signIn(route, user.email.toUpperCase(), PASSWORD);
    expect(locked.status).toBe(429);
    const retry = Number(locked.headers.get("Retry-After"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(lockSeconds(SIGN_IN_LOCK_AFTER));

    await expireLock(user.email);
    expect((await signIn(route, user.email, "wrong-password-x")).status).toBe(401);
    const doubled = await signIn(route, user.email, PASSWORD);
    expect(doubled.status).toBe(429);
    expect(Number(doubled.headers.get("Retry-After"))).toBeGreaterThan(lockSeconds(SIGN_IN_LOCK_AFTER));

    await expireLock(user.email);
    const ok = await signIn(route, user.email, PASSWORD);
    expect([ok.status, ok.headers.get("Cache-Control")]).toEqual([200, "no-store"]);
    expect(await db().signInThrottle.findUnique({ where: { email: user.email } })).toBeNull();

    const events = await db().auditEvent.findMany({ where: { objectType: "user", objectId: user.id }, orderBy: { createdAt: "asc" } });
    const count = (action: string) => events.filter((e) => e.action === action).length;
    expect({ failed: count("auth.sign-in.failed"), locked: count("auth.account.locked") }).toEqual({ failed: SIGN_IN_LOCK_AFTER + 1, locked: 2 });
  });

  it(`20 wrong passwords at once for one account: at most ${SIGN_IN_LOCK_AFTER} are checked (401), the rest 429`, async () => {
    const route = authRouteHandler(auth);
    const user = await userWithPassword();
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(route, user.email, `wrong-password-${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(SIGN_IN_LOCK_AFTER);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });

  it(`an address without an account is locked the same way (${SIGN_IN_LOCK_AFTER} × 401, then 429): a lock does not reveal whether the account exists; a count a day old and unlocked is forgotten`, async () => {
    const route = authRouteHandler(auth);
    const email = `ghost-${randomUUID()}@example.test`;
    const statuses: number[] = [];
    for (let i = 0; i <= SIGN_IN_LOCK_AFTER; i++) statuses.push((await signIn(route, email, "wrong-password-123")).status);
    expect(statuses).toEqual([...Array(SIGN_IN_LOCK_AFTER).fill(401), 429]);

    // A day later, lock run out: the next successful sign-in (anyone's) forgets the count.
    await db().$executeRaw`UPDATE sign_in_throttle SET updated_at = now() - interval '25 hours', locked_until = now() - interval '1 hour' WHERE email = ${email}`;
    const user = await userWithPassword();
    expect((await signIn(route, user.email, PASSWORD)).status).toBe(200);
    expect(await db().signInThrottle.findUnique({ where: { email } })).toBeNull();
  });
});

describe("lockSeconds", () => {
  it("5 → 60 s, 6 → 120 s, 7 → 240 s, capped at 60 × 2^10 s; below 5 → 0", () => {
    expect([4, 5, 6, 7, 15, 40].map(lockSeconds)).toEqual([0, 60, 120, 240, 61440, 61440]);
  });
});
