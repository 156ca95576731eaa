import { describe, expect, it } from "vitest";
import { KeptPromises } from "./kept-promises";

describe("KeptPromises", () => {
  it("kept for 1,000 ms under the same tag: calls at t=0, 999 → 1 computation; t=1,000 or another tag → computed again", async () => {
    const kept = new KeptPromises<number>(1_000, 10);
    let n = 0;
    const compute = async () => ++n;
    expect(await kept.get("a", "v1", 0, compute)).toBe(1);
    expect(await kept.get("a", "v1", 999, compute)).toBe(1);
    expect(await kept.get("a", "v1", 1_000, compute)).toBe(2);
    expect(await kept.get("a", "v2", 1_001, compute)).toBe(3);
  });

  it("concurrent callers share one computation; a failure is not kept", async () => {
    const kept = new KeptPromises<number>(1_000, 10);
    let n = 0;
    const [x, y] = await Promise.all([kept.get("a", "", 0, async () => ++n), kept.get("a", "", 1, async () => ++n)]);
    expect([x, y, n]).toEqual([1, 1, 1]);
    await expect(kept.get("b", "", 0, async () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(await kept.get("b", "", 1, async () => 7)).toBe(7);
  });

  it("at most 2 entries: a third key evicts the oldest (a), b stays", async () => {
    const kept = new KeptPromises<string>(1_000, 2);
    await kept.get("a", "", 0, async () => "a1");
    await kept.get("b", "", 0, async () => "b1");
    await kept.get("c", "", 0, async () => "c1");
    expect(await kept.get("b", "", 1, async () => "b2")).toBe("b1");
    expect(await kept.get("a", "", 1, async () => "a2")).toBe("a2");
  });
});
