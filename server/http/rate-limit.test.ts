import { describe, expect, it } from "vitest";
import { fixedWindowLimit, rateLimitHeaders } from "./rate-limit";

describe("API rate limit", () => {
  it("3 per minute: the 4th request within the minute is refused with the seconds to wait; a new minute starts afresh; tokens count apart", () => {
    const limit = fixedWindowLimit(3, 60_000);
    expect([0, 1_000, 2_000].map((t) => limit.take("a", t).allowed)).toEqual([true, true, true]);
    expect(limit.take("a", 15_000)).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 45, retryAfterSeconds: 45 });
    expect(limit.take("b", 15_000).allowed).toBe(true);
    expect(limit.take("a", 60_000)).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 60, retryAfterSeconds: 0 });
  });

  it("headers: 60 − 15.5 s → RateLimit-Reset 45 (rounded up); Retry-After only on a refusal", () => {
    const limit = fixedWindowLimit(1, 60_000);
    expect(rateLimitHeaders(limit.take("a", 0))).toEqual({ "RateLimit-Limit": "1", "RateLimit-Remaining": "0", "RateLimit-Reset": "60" });
    expect(rateLimitHeaders(limit.take("a", 15_500))).toEqual({ "RateLimit-Limit": "1", "RateLimit-Remaining": "0", "RateLimit-Reset": "45", "Retry-After": "45" });
  });
});
