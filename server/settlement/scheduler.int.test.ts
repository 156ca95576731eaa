// The scheduler against a real PostgreSQL: complete periods past their grace days are settled once,
// periods with gaps wait, changed readings are corrected; and pg-boss runs it from its own queue.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startJobQueue, SETTLEMENT_TICK } from "@/server/jobs/queue";
import { env } from "@/server/env";
import { periodOverview } from "./run-views";
import { settleDuePeriods } from "./scheduler";
import { settlementWorld, writeReadings } from "./test-settlement";
import { ownerDb } from "@/server/test/owner-db"; // readings are never deleted by the app: the owner removes some to make a gap

// Weeks in Europe/Rome (UTC+1 in March before the 29th): Monday 2026-03-02 00:00 = 2026-03-01T23:00Z.
async function twoWeeks() {
  const w = await settlementWorld([{}, { injection: true }]);
  await db().community.update({ where: { id: w.community.id }, data: { settlementPeriod: "WEEK", settlementGraceDays: 2 } });
  await writeReadings(w.community.id, w.members[0]!.consumption!.id, "2026-03-01T23:00:00Z", "2026-03-15T23:00:00Z", 100_000n);
  await writeReadings(w.community.id, w.members[1]!.injection!.id, "2026-03-01T23:00:00Z", "2026-03-15T23:00:00Z", 60_000n);
  return w;
}

describe("the settlement scheduler", () => {
  it("settles the weeks past their 2 grace days, once: on 2026-03-18 both weeks, on 2026-03-11 only the first", async () => {
    const w = await twoWeeks();
    expect((await settleDuePeriods(db(), w.community.id, new Date("2026-03-11T12:00:00Z"))).map((r) => [r.period.start, r.outcome])).toEqual([["2026-03-02", "finalized"]]);
    const later = await settleDuePeriods(db(), w.community.id, new Date("2026-03-18T12:00:00Z"));
    expect(later.map((r) => [r.period.start, r.outcome])).toEqual([["2026-03-09", "finalized"]]);
    expect(await settleDuePeriods(db(), w.community.id, new Date("2026-03-18T13:00:00Z"))).toEqual([]);
    expect(await db().settlementRun.count({ where: { communityId: w.community.id } })).toBe(2);
  });

  it("a week with a gap waits for review and is shown as due; a changed week is corrected", async () => {
    const w = await twoWeeks();
    await ownerDb().$executeRaw`DELETE FROM reading WHERE metering_point_id = ${w.members[0]!.consumption!.id}::uuid AND interval_start >= '2026-03-10T00:00:00Z' AND interval_start < '2026-03-10T01:00:00Z'`;
    const now = new Date("2026-03-18T12:00:00Z");
    const results = await settleDuePeriods(db(), w.community.id, now);
    expect(results.map((r) => [r.period.start, r.outcome])).toEqual([
      ["2026-03-02", "finalized"],
      ["2026-03-09", "waiting-for-review"],
    ]);
    expect(results[1]!.message).toMatch(/miss 4 interval/);
    let overview = await periodOverview(db(), w.community.id, now, 3);
    expect(overview.map((p) => [p.period.start, p.state])).toEqual([
      ["2026-03-16", "open"],
      ["2026-03-09", "due"],
      ["2026-03-02", "final"],
    ]);
    // A late correction for the first week: its run no longer matches the data.
    await writeReadings(w.community.id, w.members[1]!.injection!.id, "2026-03-03T10:00:00Z", "2026-03-03T12:00:00Z", 200_000n);
    overview = await periodOverview(db(), w.community.id, now, 3);
    expect(overview[2]!.state).toBe("changed");
    const again = await settleDuePeriods(db(), w.community.id, now);
    expect(again.map((r) => [r.period.start, r.outcome])).toEqual([
      ["2026-03-02", "corrected"],
      ["2026-03-09", "waiting-for-review"],
    ]);
    overview = await periodOverview(db(), w.community.id, now, 3);
    expect(overview[2]).toMatchObject({ state: "final", latestRun: { version: 2 } });
  });

  it("pg-boss runs the tick from its PostgreSQL queue and the community's due weeks get settled", async () => {
    const w = await twoWeeks();
    const queue = await startJobQueue(db(), env().DATABASE_URL, {
      cron: "0 0 1 1 *",
      now: () => new Date("2026-03-18T12:00:00Z"),
      // Only this test's community: other test files' communities share the database.
      communityIds: async () => [w.community.id],
    });
    try {
      await queue.boss.send(SETTLEMENT_TICK, {});
      const deadline = Date.now() + 20_000; // pg-boss polls every 2 s; the tick settles in ~3 s
      while ((await db().settlementRun.count({ where: { communityId: w.community.id } })) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(await db().settlementRun.count({ where: { communityId: w.community.id } })).toBe(2);
    } finally {
      await queue.stop();
    }
  });
});
