import { describe, expect, it } from "vitest";
import { isoUtc, LocalClock, localToUtcCandidates, offsetMsAt } from "./local-time";
import { MeteringOptionsError } from "./types";

const local = (y: number, mo: number, d: number, h: number, mi = 0) => ({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0, millisecond: 0 });
const isos = (ms: number[]) => ms.map(isoUtc);

describe("local wall-clock time → UTC", () => {
  it("Vienna 2024-03-31 02:30 does not exist (clocks jump 02:00 → 03:00)", () => {
    expect(localToUtcCandidates(local(2024, 3, 31, 2, 30), "Europe/Vienna")).toEqual([]);
  });
  it("Vienna 2024-10-27 02:30 exists twice: 00:30Z (CEST) and 01:30Z (CET)", () => {
    expect(isos(localToUtcCandidates(local(2024, 10, 27, 2, 30), "Europe/Vienna"))).toEqual([
      "2024-10-27T00:30:00Z",
      "2024-10-27T01:30:00Z",
    ]);
  });
  it("Vienna 2024-06-01 12:00 → 10:00Z; Sydney 2011-07-01 00:00 → 2011-06-30T14:00Z", () => {
    expect(isos(localToUtcCandidates(local(2024, 6, 1, 12), "Europe/Vienna"))).toEqual(["2024-06-01T10:00:00Z"]);
    expect(isos(localToUtcCandidates(local(2011, 7, 1, 0), "Australia/Sydney"))).toEqual(["2011-06-30T14:00:00Z"]);
  });
  it("offsets: Vienna +1 h in January, +2 h in July; Lord Howe shifts by only 30 minutes", () => {
    expect(offsetMsAt(Date.UTC(2024, 0, 15), "Europe/Vienna")).toBe(3_600_000);
    expect(offsetMsAt(Date.UTC(2024, 6, 15), "Europe/Vienna")).toBe(7_200_000);
    expect(offsetMsAt(Date.UTC(2024, 0, 15), "Australia/Lord_Howe") - offsetMsAt(Date.UTC(2024, 6, 15), "Australia/Lord_Howe")).toBe(1_800_000);
  });
  it("on a transition day the offset changes at the transition instant, not at midnight", () => {
    expect(offsetMsAt(Date.UTC(2024, 2, 31, 0, 59), "Europe/Vienna")).toBe(3_600_000);
    expect(offsetMsAt(Date.UTC(2024, 2, 31, 1, 0), "Europe/Vienna")).toBe(7_200_000);
  });
  it("rejects an unknown zone as an options error", () => {
    expect(() => new LocalClock("Mars/Olympus")).toThrow(MeteringOptionsError);
  });
});

describe("LocalClock resolves a repeated hour by order", () => {
  it("02:00, 02:45, 02:00, 02:45, 03:00 in Vienna on 2024-10-27 → 00:00Z, 00:45Z, 01:00Z, 01:45Z, 02:00Z", () => {
    const clock = new LocalClock("Europe/Vienna");
    const labels = [[2, 0], [2, 45], [2, 0], [2, 45], [3, 0]] as const;
    expect(labels.map(([h, m]) => isoUtc(clock.resolve("A", local(2024, 10, 27, h, m)) ?? 0))).toEqual([
      "2024-10-27T00:00:00Z",
      "2024-10-27T00:45:00Z",
      "2024-10-27T01:00:00Z",
      "2024-10-27T01:45:00Z",
      "2024-10-27T02:00:00Z",
    ]);
  });
  it("keeps series apart: a second metering point starts again at the earlier instant", () => {
    const clock = new LocalClock("Europe/Vienna");
    clock.resolve("A", local(2024, 10, 27, 2, 45));
    expect(isoUtc(clock.resolve("B", local(2024, 10, 27, 2, 0)) ?? 0)).toBe("2024-10-27T00:00:00Z");
  });
});
