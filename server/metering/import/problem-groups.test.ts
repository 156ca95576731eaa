import { describe, expect, it } from "vitest";
import type { Problem } from "../types";
import { describeProblemGroup, groupProblems } from "./problem-groups";

const NOV_1_2026 = Date.UTC(2026, 10, 1);
const JAN_1_2026 = Date.UTC(2026, 0, 1);
const QUARTER = 15 * 60_000;
const points = [{ code: "AT0010000000000000001000000001111", validFrom: NOV_1_2026, validTo: null }];

describe("problem groups", () => {
  it("17,520 identical outside-validity problems (half-hours of 2026 before 1 Nov) → one group of 17,520, first 5 lines, 'valid from 1 Nov 2026'", () => {
    const problems: Problem[] = Array.from({ length: 17_520 }, (_, i) => ({
      line: i + 2,
      code: "outside-validity",
      message: "not valid",
      meteringPoint: "AT0010000000000000001000000001111",
      at: JAN_1_2026 + i * 2 * QUARTER,
    }));
    const groups = groupProblems(problems);
    expect(groups).toHaveLength(1);
    const g = groups[0]!;
    expect(g.count).toBe(17_520);
    expect(g.first).toEqual(["line 2", "line 3", "line 4", "line 5", "line 6"]);
    const d = describeProblemGroup(g, { points, timeZone: "Europe/Vienna" });
    expect(d.where).toBe("lines 2, 3, 4, 5, 6, …");
    expect(d.fix).toContain("AT0010000000000000001000000001111 is valid from 1 Nov 2026");
    // 2026-01-01T00:00Z is 01:00 in Vienna (UTC+1); the last is 17,519 half-hours later = 2026-12-31T23:30Z → 1 Jan 2027 00:30 local.
    expect(d.from).toBe("1 Jan 2026, 01:00");
    expect(d.to).toBe("1 Jan 2027, 00:30");
  });

  it("two meters and two codes → three groups, blocking before skipped, largest first (3 unknown, 2 duplicate, 1 skipped unknown)", () => {
    const unknown = (line: number, mp: string): Problem => ({ line, code: "unknown-metering-point", message: "x", meteringPoint: mp });
    const groups = groupProblems(
      [unknown(2, "AT1111"), { line: 3, code: "duplicate-interval", message: "dup" }, unknown(4, "AT1111"), { line: 5, code: "duplicate-interval", message: "dup" }, unknown(6, "AT1111")],
      [unknown(9, "AT2222")],
    );
    expect(groups.map((g) => [g.code, g.meteringPoint, g.count, g.skipped])).toEqual([
      ["unknown-metering-point", "AT1111", 3, false],
      ["duplicate-interval", null, 2, false],
      ["unknown-metering-point", "AT2222", 1, true],
    ]);
    const d = describeProblemGroup(groups[0]!, { points, timeZone: "Europe/Vienna" });
    expect(d.fix).toBe("Meter AT1111 is not in this community — map it above to one of the community's metering points, or add it to the register.");
    expect(d.where).toBe("lines 2, 4, 6");
    // The same as codes and figures, for the console to word in the reader's language.
    expect(d).toMatchObject({ fixKind: "unknown-meter", lines: ["2", "4", "6"], firstAtIso: null, lastAtIso: null });
    expect(d.from).toBeNull();
  });

  it("a closed validity [1 Nov 2026, 1 Jan 2027) reads 'valid from 1 Nov 2026 to 31 Dec 2026' (the end date is exclusive)", () => {
    const g = groupProblems([{ element: "Obs", code: "outside-validity", message: "x", meteringPoint: "M1", at: Date.UTC(2027, 0, 5) }])[0]!;
    const d = describeProblemGroup(g, { points: [{ code: "m1", validFrom: NOV_1_2026, validTo: Date.UTC(2027, 0, 1) }], timeZone: "UTC" });
    expect(d.fix).toContain("M1 is valid from 1 Nov 2026 to 31 Dec 2026");
    expect(d.where).toBe("element Obs");
    // Validity [1 Nov 2026, 1 Jan 2027) → last valid day 31 Dec 2026; places that are not lines → null.
    expect(d).toMatchObject({ fixKind: "validity", validity: [{ from: "2026-11-01", to: "2026-12-31" }], lines: null });
  });
});
