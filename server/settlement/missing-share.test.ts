import { describe, expect, it } from "vitest";
import { missingShare } from "./missing-share";

const point = (expected: number, missing: number) => ({ fromIdx: 0, toIdx: expected, missing });

describe("missingShare", () => {
  it("3 of 4 points miss 390 of 672 each: 1170 / 2688 = 43.526… % → 43.5, 3 points", () => {
    expect(missingShare([point(672, 390), point(672, 390), point(672, 390), point(672, 0)])).toEqual({ expectedIntervals: 2688, missingIntervals: 1170, meteringPoints: 3, percent: "43.5" });
  });
  it("rounds half up on the tenth: 1 of 8 = 12.5 %, 1 of 2000 = 0.05 % → 0.1, 2 of 3 = 66.66… → 66.7", () => {
    expect(missingShare([point(8, 1)]).percent).toBe("12.5");
    expect(missingShare([point(2000, 1)]).percent).toBe("0.1");
    expect(missingShare([point(3, 2)]).percent).toBe("66.7");
  });
  it("a single missing interval of 100 000 (0.001 %) still shows 0.1, never 0.0; nothing missing is 0.0", () => {
    expect(missingShare([point(100_000, 1)]).percent).toBe("0.1");
    expect(missingShare([point(96, 0)])).toEqual({ expectedIntervals: 96, missingIntervals: 0, meteringPoints: 0, percent: "0.0" });
  });
  it("a point counting only part of the period (fromIdx 48 to 96) expects 48: 48 missing of 96 + 48 = 33.3 %", () => {
    expect(missingShare([{ fromIdx: 48, toIdx: 96, missing: 48 }, point(96, 0)]).percent).toBe("33.3");
  });
  it("everything missing is 100.0; no points at all is 0.0", () => {
    expect(missingShare([point(672, 672)]).percent).toBe("100.0");
    expect(missingShare([]).percent).toBe("0.0");
  });
});
