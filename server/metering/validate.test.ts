import { describe, expect, it } from "vitest";
import { createProblemLog } from "./problem-log";
import type { Reading } from "./types";
import { ReadingValidator } from "./validate";

const at = (iso: string) => Date.parse(iso);
const reading = (start: string, mWh: bigint, extra: Partial<Reading> = {}): Reading => ({
  meteringPoint: "AT001",
  direction: "consumption",
  start: at(start),
  intervalSeconds: 900,
  energyMWh: mWh,
  quality: "measured",
  source: { line: 1 },
  ...extra,
});

function check(readings: Reading[], options: { timeZone?: string; intervalSeconds?: number } = {}) {
  const problems = createProblemLog();
  const v = new ReadingValidator({ problems, ...options });
  const accepted = readings.map((r) => v.accept(r));
  return { accepted, problems: problems.problems, channels: v.summaries() };
}

describe("ReadingValidator", () => {
  it("3 quarter hours with one missing → 3 intervals, 1.5 + 0.25 + 0.001 Wh = \"1.751\", one gap", () => {
    const { channels, problems } = check([
      reading("2024-01-01T00:00:00Z", 1500n),
      reading("2024-01-01T00:15:00Z", 250n),
      reading("2024-01-01T00:45:00Z", 1n),
    ]);
    expect(problems).toEqual([]);
    expect(channels).toEqual([
      {
        meteringPoint: "AT001",
        direction: "consumption",
        intervalSeconds: 900,
        intervals: 3,
        start: "2024-01-01T00:00:00Z",
        end: "2024-01-01T01:00:00Z",
        totalWh: "1.751",
        gaps: [{ start: "2024-01-01T00:30:00Z", end: "2024-01-01T00:45:00Z" }],
      },
    ]);
  });

  it("finds a duplicate even when the file is not sorted, and keeps the first", () => {
    const { accepted, problems, channels } = check([
      reading("2024-01-01T01:00:00Z", 1000n, { source: { line: 2 } }),
      reading("2024-01-01T00:00:00Z", 1000n, { source: { line: 3 } }),
      reading("2024-01-01T01:00:00Z", 9000n, { source: { line: 4 } }),
    ]);
    expect(accepted).toEqual([true, true, false]);
    expect(problems).toMatchObject([{ code: "duplicate-interval", line: 4 }]);
    expect(channels[0]).toMatchObject({ intervals: 2, totalWh: "2", gaps: [{ start: "2024-01-01T00:15:00Z", end: "2024-01-01T01:00:00Z" }] });
  });

  it("00:07 is not on the 15-minute grid; a 16-minute reading does not match the 15-minute channel", () => {
    const { accepted, problems } = check([
      reading("2024-01-01T00:00:00Z", 1n),
      reading("2024-01-01T00:07:00Z", 1n),
      reading("2024-01-01T00:15:00Z", 1n, { intervalSeconds: 960 }),
    ]);
    expect(accepted).toEqual([true, false, false]);
    expect(problems.map((p) => p.code)).toEqual(["not-on-grid", "interval-mismatch"]);
  });

  it("the community interval wins over the first reading: 30-min readings in a 15-min community are mismatches", () => {
    const { problems } = check([reading("2024-01-01T00:00:00Z", 1n, { intervalSeconds: 1800 })], { intervalSeconds: 900 });
    expect(problems.map((p) => p.code)).toEqual(["interval-mismatch"]);
  });

  it("hourly data in Kolkata (+05:30) is on the local grid at :30 UTC, off the UTC grid", () => {
    const hourly = reading("2024-01-01T18:30:00Z", 1n, { intervalSeconds: 3600 });
    expect(check([hourly], { timeZone: "Asia/Kolkata" }).accepted).toEqual([true]);
    expect(check([hourly]).problems.map((p) => p.code)).toEqual(["not-on-grid"]);
  });

  it("channels are metering point + direction, each with its own total", () => {
    const { channels } = check([
      reading("2024-01-01T00:00:00Z", 1000n),
      reading("2024-01-01T00:00:00Z", 2000n, { direction: "injection" }),
    ]);
    expect(channels.map((c) => [c.direction, c.totalWh])).toEqual([["consumption", "1"], ["injection", "2"]]);
  });

  it("gaps spanning whole 32-interval words and page boundaries are merged into one run", () => {
    const { channels } = check([reading("2024-01-01T00:00:00Z", 1n), reading("2025-06-01T00:00:00Z", 1n)]);
    expect(channels[0]?.gaps).toEqual([{ start: "2024-01-01T00:15:00Z", end: "2025-06-01T00:00:00Z" }]);
    expect(channels[0]?.intervals).toBe(2);
  });

  it("intervals that cannot be stored are refused: 0.5 s, 0 s, 32 days (over the 31-day bound); a day is accepted", () => {
    const { accepted, problems } = check([
      reading("2024-01-01T00:00:00Z", 1n, { intervalSeconds: 0.5, meteringPoint: "A" }),
      reading("2024-01-01T00:00:00Z", 1n, { intervalSeconds: 0, meteringPoint: "B" }),
      reading("2024-01-01T00:00:00Z", 1n, { intervalSeconds: 32 * 86_400, meteringPoint: "C" }),
      reading("2024-01-01T00:00:00Z", 1n, { intervalSeconds: 86_400, meteringPoint: "D" }),
    ]);
    expect(accepted).toEqual([false, false, false, true]);
    expect(problems.map((p) => p.code)).toEqual(["bad-interval", "bad-interval", "bad-interval"]);
  });

  it("a reading beyond 100 MW × its interval × 2 is implausible before its point is known: 50 000 kWh per quarter hour passes, 1 mWh more does not", () => {
    const { accepted, problems } = check([reading("2024-01-01T00:00:00Z", 50_000_000_000n), reading("2024-01-01T00:15:00Z", 50_000_000_001n)]);
    expect(accepted).toEqual([true, false]);
    expect(problems).toMatchObject([{ line: 1, code: "implausible-value" }]);
  });
});

