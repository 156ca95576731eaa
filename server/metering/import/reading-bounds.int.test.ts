// Readings that cannot be stored or are physically implausible (server/metering/reading-bounds.ts) are
// problems with their line in the dry run, the preview and the import alike: nothing is written, never a 500.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { unique } from "@/server/test/factories";
import { importFile, previewImport, type ImportRequest } from "./import-file";
import { communityWith, stored } from "./test-community";

const dir = mkdtempSync(join(tmpdir(), "dajie-bounds-"));
const csvMapping = { unit: "kWh" as const, layout: { kind: "long" as const, meteringPoint: "pod", timestamp: "start", energy: "kwh" }, intervalSeconds: 900 };

function csv(pod: string, values: string[]): string {
  const path = join(dir, `${unique()}.csv`);
  const rows = values.map((v, i) => `${pod},${new Date(Date.parse("2026-03-01T00:00:00Z") + i * 900_000).toISOString()},${v}`);
  writeFileSync(path, ["pod,start,kwh", ...rows].join("\n") + "\n");
  return path;
}

const request = (communityId: string, path: string): ImportRequest => ({ communityId, path, fileName: "readings.csv", options: { csvMapping }, source: "CLI", actor: { userId: null, orgId: null } });

async function nothingWritten(communityId: string, pointId: string) {
  expect(await db().importBatch.count({ where: { communityId } })).toBe(0);
  expect((await stored(pointId)).intervals).toBe(0);
}

describe("readings beyond what can be stored or delivered", () => {
  it("99999999999999999999999999999 kWh (line 3) and 1e30 kWh (line 4): preview and import name both lines, nothing is written", async () => {
    const w = await communityWith([{ code: "IT001E0B01", direction: "CONSUMPTION" }]);
    const path = csv("IT001E0B01", ["0.5", "99999999999999999999999999999", "1e30", "0.5"]);
    const expected = [
      { where: "line 3", message: expect.stringMatching(/^implausible-value: .*999999999999999… \(29 digits\) kWh is more than the point can deliver/) },
      { where: "line 4", message: expect.stringMatching(/^implausible-value: .*100000000000000… \(31 digits\) kWh is more than the point can deliver/) },
    ];
    const preview = await previewImport(db(), request(w.community.id, path));
    expect(preview.problems.map((p) => [p.line, p.code])).toEqual([[3, "implausible-value"], [4, "implausible-value"]]);
    await expect(importFile(db(), request(w.community.id, path))).rejects.toMatchObject({ code: "BAD_REQUEST", problems: expected });
    await nothingWritten(w.community.id, w.points[0]!.id);
  });

  it("a 10 kW point over 15 min: 5 kWh (= 10 kW × ¼ h × 2) is accepted, 5.000001 kWh on line 3 is refused", async () => {
    const w = await communityWith([{ code: "IT001E0B02", direction: "CONSUMPTION", capacityKw: "10" }]);
    const bad = csv("IT001E0B02", ["5", "5.000001"]);
    await expect(importFile(db(), request(w.community.id, bad))).rejects.toMatchObject({
      problems: [{ where: "line 3", message: "implausible-value: IT001E0B02 at 2026-03-01T00:15:00.000Z: 5.000001 kWh is more than the point can deliver in the interval: at most 5 kWh (2 × the point's capacity 10 kW × 900 s)" }],
    });
    await nothingWritten(w.community.id, w.points[0]!.id);
    const result = await importFile(db(), request(w.community.id, csv("IT001E0B02", ["5", "4.999999"])));
    expect(result.readingsNew).toBe(2);
    expect(await stored(w.points[0]!.id)).toMatchObject({ intervals: 2, totalMWh: 9_999_999n });
  });

  it("a point of capacity 0 (unknown) → the global bound, 100 MW × ¼ h × 2 = 50 000 kWh: 50 000 accepted, 50 000.001 refused", async () => {
    const w = await communityWith([{ code: "IT001E0B03", direction: "CONSUMPTION", capacityKw: "0" }]);
    await expect(importFile(db(), request(w.community.id, csv("IT001E0B03", ["50000.001"])))).rejects.toMatchObject({ problems: [{ where: "line 2" }] });
    await nothingWritten(w.community.id, w.points[0]!.id);
    expect((await importFile(db(), request(w.community.id, csv("IT001E0B03", ["50000"])))).readingsNew).toBe(1);
  });
});
