import { describe, expect, it } from "vitest";
import { synthesize } from "./synthetic-readings";

const start = new Date("2026-06-01T00:00:00Z");

describe("synthetic demo readings", () => {
  it("3 days of quarter hours → 288 integer mWh values, identical for the same seed", () => {
    const a = synthesize({ kind: "consumption", scaleKw: 0.5, seed: 7 }, start, 3);
    expect(a).toHaveLength(288);
    expect(a.every((v) => typeof v === "bigint" && v >= 0n)).toBe(true);
    expect(synthesize({ kind: "consumption", scaleKw: 0.5, seed: 7 }, start, 3)).toEqual(a);
    expect(synthesize({ kind: "consumption", scaleKw: 0.5, seed: 8 }, start, 3)).not.toEqual(a);
  });

  it("a 3 kW plant produces nothing at night and at most 3 kW × 0.25 h × 1.1 = 825,000 mWh per quarter hour", () => {
    const p = synthesize({ kind: "production", scaleKw: 3, seed: 1 }, start, 1, 0);
    expect(p.slice(0, 4 * 6)).toEqual(Array(24).fill(0n)); // 00:00–06:00
    expect(p.reduce((m, v) => (v > m ? v : m), 0n) <= 825_000n).toBe(true);
    expect(p.reduce((s, v) => s + v, 0n) > 0n).toBe(true);
  });
});
