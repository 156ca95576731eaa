import { describe, expect, it } from "vitest";
import { parseTimestamp } from "./timestamps";

describe("parseTimestamp", () => {
  it("ISO with offset is an instant: 2022-07-29T00:30:00+02:00 → 2022-07-28T22:30Z", () => {
    expect(parseTimestamp("2022-07-29T00:30:00+02:00")).toEqual({ kind: "instant", ms: Date.UTC(2022, 6, 28, 22, 30) });
    expect(parseTimestamp("2024-03-01T00:00:00Z")).toEqual({ kind: "instant", ms: Date.UTC(2024, 2, 1) });
    expect(parseTimestamp("2024-03-01 00:00+0100")).toEqual({ kind: "instant", ms: Date.UTC(2024, 1, 29, 23) });
  });
  it("without offset it stays local wall-clock time", () => {
    expect(parseTimestamp("2011-07-01 00:30:00")).toEqual({
      kind: "local",
      local: { year: 2011, month: 7, day: 1, hour: 0, minute: 30, second: 0, millisecond: 0 },
    });
  });
  it("31.03.2024 02:15 is day-first; 03/04/2024 is 3 April (dmy) or 4 March (mdy)", () => {
    expect(parseTimestamp("31.03.2024 02:15")).toMatchObject({ local: { year: 2024, month: 3, day: 31, hour: 2, minute: 15 } });
    expect(parseTimestamp("03/04/2024")).toMatchObject({ local: { month: 4, day: 3 } });
    expect(parseTimestamp("03/04/2024", "mdy")).toMatchObject({ local: { month: 3, day: 4 } });
  });
  it("24:00 is midnight of the next day", () => {
    expect(parseTimestamp("2024-12-31 24:00")).toMatchObject({ local: { year: 2025, month: 1, day: 1, hour: 0 } });
  });
  it("rejects impossible dates and garbage", () => {
    for (const bad of ["2023-02-29", "2024-13-01", "2024-01-01 25:00", "2024-01-01 24:30", "yesterday", "", "2024-01-01+01:00"]) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });
});
