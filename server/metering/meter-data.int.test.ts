// The console's read model of meter data against a real PostgreSQL: batches, daily totals and gaps,
// in the community's time zone (Europe/Rome: UTC+1 in March), filtered by the community.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { unique } from "@/server/test/factories";
import { importFile } from "./import/import-file";
import { communityWith } from "./import/test-community";
import { dailyReadings, importBatches, missingIntervals } from "./meter-data";

const csvMapping = { unit: "Wh" as const, layout: { kind: "long" as const, meteringPoint: "pod", timestamp: "start", energy: "wh" }, intervalSeconds: 900 };
const QUARTER = 900_000;
/** Local midnight of 2026-03-02 in Rome. */
const DAY1 = Date.parse("2026-03-01T23:00:00Z");

async function withReadings() {
  const pod = unique("IT001E").toUpperCase();
  const w = await communityWith([{ code: pod, direction: "CONSUMPTION", validFrom: "2026-03-01" }]);
  // Day 1: 96 quarter hours but the 5th and 6th missing (94 × 10 Wh); day 2: the first 4 only (4 × 10 Wh);
  // and one line "abc", skipped on purpose.
  const slots = [...Array.from({ length: 96 }, (_, i) => i).filter((i) => i !== 4 && i !== 5), 96, 97, 98, 99];
  const rows = slots.map((i) => `${pod},${new Date(DAY1 + i * QUARTER).toISOString()},10`);
  rows.push(`${pod},${new Date(DAY1 + 100 * QUARTER).toISOString()},abc`);
  const path = join(mkdtempSync(join(tmpdir(), "dajie-meter-data-")), "readings.csv");
  writeFileSync(path, ["pod,start,wh", ...rows].join("\n") + "\n");
  await importFile(db(), { communityId: w.community.id, path, fileName: "readings.csv", options: { csvMapping, skip: ["non-numeric"] }, source: "CLI", actor: { userId: null, orgId: null } });
  return { ...w, point: w.points[0]! };
}

describe("meter data of a community", () => {
  it("batches: 1 file, 98 readings, 1 skipped line (from the summary column, read through its schema)", async () => {
    const w = await withReadings();
    const batches = await importBatches(db(), w.community.id);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ fileName: "readings.csv", status: "COMPLETED", readingCount: 98, readingsNew: 98, skippedCount: 1 });
  });

  it("daily totals by local day: 2026-03-02 = 94 × 10 Wh = 940 Wh, 2026-03-03 = 4 × 10 Wh = 40 Wh; by default the 31 days up to the last day with data", async () => {
    const w = await withReadings();
    const r = await dailyReadings(db(), w.community.id, { meteringPointId: w.point.id });
    expect([r.from, r.to, r.timeZone]).toEqual(["2026-02-01", "2026-03-04", "Europe/Rome"]);
    expect(r.days).toEqual([
      { date: "2026-03-02", mwh: "940000", wh: "940", intervals: 94 },
      { date: "2026-03-03", mwh: "40000", wh: "40", intervals: 4 },
    ]);
  });

  it("gaps of [2026-03-02, 2026-03-04): 2 quarter hours from 01:00 local, then 96 − 4 = 92 from 01:00 local on 2026-03-03", async () => {
    const w = await withReadings();
    const g = await missingIntervals(db(), w.community.id, { meteringPointId: w.point.id, from: "2026-03-02", to: "2026-03-04" });
    expect(g.gaps).toEqual([
      { start: "2026-03-02T00:00:00.000Z", end: "2026-03-02T00:30:00.000Z", intervals: 2 },
      { start: "2026-03-03T00:00:00.000Z", end: "2026-03-03T23:00:00.000Z", intervals: 92 },
    ]);
    expect(g.more).toBe(false);
  });

  it("another community's metering point is not found; a period of 367 days is refused", async () => {
    const w = await withReadings();
    const other = await communityWith([{ code: unique("IT002E").toUpperCase(), direction: "INJECTION" }]);
    await expect(dailyReadings(db(), other.community.id, { meteringPointId: w.point.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(missingIntervals(db(), other.community.id, { meteringPointId: w.point.id, from: "2026-03-02", to: "2026-03-03" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(dailyReadings(db(), w.community.id, { meteringPointId: w.point.id, from: "2025-03-01", to: "2026-03-03" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
