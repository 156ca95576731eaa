// A resident's kept figures (kept-figures.ts) against a real PostgreSQL: each member gets their own,
// and new data — an import here or in another process, a point closed, a finalize — shows in them.
// Community of two consumers (100 and 200 Wh per quarter hour) and one producer (150 Wh), Europe/Rome.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { callerAs, makeUser } from "@/server/test/factories";
import { VERSION_POLL_MS } from "@/server/transparency/public-data-version";
import { keptFigure } from "./kept-figures";

// 2026-03-02 in Europe/Rome (UTC+1): 96 quarter hours from 23:00Z the day before; the next day after it.
const DAY1 = { from: "2026-03-01T23:00:00Z", to: "2026-03-02T23:00:00Z" };
const DAY2 = { from: "2026-03-02T23:00:00Z", to: "2026-03-03T23:00:00Z" };

async function twoResidents() {
  const w = await settlementWorld([{}, {}, { injection: true }]);
  const [a, b, producer] = w.members;
  await writeReadings(w.community.id, a!.consumption!.id, DAY1.from, DAY1.to, 100_000n);
  await writeReadings(w.community.id, b!.consumption!.id, DAY1.from, DAY1.to, 200_000n);
  await writeReadings(w.community.id, producer!.injection!.id, DAY1.from, DAY1.to, 150_000n);
  const [userA, userB] = [await makeUser(), await makeUser()];
  await db().member.update({ where: { id: a!.member.id }, data: { userId: userA.id } });
  await db().member.update({ where: { id: b!.member.id }, data: { userId: userB.id } });
  return { ...w, a: a!, b: b!, asA: callerAs(userA), asB: callerAs(userB) };
}

describe("kept resident figures", () => {
  it("two residents of one community, asked in turn twice: A 96 × 100 Wh = 9.6 kWh, B 96 × 200 Wh = 19.2 kWh each time, never the other's", async () => {
    const w = await twoResidents();
    for (let round = 0; round < 2; round++) {
      const [ea, eb] = [await w.asA.me.energy({ memberId: w.a.member.id, resolution: "day" }), await w.asB.me.energy({ memberId: w.b.member.id, resolution: "day" })];
      expect(ea.buckets).toEqual([{ bucket: "2026-03-02", consumptionMWh: "9600000", injectionMWh: "0", intervals: 96 }]);
      expect(eb.buckets).toEqual([{ bucket: "2026-03-02", consumptionMWh: "19200000", injectionMWh: "0", intervals: 96 }]);
      const [ma, mb] = [await w.asA.me.memberships(), await w.asB.me.memberships()];
      expect(ma.flatMap((m) => m.meteringPoints.map((p) => p.readings?.totalMWh))).toEqual(["9600000"]);
      expect(mb.flatMap((m) => m.meteringPoints.map((p) => p.readings?.totalMWh))).toEqual(["19200000"]);
      const [da, db_] = [await w.asA.me.day({ memberId: w.a.member.id }), await w.asB.me.day({ memberId: w.b.member.id })];
      expect([da?.day, da?.totals.consumptionMWh, db_?.totals.consumptionMWh]).toEqual(["2026-03-02", "9600000", "19200000"]);
    }
  });

  it("an import of the next day (100 Wh × 96 more): memberships 96 → 192 intervals and 9.6 → 19.2 kWh, energy gets 2026-03-03, the latest day moves to it", async () => {
    const w = await twoResidents();
    const before = await w.asA.me.memberships();
    expect(before[0]!.meteringPoints[0]!.readings).toMatchObject({ intervals: 96, totalMWh: "9600000" });
    expect((await w.asA.me.day({ memberId: w.a.member.id }))?.day).toBe("2026-03-02");
    await writeReadings(w.community.id, w.a.consumption!.id, DAY2.from, DAY2.to, 100_000n);
    const after = await w.asA.me.memberships();
    expect(after[0]!.meteringPoints[0]!.readings).toMatchObject({ intervals: 192, totalMWh: "19200000", last: "2026-03-03T22:45:00.000Z" });
    expect((await w.asA.me.energy({ memberId: w.a.member.id, resolution: "day" })).buckets.map((b) => b.bucket)).toEqual(["2026-03-02", "2026-03-03"]);
    expect((await w.asA.me.day({ memberId: w.a.member.id }))?.day).toBe("2026-03-03");
  });

  it("readings written by another process (no change signalled here): the kept figure stands until the version is read again, then 96 → 192 intervals", async () => {
    const w = await twoResidents();
    const count = () => db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM reading r JOIN metering_point mp ON mp.meter_id = r.metering_point_id WHERE mp.id = ${w.a.consumption!.id}::uuid`.then((r) => r[0]!.n);
    const t0 = Date.now();
    expect(await keptFigure(db(), { id: w.a.member.id }, "test-count", count, { now: t0 })).toBe(96);
    // As an import elsewhere does: a batch and its readings, committed, with nothing said to this process.
    const batchId = randomUUID();
    await db().importBatch.create({ data: { id: batchId, communityId: w.community.id, fileName: "elsewhere", fileSha256: randomUUID(), format: "test", status: "COMPLETED" } });
    await db().$executeRaw`SELECT dajie_ensure_reading_partitions(${new Date(DAY2.from)}::timestamptz, ${new Date(DAY2.to)}::timestamptz)`;
    await db().$executeRaw`
      INSERT INTO reading (metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)
      SELECT (SELECT meter_id FROM metering_point WHERE id = ${w.a.consumption!.id}::uuid), t, 900, 100000, 'MEASURED', ${batchId}::uuid
      FROM generate_series(${new Date(DAY2.from)}::timestamptz, ${new Date(DAY2.to)}::timestamptz - interval '15 minutes', interval '15 minutes') AS t`;
    expect(await keptFigure(db(), { id: w.a.member.id }, "test-count", count, { now: t0 + VERSION_POLL_MS + 1 })).toBe(192);
  });

  it("the member's point closed before the day (valid_to 2026-03-01): energy 1 bucket → none, the point's readings 96 → none, at once", async () => {
    const w = await twoResidents();
    expect((await w.asA.me.energy({ memberId: w.a.member.id, resolution: "day" })).buckets).toHaveLength(1);
    await db().meteringPoint.update({ where: { id: w.a.consumption!.id }, data: { validTo: new Date("2026-03-01T00:00:00Z") } });
    expect((await w.asA.me.energy({ memberId: w.a.member.id, resolution: "day" })).buckets).toEqual([]);
    expect((await w.asA.me.memberships())[0]!.meteringPoints[0]!.readings).toBeNull();
  });

  it("a finalize of 2026-03-02: credits 0 periods → 1, and the PC account 0 → 1 entry", async () => {
    const w = await twoResidents();
    const before = await w.asA.me.credits({ memberId: w.a.member.id });
    expect([before.periods.length, before.ledger.entries.length]).toEqual([0, 0]);
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" });
    const after = await w.asA.me.credits({ memberId: w.a.member.id });
    expect([after.periods.length, after.ledger.entries.length]).toEqual([1, 1]);
    expect(after.periods[0]).toMatchObject({ periodStart: "2026-03-02", periodEnd: "2026-03-03", version: 1 });
  });
});
