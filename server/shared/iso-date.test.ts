import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isIsoDate, isoDateParts, lastDayOf, msToIsoDate } from "./iso-date";

describe("iso-date", () => {
  it("2026-02-28 + 1 day = 2026-03-01, and 2028-02-28 + 1 = 2028-02-29 (leap year)", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
  it("across the end of the year and backwards: 2026-12-31 + 1 = 2027-01-01, 2026-03-01 − 1 = 2026-02-28", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
  it("a daylight-saving change does not shift a day: 2026-03-29 (Europe's spring forward) + 1 = 2026-03-30", () => {
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
  });
  it("days between 2026-01-01 and 2026-03-01 = 31 + 28 = 59; reversed −59", () => {
    expect(daysBetween("2026-01-01", "2026-03-01")).toBe(59);
    expect(daysBetween("2026-03-01", "2026-01-01")).toBe(-59);
  });
  it("the last day of [2026-11-01, 2026-12-01) is 2026-11-30", () => {
    expect(lastDayOf("2026-12-01")).toBe("2026-11-30");
  });
  it("refuses 2026-02-30, 2026-13-01 and 26-1-1", () => {
    expect(() => isoDateParts("2026-02-30")).toThrow(RangeError);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("26-1-1")).toBe(false);
    expect(isIsoDate("2026-01-01")).toBe(true);
  });
  it("an instant's UTC date: 2026-06-30T23:30Z is 2026-06-30", () => {
    expect(msToIsoDate(Date.parse("2026-06-30T23:30:00Z"))).toBe("2026-06-30");
  });
});
