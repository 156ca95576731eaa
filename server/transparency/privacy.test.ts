import { describe, expect, it } from "vitest";
import { checkContributions, protectFigures, reasonParams, type FigureTree } from "./privacy";

const K5 = { k: 5 };
/** Members m1, m2, … with these contributions. */
const members = (...values: number[]) => new Map(values.map((v, i) => [`m${i + 1}`, BigInt(v)]));

describe("rules 1 and 2 on one figure", () => {
  it("5 members × 100 Wh, k = 5 → shown", () => {
    expect(checkContributions(members(100, 100, 100, 100, 100), K5)).toBeNull();
  });
  it("4 members × 100 Wh, k = 5 → fewer than 5 members", () => {
    expect(checkContributions(members(100, 100, 100, 100), K5)).toBe("FEWER_THAN_K");
  });
  it("members with 0 take part but do not count: 4 × 100 Wh + 1 × 0 → fewer than 5 members", () => {
    expect(checkContributions(members(100, 100, 100, 100, 0), K5)).toBe("FEWER_THAN_K");
  });
  it("exactly 30 %: 30 of 30 + 7 × 10 = 100 → shown; 31 of 31 + 7 × 10 = 101 (30.7 %) → one member is more than 30 %", () => {
    expect(checkContributions(members(30, 10, 10, 10, 10, 10, 10, 10), K5)).toBeNull();
    expect(checkContributions(members(31, 10, 10, 10, 10, 10, 10, 10), K5)).toBe("DOMINANT_MEMBER");
  });
  it("exact for huge values: 3·10^30 of 10^31 is 30 % → shown", () => {
    const big = 10n ** 30n;
    const c = new Map([["a", 3n * big], ...Array.from({ length: 7 }, (_, i) => [`b${i}`, big] as [string, bigint])]);
    expect(checkContributions(c, K5)).toBeNull();
  });
  it("negative contributions are refused", () => {
    expect(() => checkContributions(members(-1, 1, 1, 1, 1), K5)).toThrow(RangeError);
  });
  it("reasons carry the numbers their words need (the page words them per language): k = 5, 30 %", () => {
    expect(reasonParams("FEWER_THAN_K", K5)).toEqual({ k: 5 });
    expect(reasonParams("DOMINANT_MEMBER", K5)).toEqual({ maxSharePercent: 30 });
    expect(reasonParams("MEMBERS_CHANGED", K5)).toEqual({});
    expect(reasonParams("PROTECTS_HIDDEN", K5)).toEqual({});
  });
});

/** A month of `days` days under a year, each day with the given contributions. */
function month(days: Map<string, bigint>[]): FigureTree {
  return {
    groups: [
      { id: "2026", parent: null },
      { id: "2026-03", parent: "2026" },
    ],
    leaves: days.map((c, i) => ({ id: `d${i + 1}`, parent: "2026-03", views: [c] })),
    series: [days.map((_, i) => `d${i + 1}`), ["2026-03"], ["2026"]],
  };
}
const ten = () => members(10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
const shownIds = (v: Map<string, { shown: boolean }>) => [...v].filter(([, x]) => x.shown).map(([id]) => id);

describe("the whole table", () => {
  it("10 members × 10 Wh every day, nobody joins → every day, the month and the year are shown", () => {
    const v = protectFigures(month([ten(), ten(), ten(), ten()]), K5);
    expect(shownIds(v).sort()).toEqual(["2026", "2026-03", "d1", "d2", "d3", "d4"]);
  });

  it("day 2 has only 3 members (k = 5): hidden, and so is its neighbour day 3, else month − days 1, 3, 4 = day 2", () => {
    const few = members(10, 10, 10);
    const v = protectFigures(month([ten(), few, ten(), ten()]), K5);
    expect(v.get("d2")).toEqual({ shown: false, reason: "FEWER_THAN_K" });
    // d3 differs in members from d2 (rule 3) and d2 from d1: d2 is hidden for k anyway; d3 for the change.
    expect(v.get("d3")).toEqual({ shown: false, reason: "MEMBERS_CHANGED" });
    // month − d1 − d4 = d2 + d3: 10 members, none above 30 % → the month can stay.
    expect(v.get("2026-03")).toEqual({ shown: true });
    expect(v.get("d1")).toEqual({ shown: true });
  });

  it("one member dominates day 2 only (50 of 140 = 36 %): day 2 hidden, day 1 hidden with it (60 of 240 = 25 %), month shown", () => {
    const dominated = new Map([...ten()].map(([m, c]) => [m, m === "m1" ? 50n : c]));
    const v = protectFigures(month([ten(), dominated, ten(), ten()]), K5);
    expect(v.get("d2")).toEqual({ shown: false, reason: "DOMINANT_MEMBER" });
    expect(v.get("d1")).toEqual({ shown: false, reason: "PROTECTS_HIDDEN" });
    expect(v.get("d3")!.shown).toBe(true);
    expect(v.get("2026-03")!.shown).toBe(true);
  });

  it("member m11 joins on day 3: day 3 hidden (members changed), day 2 hidden too so that the month cannot give day 3 away", () => {
    const withNew = () => new Map([...ten(), ["m11", 10n]]);
    const v = protectFigures(month([ten(), ten(), withNew(), withNew(), withNew()]), K5);
    expect(v.get("d3")).toEqual({ shown: false, reason: "MEMBERS_CHANGED" });
    expect(v.get("d2")).toEqual({ shown: false, reason: "PROTECTS_HIDDEN" });
    expect(shownIds(v).sort()).toEqual(["2026", "2026-03", "d1", "d4", "d5"]);
  });

  it("a community of 3 members (k = 5): everything is hidden for fewer than 5 members", () => {
    const v = protectFigures(month([members(5, 5, 5), members(5, 5, 5)]), K5);
    expect(shownIds(v)).toEqual([]);
    expect(new Set([...v.values()].map((x) => (x.shown ? "shown" : x.reason)))).toEqual(new Set(["FEWER_THAN_K"]));
  });

  it("a month whose members changed (month series) is hidden, and so is one of its days, else its days would add up to it", () => {
    // Two months; the second has a new member from its first day. Day series: d3 (first of month 2) differs from d2.
    const tree: FigureTree = {
      groups: [
        { id: "y", parent: null },
        { id: "m1", parent: "y" },
        { id: "m2", parent: "y" },
      ],
      leaves: [
        { id: "d1", parent: "m1", views: [ten()] },
        { id: "d2", parent: "m1", views: [ten()] },
        { id: "d3", parent: "m2", views: [new Map([...ten(), ["m11", 10n]])] },
        { id: "d4", parent: "m2", views: [new Map([...ten(), ["m11", 10n]])] },
      ],
      series: [["d1", "d2", "d3", "d4"], ["m1", "m2"], ["y"]],
    };
    const v = protectFigures(tree, K5);
    expect(v.get("m2")).toEqual({ shown: false, reason: "MEMBERS_CHANGED" });
    expect(v.get("d3")).toEqual({ shown: false, reason: "MEMBERS_CHANGED" });
    // y − m1 − d4 = d3: the year must go (there is no other month to pair with).
    expect(v.get("y")).toEqual({ shown: false, reason: "PROTECTS_HIDDEN" });
    expect(v.get("d4")).toEqual({ shown: false, reason: "PROTECTS_HIDDEN" });
    expect(shownIds(v).sort()).toEqual(["d1", "d2", "m1"]);
  });

  it("figures with two splits (allocated, delivered): hidden when either split fails", () => {
    const tree: FigureTree = { groups: [], leaves: [{ id: "p1", parent: null, views: [ten(), members(50, 50)] }], series: [] };
    expect(protectFigures(tree, K5).get("p1")).toEqual({ shown: false, reason: "FEWER_THAN_K" });
  });

  it("refuses malformed trees", () => {
    expect(() => protectFigures({ groups: [], leaves: [{ id: "a", parent: "nope", views: [ten()] }], series: [] }, K5)).toThrow(RangeError);
    expect(() => protectFigures({ groups: [], leaves: [{ id: "a", parent: null, views: [ten()] }], series: [["a", "b"]] }, K5)).toThrow(RangeError);
  });
});
