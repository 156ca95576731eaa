import { describe, expect, it } from "vitest";
import { clearLevels, type Level } from "./clearing";

// Prices in market units (10^-7 EUR/kWh), quantities in mWh.
const eur = (text: string) => BigInt(Math.round(Number(text) * 1e7));
const lv = (price: string, kWh: number): Level => ({ price: eur(price), quantity: BigInt(kWh * 1e6) });
const kWh = (mWh: bigint) => Number(mWh) / 1e6;

// The worked example.
const bids = [lv("0.2075", 3), lv("0.18", 2), lv("0.12", 4)];
const asks = [lv("0.10", 4), lv("0.14", 3)];

describe("clearLevels", () => {
  it("worked example, uniform: bids 0.2075×3, 0.18×2, 0.12×4 vs asks 0.10×4, 0.14×3 → 5 kWh at 0.14", () => {
    const c = clearLevels(bids, asks, "uniform");
    expect(kWh(c.volume)).toBe(5);
    expect(c.uniformPrice).toBe(eur("0.14"));
    expect(c.pieces.every((p) => p.price === eur("0.14"))).toBe(true);
    expect(c.bidFilled.map(kWh)).toEqual([3, 2, 0]);
    expect(c.askFilled.map(kWh)).toEqual([4, 1]);
  });

  it("worked example, midpoint: pieces 3 kWh at (0.2075+0.10)/2 = 0.15375, 1 at (0.18+0.10)/2 = 0.14, 1 at (0.18+0.14)/2 = 0.16", () => {
    const c = clearLevels(bids, asks, "midpoint");
    expect(c.pieces.map((p) => [p.bid, p.ask, kWh(p.quantity), p.price])).toEqual([
      [0, 0, 3, 1_537_500n],
      [1, 0, 1, 1_400_000n],
      [1, 1, 1, 1_600_000n],
    ]);
    expect(c.uniformPrice).toBeNull();
  });

  it("uniform, all asks taken (a′ = +∞): bids 0.20×5, 0.16×5 vs ask 0.10×6 → 6 kWh at midpoint of [max(0.10, 0.16), min(0.16, ∞)] = 0.16", () => {
    const c = clearLevels([lv("0.20", 5), lv("0.16", 5)], [lv("0.10", 6)], "uniform");
    expect(kWh(c.volume)).toBe(6);
    expect(c.uniformPrice).toBe(eur("0.16"));
  });

  it("uniform, both sides used up exactly: bid 0.20×2 vs ask 0.10×2 → range [0.10, 0.20] → 0.15", () => {
    const c = clearLevels([lv("0.20", 2)], [lv("0.10", 2)], "uniform");
    expect(c.uniformPrice).toBe(eur("0.15"));
  });

  it("uniform, all bids taken (b′ = −∞): bid 0.20×2 vs asks 0.10×1, 0.12×5 → range [0.12, min(0.20, 0.12)] → 0.12", () => {
    const c = clearLevels([lv("0.20", 2)], [lv("0.10", 1), lv("0.12", 5)], "uniform");
    expect(kWh(c.volume)).toBe(2);
    expect(c.uniformPrice).toBe(eur("0.12"));
  });

  it("uniform, next levels bound the range: bids 0.25×1, 0.13×1 vs asks 0.05×1, 0.20×1 → [max(0.05, 0.13), min(0.25, 0.20)] = [0.13, 0.20] → 0.165", () => {
    const c = clearLevels([lv("0.25", 1), lv("0.13", 1)], [lv("0.05", 1), lv("0.20", 1)], "uniform");
    expect(kWh(c.volume)).toBe(1);
    expect(c.uniformPrice).toBe(eur("0.165"));
  });

  it("equal bid and ask (0.12 vs 0.12) trade at 0.12; bid 0.11 below ask 0.12 trades nothing", () => {
    expect(clearLevels([lv("0.12", 1)], [lv("0.12", 1)], "midpoint").pieces[0]!.price).toBe(eur("0.12"));
    const none = clearLevels([lv("0.11", 1)], [lv("0.12", 1)], "uniform");
    expect(none.volume).toBe(0n);
    expect(none.pieces).toEqual([]);
    expect(none.uniformPrice).toBeNull();
  });

  it("refuses unsorted levels and empty quantities", () => {
    expect(() => clearLevels([lv("0.10", 1), lv("0.20", 1)], [], "uniform")).toThrow(/decreasing/);
    expect(() => clearLevels([], [lv("0.10", 1), lv("0.10", 1)], "uniform")).toThrow(/increasing/);
    expect(() => clearLevels([{ price: 10n, quantity: 0n }], [], "uniform")).toThrow(/positive/);
  });
});
