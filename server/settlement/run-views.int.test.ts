// The view services name the consequence before an irreversible step: how much of a period's meter
// data is missing (the period list and the preview), and who finalized each run (runs and audit).
import { describe, expect, it } from "vitest";
import { listAudit } from "@/server/audit/audit";
import { db } from "@/server/db/client";
import { makeUser } from "@/server/test/factories";
import { ownerDb } from "@/server/test/owner-db"; // readings are never deleted by the app: the owner removes some to make a gap
import { finalizeRun, previewRun } from "./finalize-run";
import { getRunDetail, listRuns, periodOverview, previewDto } from "./run-views";
import { settlementWorld, writeReadings } from "./test-settlement";

// Europe/Rome in early March is UTC+1: a local day is 96 quarter hours from 23:00Z the day before.
const FROM = "2026-03-01T23:00:00Z";

/** 3 consumers and a producer (4 metering points) with readings for `days` local days from 2026-03-02. */
async function fourPoints(days: number) {
  const w = await settlementWorld([{}, {}, {}, { injection: true }]);
  await db().community.update({ where: { id: w.community.id }, data: { settlementPeriod: "WEEK" } });
  const to = new Date(Date.parse(FROM) + days * 86_400_000).toISOString();
  for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, to, 100_000n);
  await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, to, 150_000n);
  return w;
}

describe("percent missing", () => {
  it("a week with 1 day of 7 read on 4 points: 2304 of 2688 intervals missing = 85.7 % on 4 points; the next week 100.0 %; the open week none", async () => {
    const w = await fourPoints(1);
    const now = new Date("2026-03-20T12:00:00Z"); // week 03-09..03-16 is in its 5 grace days, 03-02..03-09 is due
    const overview = await periodOverview(db(), w.community.id, now, 3);
    expect(overview.map((p) => [p.period.start, p.state, p.missing])).toEqual([
      ["2026-03-16", "open", null],
      ["2026-03-09", "grace", { expectedIntervals: 2688, missingIntervals: 2688, meteringPoints: 4, percent: "100.0" }],
      ["2026-03-02", "due", { expectedIntervals: 2688, missingIntervals: 2304, meteringPoints: 4, percent: "85.7" }],
    ]);
    // Settled, the week is final and no longer reports what is missing.
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-09" }, { kind: "scheduler" }, { acceptGaps: true });
    const after = (await periodOverview(db(), w.community.id, now, 3)).find((p) => p.period.start === "2026-03-02")!;
    expect([after.state, after.missing]).toEqual(["final", null]);
  });

  it("a full week has nothing missing: 0 of 2688 → 0.0 %, state due (ready to settle)", async () => {
    const w = await fourPoints(7);
    const week = (await periodOverview(db(), w.community.id, new Date("2026-03-20T12:00:00Z"), 3)).find((p) => p.period.start === "2026-03-02")!;
    expect([week.state, week.missing]).toEqual(["due", { expectedIntervals: 2688, missingIntervals: 0, meteringPoints: 0, percent: "0.0" }]);
  });

  it("the preview of a day where one of 4 points misses 8 quarter hours: 8 of 384 = 2.08 % → 2.1 on 1 point", async () => {
    const w = await fourPoints(1);
    await ownerDb().$executeRaw`DELETE FROM reading WHERE metering_point_id = ${w.members[1]!.consumption!.id}::uuid AND interval_start >= '2026-03-02T10:00:00Z' AND interval_start < '2026-03-02T12:00:00Z'`;
    const dto = await previewDto(db(), await previewRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }));
    expect(dto.missing).toEqual({ expectedIntervals: 384, missingIntervals: 8, meteringPoints: 1, percent: "2.1" });
  });
});

describe("who acted", () => {
  it("runs and audit entries name the person: a user as 'Name <e-mail>', the CLI as 'command line: alice', the scheduler as 'scheduler'", async () => {
    const w = await fourPoints(3);
    const maria = await makeUser({ name: "Maria Rossi", email: "maria.rossi@comune.example" });
    await db().orgMembership.create({ data: { orgId: w.org.id, userId: maria.id, role: "ADMIN" } });
    const byUser = await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "user", userId: maria.id, orgId: w.org.id });
    const byCli = await finalizeRun(db(), w.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "cli", name: "alice" });
    const bySched = await finalizeRun(db(), w.community.id, { start: "2026-03-04", end: "2026-03-05" }, { kind: "scheduler" });
    const names = new Map((await listRuns(db(), w.community.id)).map((r) => [r.id, r.startedByName]));
    expect([names.get(byUser.runId), names.get(byCli.runId), names.get(bySched.runId)]).toEqual(["Maria Rossi <maria.rossi@comune.example>", "command line: alice", "scheduler"]);
    expect((await getRunDetail(db(), w.community.id, byUser.runId)).startedByName).toBe("Maria Rossi <maria.rossi@comune.example>");
    const audit = (await listAudit(db(), w.org.id, { limit: 50 })).items.filter((e) => e.action === "settlement.finalize");
    expect(new Map(audit.map((e) => [e.objectId, e.actor]))).toEqual(
      new Map([
        [byUser.runId, "Maria Rossi <maria.rossi@comune.example>"],
        [byCli.runId, "command line: alice"],
        [bySched.runId, "scheduler"],
      ]),
    );
  });
});
