// The importer against a real PostgreSQL, on the real sample files in ../shared/samples.
// Expected figures were read from the files independently (see server/metering/*.test.ts for how).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeCommunity, makeOrg, makeUser, unique } from "@/server/test/factories";
import type { ProblemCode } from "../types";
import { importFile, previewImport, type ImportRequest } from "./import-file";
import type { ScanOptions } from "./scan-file";

const SAMPLES = join(process.cwd(), "..", "shared", "samples");

async function communityWith(points: { code: string; direction: "CONSUMPTION" | "INJECTION"; validFrom?: string }[]) {
  const org = await makeOrg("MUNICIPALITY");
  const admin = await makeUser();
  const community = await makeCommunity(org.id, admin.id);
  const member = await db().member.create({ data: { communityId: community.id, pseudonym: unique("M").toUpperCase(), reference: unique("r"), kind: "PROSUMER", joinedOn: new Date("2010-01-01") } });
  const created = [];
  for (const p of points) {
    created.push(await db().meteringPoint.create({ data: { communityId: community.id, memberId: member.id, code: p.code, direction: p.direction, capacityKw: "10", validFrom: new Date(`${p.validFrom ?? "2010-01-01"}T00:00:00Z`) } }));
  }
  return { community, org, admin, points: created };
}

function request(communityId: string, path: string, options: ScanOptions = {}, orgId: string | null = null): ImportRequest {
  return { communityId, path, fileName: path.split("/").pop()!, options, source: "CLI", actor: { userId: null, orgId } };
}

async function stored(pointId: string) {
  const agg = await db().reading.aggregate({ where: { meteringPointId: pointId }, _count: { _all: true }, _sum: { energyMWh: true }, _min: { intervalStart: true }, _max: { intervalStart: true } });
  return { intervals: agg._count._all, totalMWh: agg._sum.energyMWh ?? 0n, first: agg._min.intervalStart?.toISOString(), last: agg._max.intervalStart?.toISOString() };
}

const MSCONS_DEFECTS: ProblemCode[] = ["interval-mismatch", "not-on-grid", "bad-interval", "duplicate-interval"];

describe("importing the real sample files", () => {
  const cases = [
    { file: "ebutilities-crmsg.xml", code: "EPXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", direction: "CONSUMPTION" as const, intervals: 2972, totalMWh: 86_002_000n, first: "2024-02-29T23:00:00.000Z", last: "2024-03-31T21:45:00.000Z" },
    { file: "greenbutton-coastal-multi-family-2011.xml", code: "GB-COASTAL-5", alias: "urn:uuid:DAE2A527-3662-4066-85A8-C073762A1790", direction: "CONSUMPTION" as const, intervals: 8760, totalMWh: 4_425_305_000n, first: "2011-01-01T08:00:00.000Z", last: "2012-01-01T07:00:00.000Z" },
    { file: "greenbutton-electric-abridged.xml", code: "GB-ABRIDGED", alias: "urn:uuid:C4B46B5D-D4AC-4CD3-9E29-13717DD04140", direction: "CONSUMPTION" as const, intervals: 8, totalMWh: 4_086_000n, first: "2011-01-01T08:00:00.000Z", last: "2011-01-01T23:00:00.000Z" },
    { file: "enedis-load-curve-30min.csv", code: "1111111111111", direction: "CONSUMPTION" as const, intervals: 17_520, totalMWh: 7_302_599_000n, first: "2022-07-28T22:00:00.000Z", last: "2023-07-28T21:30:00.000Z" },
    { file: "mscons-sample.edi", code: "US0001062600000001000000022345671", direction: "CONSUMPTION" as const, skip: MSCONS_DEFECTS, skipped: 73, intervals: 2903, totalMWh: 678_919_000n, first: "2015-11-30T23:00:00.000Z", last: "2015-12-31T22:45:00.000Z" },
  ];

  for (const c of cases) {
    it(`${c.file} → ${c.intervals} intervals, ${c.totalMWh} mWh, ${c.first} … ${c.last}`, async () => {
      const w = await communityWith([{ code: c.code, direction: c.direction }]);
      const options: ScanOptions = { ...(c.alias ? { aliases: { [c.alias]: c.code } } : {}), ...(c.skip ? { skip: c.skip } : {}) };
      const result = await importFile(db(), request(w.community.id, join(SAMPLES, c.file), options));
      expect(result.problems).toEqual([]);
      expect([result.readingsNew, result.readingsUnchanged, result.readingsCorrected]).toEqual([c.intervals, 0, 0]);
      expect(result.skippedCount).toBe(c.skipped ?? 0);
      expect(await stored(w.points[0]!.id)).toEqual({ intervals: c.intervals, totalMWh: c.totalMWh, first: c.first, last: c.last });
      const batch = await db().importBatch.findUniqueOrThrow({ where: { id: result.batchId } });
      expect(batch).toMatchObject({ status: "COMPLETED", readingCount: c.intervals, fileSha256: result.sha256 });
    });
  }

  it("ausgrid-solar-home-customer12.csv → two channels of 17,566 half hours (5,938,369 Wh used, 1,296,404 Wh PV), 2 DST-gap rows skipped", async () => {
    const w = await communityWith([
      { code: "AU-CUSTOMER-12", direction: "CONSUMPTION" },
      { code: "AU-CUSTOMER-12", direction: "INJECTION" },
    ]);
    const path = join(SAMPLES, "ausgrid-solar-home-customer12.csv");
    const stop = importFile(db(), request(w.community.id, path, { aliases: { "ausgrid-solar-home-customer12": "AU-CUSTOMER-12" } }));
    await expect(stop).rejects.toMatchObject({ code: "BAD_REQUEST", problems: [{ where: "line 4470", message: expect.stringMatching(/^nonexistent-local-time/) }, { where: "line 4471" }] });
    const result = await importFile(db(), request(w.community.id, path, { aliases: { "ausgrid-solar-home-customer12": "AU-CUSTOMER-12" }, skip: ["nonexistent-local-time"] }));
    expect(result.skipped.map((s) => s.line)).toEqual([4470, 4471]);
    expect(await stored(w.points[0]!.id)).toMatchObject({ intervals: 17_566, totalMWh: 5_938_369_000n, first: "2011-06-30T14:00:00.000Z", last: "2012-06-30T13:30:00.000Z" });
    expect(await stored(w.points[1]!.id)).toMatchObject({ intervals: 17_566, totalMWh: 1_296_404_000n });
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
