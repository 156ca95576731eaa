// The session cache's own rules, with a stand-in lookup (what better-auth would answer) and a clock.
import { beforeEach, describe, expect, it } from "vitest";
import { forgetAllSessions, forgetSessionToken, forgetUser, keptSession, SESSION_KEEP_MS, type KeptSession } from "./session-cache";

const session = (token: string, userId = `u-${token}`, expiresAt = Number.MAX_SAFE_INTEGER): KeptSession<string> => ({ user: userId, userId, token, expiresAt });

describe("keptSession", () => {
  beforeEach(() => forgetAllSessions());

  it(`kept for ${SESSION_KEEP_MS} ms: lookups at t=0 and t=${SESSION_KEEP_MS} → 2 (not 1, not 3 over three calls)`, async () => {
    let lookups = 0;
    let t = 1_000_000;
    const lookup = async () => (lookups++, session("a"));
    await keptSession("c=a", lookup, () => t);
    t += SESSION_KEEP_MS - 1;
    await keptSession("c=a", lookup, () => t);
    t += 1;
    expect(await keptSession("c=a", lookup, () => t)).toBe("u-a");
    expect(lookups).toBe(2);
  });

  it("never past the session's own expiry: expires 1 s after the lookup → looked up again at +1 s", async () => {
    let lookups = 0;
    const t = 1_000_000;
    const lookup = async () => (lookups++, session("a", "u-a", t + 1_000));
    await keptSession("c=a", lookup, () => t);
    await keptSession("c=a", lookup, () => t + 999);
    await keptSession("c=a", lookup, () => t + 1_000);
    expect(lookups).toBe(2);
  });

  it("no session (null) is never kept: 2 calls → 2 lookups", async () => {
    let lookups = 0;
    const lookup = async () => (lookups++, null);
    expect(await keptSession("c=x", lookup)).toBeNull();
    expect(await keptSession("c=x", lookup)).toBeNull();
    expect(lookups).toBe(2);
  });

  it("a sign-out during the lookup: its answer is returned to that request but not kept → the next call looks up again", async () => {
    let lookups = 0;
    const racing = async () => {
      lookups++;
      forgetSessionToken("a"); // the session ends while better-auth is still answering
      return session("a");
    };
    await keptSession("c=a", racing);
    await keptSession("c=a", async () => (lookups++, null));
    expect(lookups).toBe(2);
  });

  it("forgetUser drops only that user's sessions; forgetSessionToken only that token", async () => {
    let lookups = 0;
    const lookupOf = (token: string, userId: string) => async () => (lookups++, session(token, userId));
    await keptSession("c=a", lookupOf("a", "u1"));
    await keptSession("c=b", lookupOf("b", "u1"));
    await keptSession("c=c", lookupOf("c", "u2"));
    forgetUser("u1");
    forgetSessionToken("zzz");
    await keptSession("c=a", lookupOf("a", "u1"));
    await keptSession("c=b", lookupOf("b", "u1"));
    await keptSession("c=c", lookupOf("c", "u2"));
    expect(lookups).toBe(3 + 2);
  });

  it("without a Cookie header nothing is kept: 2 calls → 2 lookups", async () => {
    let lookups = 0;
    await keptSession(null, async () => (lookups++, session("a")));
    await keptSession(null, async () => (lookups++, session("a")));
    expect(lookups).toBe(2);
  });
});
