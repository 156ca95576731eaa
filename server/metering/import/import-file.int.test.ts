// The importer against a real PostgreSQL, on the real sample files in test/fixtures/meter-files.
// Expected figures were read from the files independently (see server/metering/*.test.ts for how).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { unique } from "@/server/test/factories";
import { communityWith, stored } from "./test-community";
import { importFile, previewImport, type ImportRequest } from "./import-file";
import { SAMPLE_CASES, SAMPLES_DIR, sampleSetup } from "./sample-cases";
import type { ScanOptions } from "./scan-file";


function request(communityId: string, path: string, options: ScanOptions = {}, orgId: string | null = null): ImportRequest {
  return { communityId, path, fileName: path.split("/").pop()!, options, source: "CLI", actor: { userId: null, orgId } };
}

describe("importing the real sample files", () => {
  for (const c of SAMPLE_CASES) {
    const title = c.channels.map((ch) => `${ch.direction.toLowerCase()} ${ch.intervals} intervals, ${ch.totalMWh} mWh, ${ch.first} … ${ch.last}`).join("; ");
    it(`${c.file} → ${title}${c.skipped ? `, ${c.skipped} defective rows skipped` : ""}`, async () => {
      const { points, aliases } = sampleSetup(c, unique("svc"));
      const w = await communityWith(points);
      const path = join(SAMPLES_DIR, c.file);
      if (c.skip) {
        // Without choosing to skip, the defects stop the import and nothing is written.
        await expect(importFile(db(), request(w.community.id, path, { aliases }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
        expect(await db().importBatch.count({ where: { communityId: w.community.id } })).toBe(0);
      }
      const result = await importFile(db(), request(w.community.id, path, { aliases, skip: c.skip }));
      expect(result.problems).toEqual([]);
      expect(result.skippedCount).toBe(c.skipped);
      const total = c.channels.reduce((n, ch) => n + ch.intervals, 0);
      expect([result.readingsNew, result.readingsUnchanged, result.readingsCorrected]).toEqual([total, 0, 0]);
      for (const [i, ch] of c.channels.entries()) {
        expect(await stored(w.points[i]!.id)).toEqual({ intervals: ch.intervals, totalMWh: ch.totalMWh, first: ch.first, last: ch.last });
      }
      const batch = await db().importBatch.findUniqueOrThrow({ where: { id: result.batchId } });
      expect(batch).toMatchObject({ status: "COMPLETED", readingCount: total, fileSha256: result.sha256 });
    });
  }

  it("the Ausgrid file names the two DST-gap lines when they are not skipped", async () => {
    const c = SAMPLE_CASES.find((s) => s.file.startsWith("ausgrid"))!;
    const { points, aliases } = sampleSetup(c, unique("dst"));
    const w = await communityWith(points);
    await expect(importFile(db(), request(w.community.id, join(SAMPLES_DIR, c.file), { aliases }))).rejects.toMatchObject({
      problems: [{ where: "line 4470", message: expect.stringMatching(/^nonexistent-local-time/) }, { where: "line 4471" }],
    });
  });
});

describe("nothing lost, nothing wrong", () => {
  const dir = mkdtempSync(join(tmpdir(), "dajie-import-"));
  const csvMapping = { unit: "Wh" as const, layout: { kind: "long" as const, meteringPoint: "pod", timestamp: "start", energy: "wh" }, intervalSeconds: 900 };
  const file = (name: string, rows: string[]) => {
    const path = join(dir, `${name}-${unique()}.csv`);
    writeFileSync(path, ["pod,start,wh", ...rows].join("\n") + "\n");
    return path;
  };
  const quarterHours = (pod: string, values: number[], from = "2026-03-01T00:00:00Z") => values.map((v, i) => `${pod},${new Date(Date.parse(from) + i * 900_000).toISOString()},${v}`);

  it("a broken file imports nothing and names each bad line: negative value on line 3, not a number on line 5", async () => {
    const w = await communityWith([{ code: "IT001E0001", direction: "CONSUMPTION" }]);
    const rows = quarterHours("IT001E0001", [100, -5, 100, 100]);
    rows[3] = rows[3]!.replace(/,100$/, ",abc");
    const path = file("broken", rows);
    await expect(importFile(db(), request(w.community.id, path, { csvMapping }))).rejects.toMatchObject({
      message: "The file was not imported: 2 problems. Nothing was changed.",
      problems: [
        { where: "line 3", message: expect.stringMatching(/^negative-value/) },
        { where: "line 5", message: expect.stringMatching(/^non-numeric/) },
      ],
    });
    expect(await db().importBatch.count({ where: { communityId: w.community.id } })).toBe(0);
    expect((await stored(w.points[0]!.id)).intervals).toBe(0);
  });

  it("an unknown metering point stops the import; skipping it imports the other 4 readings and lists the 2 skipped", async () => {
    const w = await communityWith([{ code: "IT001E0002", direction: "CONSUMPTION" }]);
    const path = file("unknown", [...quarterHours("IT001E0002", [1, 2, 3, 4]), ...quarterHours("IT999NOPE", [5, 6])]);
    await expect(importFile(db(), request(w.community.id, path, { csvMapping }))).rejects.toMatchObject({ problems: [{ where: "line 6" }, { where: "line 7" }] });
    const result = await importFile(db(), request(w.community.id, path, { csvMapping, skip: ["unknown-metering-point"] }));
    expect(result.readingsNew).toBe(4);
    expect(result.skipped).toEqual([expect.objectContaining({ line: 6, code: "unknown-metering-point" }), expect.objectContaining({ line: 7 })]);
    const batch = await db().importBatch.findUniqueOrThrow({ where: { id: result.batchId } });
    expect(batch.summary).toMatchObject({ skippedCount: 2 });
  });

  it("readings outside the metering point's validity are refused with their lines", async () => {
    const w = await communityWith([{ code: "IT001E0003", direction: "CONSUMPTION", validFrom: "2026-03-01" }]);
    const path = file("validity", quarterHours("IT001E0003", [1, 2, 3], "2026-02-28T23:30:00Z"));
    await expect(importFile(db(), request(w.community.id, path, { csvMapping }))).rejects.toMatchObject({
      problems: [{ where: "line 2", message: expect.stringMatching(/^outside-validity/) }, { where: "line 3" }],
    });
  });

  it("the same file twice changes nothing; a changed file keeps the old values as history (2 corrected, 2 unchanged, 1 new)", async () => {
    const w = await communityWith([{ code: "IT001E0004", direction: "CONSUMPTION" }]);
    const first = file("first", quarterHours("IT001E0004", [100, 200, 300, 400]));
    const a = await importFile(db(), { ...request(w.community.id, first, { csvMapping }, w.org.id) });
    expect(a.readingsNew).toBe(4);
    const again = await importFile(db(), request(w.community.id, first, { csvMapping }));
    expect(again.alreadyImported?.batchId).toBe(a.batchId);
    expect(await db().importBatch.count({ where: { communityId: w.community.id } })).toBe(1);

    const preview = await previewImport(db(), request(w.community.id, file("second", quarterHours("IT001E0004", [100, 250, 300, 450, 500])), { csvMapping }));
    expect(preview.existingReadings).toBe(4);
    const second = file("second", quarterHours("IT001E0004", [100, 250, 300, 450, 500]));
    const b = await importFile(db(), request(w.community.id, second, { csvMapping }, w.org.id));
    expect([b.readingsNew, b.readingsUnchanged, b.readingsCorrected]).toEqual([1, 2, 2]);
    expect(await stored(w.points[0]!.id)).toMatchObject({ intervals: 5, totalMWh: 1_600_000n });
    const revisions = await db().readingRevision.findMany({ where: { meteringPointId: w.points[0]!.id }, orderBy: { intervalStart: "asc" } });
    expect(revisions.map((r) => [r.oldEnergyMWh, r.newEnergyMWh, r.oldBatchId, r.newBatchId])).toEqual([
      [200_000n, 250_000n, a.batchId, b.batchId],
      [400_000n, 450_000n, a.batchId, b.batchId],
    ]);
    const audit = await db().auditEvent.findFirst({ where: { objectId: b.batchId } });
    expect(audit).toMatchObject({ action: "readings.import-correction", after: { readingsCorrected: 2 } });
  });

  it("daylight saving: a local-time day-per-row file gives 92 quarter hours on 2026-03-29 and 100 on 2026-10-25 (Europe/Rome)", async () => {
    const w = await communityWith([{ code: "IT001E0005", direction: "CONSUMPTION" }]);
    const header = ["pod", "date", ...Array.from({ length: 100 }, (_, i) => `q${i + 1}`)].join(",");
    const row = (date: string, n: number) => ["IT001E0005", date, ...Array.from({ length: 100 }, (_, i) => (i < n ? "10" : ""))].join(",");
    const path = join(dir, `dst-${unique()}.csv`);
    writeFileSync(path, [header, row("2026-03-29", 92), row("2026-10-25", 100)].join("\n") + "\n");
    const mapping = { unit: "Wh" as const, timeZone: "Europe/Rome", intervalSeconds: 900, layout: { kind: "day-rows" as const, meteringPoint: "pod", date: "date", values: { first: "q1", count: 100 } } };
    const result = await importFile(db(), request(w.community.id, path, { csvMapping: mapping }));
    expect(result.problems).toEqual([]);
    expect(result.readingsNew).toBe(192);
    expect(await stored(w.points[0]!.id)).toMatchObject({ first: "2026-03-28T23:00:00.000Z", last: "2026-10-25T22:45:00.000Z" });
  });
});
