import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeMember, makeWorld } from "@/server/test/factories";
import { attentionFor, missingShare } from "./attention";

const NOW = new Date("2026-03-10T12:00:00Z");
const kinds = (list: Awaited<ReturnType<typeof attentionFor>>, communityId: string) =>
  list.find((c) => c.communityId === communityId)?.items.map((i) => [i.kind, i.count]) ?? null;

describe("needs attention on the console home", () => {
  it("A's admin sees 1 member without an account, 2 failed imports and 1 witness alert, each with its link; the ESCO only what it may act on", async () => {
    const w = await makeWorld();
    await makeMember(w.communityA.id); // no user: 1 member without an account (A1 and A2 have one)
    for (const sha of ["f1", "f2"]) await db().importBatch.create({ data: { communityId: w.communityA.id, fileName: "bad.csv", fileSha256: `${w.communityA.id}${sha}`, format: "csv", status: "FAILED", createdAt: new Date("2026-03-01T00:00:00Z") } });
    // A failure older than 30 days no longer counts.
    await db().importBatch.create({ data: { communityId: w.communityA.id, fileName: "old.csv", fileSha256: `${w.communityA.id}old`, format: "csv", status: "FAILED", createdAt: new Date("2026-01-01T00:00:00Z") } });
    await db().communityWitness.create({ data: { communityId: w.communityA.id, name: "w1", verifierKey: "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2", url: "https://remora.n621.de/add-checkpoint", alert: "refused", alertAt: NOW } });

    const admin = await attentionFor(db(), w.adminA.id, NOW);
    expect(admin.map((c) => c.communityId)).toEqual([w.communityA.id]);
    expect(kinds(admin, w.communityA.id)).toEqual([
      ["failed-imports", 2],
      ["members-without-account", 1],
      ["witness-alerts", 1],
    ]);
    const items = admin[0]!.items;
    expect(items.find((i) => i.kind === "members-without-account")).toMatchObject({ count: 1, href: `/console/communities/${w.communityA.id}/members` });
    expect(items.find((i) => i.kind === "failed-imports")).toMatchObject({ count: 2, days: 30, href: `/console/communities/${w.communityA.id}/readings` });

    // The serving ESCO: community A only (not B); imports and alerts, but members are the municipality's to manage.
    const esco = await attentionFor(db(), w.escoUser.id, NOW);
    expect(esco.map((c) => [c.communityId, c.via])).toEqual([[w.communityA.id, "esco"]]);
    expect(kinds(esco, w.communityA.id)).toEqual([
      ["failed-imports", 2],
      ["witness-alerts", 1],
    ]);
    // An ESCO serving nothing, and B's admin, see nothing of A.
    expect(await attentionFor(db(), w.otherEscoUser.id, NOW)).toEqual([]);
    expect((await attentionFor(db(), w.adminB.id, NOW)).map((c) => c.communityId)).toEqual([w.communityB.id]);
  });

  it("missing share: 2 points × 96 quarter-hours of 2 Mar 2026 = 192 expected, 24 readings present → 168 missing", async () => {
    const w = await makeWorld();
    const from = new Date("2026-03-01T23:00:00Z");
    const to = new Date("2026-03-02T23:00:00Z");
    const batch = await db().importBatch.create({ data: { communityId: w.communityA.id, fileName: "day", fileSha256: `${w.communityA.id}day`, format: "synthetic", status: "COMPLETED" } });
    await db().$executeRaw`SELECT dajie_ensure_reading_partitions(${from}::timestamptz, ${to}::timestamptz)`;
    await db().$executeRaw`
      INSERT INTO reading (metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)
      SELECT ${w.pointA1.id}::uuid, ${from}::timestamptz + i * interval '15 minutes', 900, 1000, 'MEASURED', ${batch.id}::uuid FROM generate_series(0, 23) AS i`;
    expect(await missingShare(db(), w.communityA.id, 15, from, to, NOW)).toEqual({ expected: 192, present: 24 });
    // Up to now only: at 05:00 UTC on 2 Mar, 6 hours of 2 points = 48 expected.
    expect(await missingShare(db(), w.communityA.id, 15, from, to, new Date("2026-03-02T05:00:00Z"))).toEqual({ expected: 48, present: 24 });
  });

  it("a month past its grace with 24 of 5,944 quarter-hours (2 points × 743 h of March in Rome × 4) is due with 99 % missing; the open month is not listed", async () => {
    const w = await makeWorld();
    const from = new Date("2026-03-01T23:00:00Z");
    const batch = await db().importBatch.create({ data: { communityId: w.communityA.id, fileName: "day", fileSha256: `${w.communityA.id}march`, format: "synthetic", status: "COMPLETED" } });
    await db().$executeRaw`SELECT dajie_ensure_reading_partitions(${from}::timestamptz, ${new Date("2026-03-02T23:00:00Z")}::timestamptz)`;
    await db().$executeRaw`
      INSERT INTO reading (metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)
      SELECT ${w.pointA1.id}::uuid, ${from}::timestamptz + i * interval '15 minutes', 900, 1000, 'MEASURED', ${batch.id}::uuid FROM generate_series(0, 23) AS i`;
    const periods = (await attentionFor(db(), w.adminA.id, new Date("2026-04-20T12:00:00Z")))[0]!.items.filter((i) => i.kind === "period");
    // 5,944 − 24 = 5,920 missing; 5,920 × 100 / 5,944 = 99.6 → 99 % (rounded down: never reads as complete).
    expect(periods.map((p) => [p.period, p.href])).toEqual([[{ start: "2026-03-01", end: "2026-04-01", state: "due", missing: { state: "percent", percent: 99 } }, `/console/communities/${w.communityA.id}/settlement`]]);
  });
});

describe("missingShareOf (rounded down: anything missing never reads as complete)", () => {
  it("0 expected → noneExpected; 192 of 192 → complete; 1 of 200 missing (0.5 %) → below 1 %; 168 of 192 missing → 87 %", async () => {
    const { missingShareOf } = await import("./attention");
    expect(missingShareOf({ expected: 0, present: 0 })).toEqual({ state: "noneExpected" });
    expect(missingShareOf({ expected: 192, present: 192 })).toEqual({ state: "complete" });
    expect(missingShareOf({ expected: 200, present: 199 })).toEqual({ state: "belowOnePercent" });
    expect(missingShareOf({ expected: 192, present: 24 })).toEqual({ state: "percent", percent: 87 });
  });
});
