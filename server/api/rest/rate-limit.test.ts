import { describe, expect, it } from "vitest";
import { fixedWindowLimit } from "./rate-limit";

describe("API rate limit", () => {
  it("3 per minute: the 4th request within the minute is refused with the seconds to wait; a new minute starts afresh; tokens count apart", () => {
    const limit = fixedWindowLimit(3, 60_000);
    expect([0, 1_000, 2_000].map((t) => limit.take("a", t).allowed)).toEqual([true, true, true]);
    expect(limit.take("a", 15_000)).toEqual({ allowed: false, retryAfterSeconds: 45, remaining: 0 });
    expect(limit.take("b", 15_000).allowed).toBe(true);
    expect(limit.take("a", 60_000)).toEqual({ allowed: true, retryAfterSeconds: 0, remaining: 2 });
  });
});
