// Participation factors, a meter in several communities, and moves that keep history (ADR 0009),
// against a real PostgreSQL: worked numbers in every name.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CommunityScope } from "@/server/access/scope";
import { db } from "@/server/db/client";
import { importFile } from "@/server/metering/import/import-file";
import { dailyReadings } from "@/server/metering/meter-data";
import { finalizeRun, previewRun } from "@/server/settlement/finalize-run";
import { memberDays } from "@/server/transparency/public-stats";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { makeCommunity, unique } from "@/server/test/factories";
import { addMeteringPoint } from "./metering-points";
import { factorHistory, moveMember, moveMeteringPoint, setParticipationFactor } from "./participation";

// 2026-03-02 in Europe/Rome (UTC+1): 96 quarter hours from 23:00Z the day before.
const DAY = { start: "2026-03-02", end: "2026-03-03" };
const DAY2 = { start: "2026-03-03", end: "2026-03-04" };
const FROM = "2026-03-01T23:00:00Z";
const MID = "2026-03-02T23:00:00Z";
const TO = "2026-03-03T23:00:00Z";

type World = Awaited<ReturnType<typeof settlementWorld>>;
const scopeOf = (w: World): CommunityScope => ({ communityId: w.community.id, municipalityId: w.org.id, via: "municipality", orgId: w.org.id, role: "ADMIN" });
const actorOf = (w: World) => ({ userId: w.admin.id });
const finalizer = (w: World) => ({ kind: "user" as const, userId: w.admin.id, orgId: w.org.id });
const memberOf = (c: Awaited<ReturnType<typeof previewRun>>, memberId: string) => c.members.find((m) => m.memberId === memberId);

/** Community A: consumer X (the shared meter) and a producer of 5,000 Wh a quarter hour (enough for everyone). */
async function communityWithSharedConsumer() {
  const w = await settlementWorld([{}, { injection: true }]);
  const x = w.members[0]!;
  await writeReadings(w.community.id, w.members[1]!.injection!.id, FROM, TO, 5_000_000n);
  return { w, x, point: x.consumption! };
}

/** Community B (another municipality) with one member Y and a producer of 5,000 Wh a quarter hour. */
async function otherCommunity() {
  const b = await settlementWorld([{ consumption: false }, { injection: true }]);
  await writeReadings(b.community.id, b.members[1]!.injection!.id, FROM, TO, 5_000_000n);
  return { b, y: b.members[0]!.member };
}

const pointInput = (code: string) => ({ code, direction: "CONSUMPTION" as const, capacityKw: "6", validFrom: "2026-01-01" });

describe("participation factors of a meter in two communities", () => {
  it("60 % in A + 40 % in B: 1,000 Wh a quarter hour → 600 Wh settled in A (57.6 kWh, 691 ¢ at 0.12 €/kWh) and 400 Wh in B (38.4 kWh, 461 ¢); readings stored once", async () => {
    const { w: a, x, point } = await communityWithSharedConsumer();
    const { b, y } = await otherCommunity();
    await writeReadings(a.community.id, point.id, FROM, TO, 1_000_000n);
    await setParticipationFactor(db(), actorOf(a), scopeOf(a), { pointId: point.id, validFrom: "2026-01-01", percent: "60" });
    const inB = await addMeteringPoint(db(), actorOf(b), scopeOf(b), y.id, pointInput(point.code), "40");

    const runA = await finalizeRun(db(), a.community.id, DAY, finalizer(a));
    const runB = await finalizeRun(db(), b.community.id, DAY, finalizer(b));
    const lineA = await db().settlementRunMember.findUniqueOrThrow({ where: { runId_memberId: { runId: runA.runId, memberId: x.member.id } } });
    const lineB = await db().settlementRunMember.findUniqueOrThrow({ where: { runId_memberId: { runId: runB.runId, memberId: y.id } } });
    expect([lineA.consumptionMWh, lineA.allocatedMWh, lineA.debitCents]).toEqual([96n * 600_000n, 57_600_000n, 691n]);
    expect([lineB.consumptionMWh, lineB.allocatedMWh, lineB.debitCents]).toEqual([96n * 400_000n, 38_400_000n, 461n]);
    // One physical meter, one set of readings: 96 × 2 days written once, under the meter both points name.
    const meter = await db().meteringPoint.findUniqueOrThrow({ where: { id: inB.id } });
    expect(meter.meterId).toBe(point.meterId);
    expect(await db().reading.count({ where: { meteringPointId: point.meterId } })).toBe(192);
  });

  it("70 % in A + 40 % in B is refused with A's share named, and nothing is written in B", async () => {
    const { w: a, point } = await communityWithSharedConsumer();
    const { b, y } = await otherCommunity();
    await setParticipationFactor(db(), actorOf(a), scopeOf(a), { pointId: point.id, validFrom: "2026-01-01", percent: "70" });
    await expect(addMeteringPoint(db(), actorOf(b), scopeOf(b), y.id, pointInput(point.code), "40")).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: `${point.code} already takes part with 70 % in ${a.community.name} from 2026-01-01; at most 30 % is left.`,
    });
    expect(await db().meteringPoint.count({ where: { communityId: b.community.id, code: point.code } })).toBe(0);
    expect(await db().participationFactor.count({ where: { communityId: b.community.id } })).toBe(0);
    // Without a factor B would take 100 %: refused too, the message names what is left (30 %).
    await expect(addMeteringPoint(db(), actorOf(b), scopeOf(b), y.id, pointInput(point.code))).rejects.toMatchObject({ message: expect.stringContaining("at most 30 % is left") });
    // 30 % fits; raising it to 40 % later is refused and leaves 30 % in force.
    const inB = await addMeteringPoint(db(), actorOf(b), scopeOf(b), y.id, pointInput(point.code), "30");
    await expect(setParticipationFactor(db(), actorOf(b), scopeOf(b), { pointId: inB.id, validFrom: "2026-02-01", percent: "40" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await factorHistory(db(), scopeOf(b), inB.id)).versions).toEqual([{ validFrom: "2026-01-01", percent: "30", basisPoints: 3000 }]);
  });

  it("the database refuses 70 % + 40 % by itself at commit (the trigger behind the services)", async () => {
    const { w: a, point } = await communityWithSharedConsumer();
    const { b, y } = await otherCommunity();
    await db().participationFactor.create({ data: { communityId: a.community.id, meterId: point.meterId, validFrom: new Date("2026-01-01"), basisPoints: 7000 } });
    await expect(
      db().$transaction(async (tx) => {
        const p = await tx.meteringPoint.create({ data: { communityId: b.community.id, memberId: y.id, code: point.code, direction: "CONSUMPTION", capacityKw: "6", validFrom: new Date("2026-01-01") } });
        await tx.participationFactor.create({ data: { communityId: b.community.id, meterId: p.meterId, validFrom: new Date("2026-01-01"), basisPoints: 4000 } });
      }),
    ).rejects.toThrow(/sum to 11000 basis points on 2026-01-01/);
    expect(await db().meteringPoint.count({ where: { communityId: b.community.id, code: point.code } })).toBe(0);
  });

  it("a factor of 50 % from 2026-03-03 applies only from that day: 96 × 1,000 Wh + 96 × 500 Wh = 144 kWh over the two days", async () => {
    const { w, x, point } = await communityWithSharedConsumer();
    await writeReadings(w.community.id, point.id, FROM, TO, 1_000_000n);
    await setParticipationFactor(db(), actorOf(w), scopeOf(w), { pointId: point.id, validFrom: "2026-03-03", percent: "50" });
    const c = await previewRun(db(), w.community.id, { start: DAY.start, end: DAY2.end });
    expect(memberOf(c, x.member.id)!.consumptionMWh).toBe(96n * 1_000_000n + 96n * 500_000n);
    expect((await previewRun(db(), w.community.id, DAY)).members.find((m) => m.memberId === x.member.id)!.consumptionMWh).toBe(96_000_000n);
  });

  it("the public figures take the community's share too: 96 × 1,000 Wh at 60 % → 57.6 kWh on 2026-03-02, 0 % from 2026-03-03 → X absent that day", async () => {
    const { w, x, point } = await communityWithSharedConsumer();
    await writeReadings(w.community.id, point.id, FROM, TO, 1_000_000n);
    await setParticipationFactor(db(), actorOf(w), scopeOf(w), { pointId: point.id, validFrom: "2026-01-01", percent: "60" });
    await setParticipationFactor(db(), actorOf(w), scopeOf(w), { pointId: point.id, validFrom: "2026-03-03", percent: "0" });
    const days = await memberDays(db(), { id: w.community.id, timeZone: "Europe/Rome", intervalMinutes: 15 }, new Date(TO));
    const mine = days.filter((d) => d.member === x.member.id).map((d) => [d.day, d.consumptionMWh]);
    expect(mine).toEqual([["2026-03-02", 57_600_000n]]);
  });

  it("a factor of 0 takes the point out: no consumption, and its missing readings are no gap", async () => {
    const { w, x, point } = await communityWithSharedConsumer();
    // No readings at all for X: at 100 % that is 96 missing intervals.
    expect((await previewRun(db(), w.community.id, DAY)).gaps).toHaveLength(1);
    await setParticipationFactor(db(), actorOf(w), scopeOf(w), { pointId: point.id, validFrom: "2026-01-01", percent: "0" });
    const c = await previewRun(db(), w.community.id, DAY);
    expect(c.gaps).toEqual([]);
    expect(memberOf(c, x.member.id)?.consumptionMWh ?? 0n).toBe(0n);
  });
});

describe("moves keep history", () => {
  it("a point moved from X to Z on 2026-03-03: the settled 2026-03-02 run stays as it was (96 kWh for X), X's readings of 2026-03-03 count for Z (96 kWh)", async () => {
    const { w, x, point } = await communityWithSharedConsumer();
    const z = await db().member.create({ data: { communityId: w.community.id, pseudonym: unique("M").toUpperCase(), reference: "R-Z", kind: "CONSUMER", joinedOn: new Date("2026-01-01") } });
    await writeReadings(w.community.id, point.id, FROM, TO, 1_000_000n);
    const run1 = await finalizeRun(db(), w.community.id, DAY, finalizer(w));
    const lines1 = await db().settlementRunMember.findMany({ where: { runId: run1.runId }, orderBy: { memberId: "asc" } });

    // Inside the settled day: refused, nothing changed.
    await expect(moveMeteringPoint(db(), actorOf(w), scopeOf(w), { pointId: point.id, toMemberId: z.id, from: "2026-03-02" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The period up to 2026-03-03 is settled and final; choose 2026-03-03 or later.",
    });
    const moved = await moveMeteringPoint(db(), actorOf(w), scopeOf(w), { pointId: point.id, toMemberId: z.id, from: "2026-03-03" });
    expect(await db().meteringPoint.findUniqueOrThrow({ where: { id: point.id } })).toMatchObject({ validTo: new Date("2026-03-03") });
    expect(await db().meteringPoint.findUniqueOrThrow({ where: { id: moved.newPointId } })).toMatchObject({ memberId: z.id, meterId: point.meterId, validFrom: new Date("2026-03-03"), validTo: null });

    // The settled day computes the same as before: same inputs, same lines; finalizing again is a no-op.
    const again = await finalizeRun(db(), w.community.id, DAY, finalizer(w));
    expect(again).toMatchObject({ runId: run1.runId, created: false });
    expect(await db().settlementRunMember.findMany({ where: { runId: run1.runId }, orderBy: { memberId: "asc" } })).toEqual(lines1);
    expect(lines1.find((l) => l.memberId === x.member.id)!.consumptionMWh).toBe(96_000_000n);

    const day2 = await previewRun(db(), w.community.id, DAY2);
    expect(memberOf(day2, z.id)!.consumptionMWh).toBe(96_000_000n);
    expect(memberOf(day2, x.member.id)?.consumptionMWh ?? 0n).toBe(0n);
    const audit = await db().auditEvent.findFirst({ where: { action: "metering-point.move", objectId: point.id } });
    expect(audit).not.toBeNull();
  });

  it("a member moved to community A2 of the same municipality on 2026-03-03: A keeps 2026-03-02, A2 settles 2026-03-03 for a new pseudonym with the same 60 % share", async () => {
    const { w, x, point } = await communityWithSharedConsumer();
    await db().memberPersonalData.create({ data: { memberId: x.member.id, name: "Anna Rossi", email: `${unique("anna")}@example.test` } });
    await writeReadings(w.community.id, point.id, FROM, TO, 1_000_000n);
    await setParticipationFactor(db(), actorOf(w), scopeOf(w), { pointId: point.id, validFrom: "2026-01-01", percent: "60" });
    const a2 = await makeCommunity(w.org.id, w.admin.id);
    const targetScope: CommunityScope = { ...scopeOf(w), communityId: a2.id };
    const out = await moveMember(db(), actorOf(w), scopeOf(w), targetScope, { memberId: x.member.id, toCommunityId: a2.id, from: "2026-03-03" });

    const old = await db().member.findUniqueOrThrow({ where: { id: x.member.id } });
    const fresh = await db().member.findUniqueOrThrow({ where: { id: out.newMemberId }, include: { personal: true, meteringPoints: true } });
    expect(old.leftOn).toEqual(new Date("2026-03-03"));
    expect(fresh).toMatchObject({ communityId: a2.id, reference: old.reference, joinedOn: new Date("2026-03-03"), personal: { name: "Anna Rossi" } });
    expect(fresh.pseudonym).not.toBe(old.pseudonym);
    expect(fresh.meteringPoints.map((p) => p.meterId)).toEqual([point.meterId]);

    expect(memberOf(await previewRun(db(), w.community.id, DAY), x.member.id)!.consumptionMWh).toBe(96n * 600_000n);
    expect(memberOf(await previewRun(db(), w.community.id, DAY2), x.member.id)).toBeUndefined();
    expect(memberOf(await previewRun(db(), a2.id, DAY2), out.newMemberId)!.consumptionMWh).toBe(96n * 600_000n);
  });

  it("a member cannot move to another municipality's community", async () => {
    const { w, x } = await communityWithSharedConsumer();
    const { b } = await otherCommunity();
    await expect(moveMember(db(), actorOf(w), scopeOf(w), scopeOf(b), { memberId: x.member.id, toCommunityId: b.community.id, from: "2026-03-03" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await db().member.findUniqueOrThrow({ where: { id: x.member.id } })).leftOn).toBeNull();
  });
});

describe("a shared meter across tenants", () => {
  const dir = mkdtempSync(join(tmpdir(), "dajie-shared-"));
  const csvMapping = { unit: "Wh" as const, layout: { kind: "long" as const, meteringPoint: "pod", timestamp: "start", energy: "wh" }, intervalSeconds: 900 };

  it("a file of 4 × 1,000 Wh imported in B, then again in A: 4 readings stored once (4 new, then 4 unchanged)", async () => {
    const { w: a, point } = await communityWithSharedConsumer();
    const { b, y } = await otherCommunity();
    await setParticipationFactor(db(), actorOf(a), scopeOf(a), { pointId: point.id, validFrom: "2026-01-01", percent: "60" });
    await addMeteringPoint(db(), actorOf(b), scopeOf(b), y.id, pointInput(point.code), "40");
    const path = join(dir, `shared-${unique()}.csv`);
    const rows = ["00:00", "00:15", "00:30", "00:45"].map((t) => `${point.code},2026-03-02T${t}:00+01:00,1000`);
    writeFileSync(path, ["pod,start,wh", ...rows].join("\n") + "\n");
    const req = (communityId: string, orgId: string) => ({ communityId, path, fileName: "shared.csv", options: { csvMapping }, source: "CLI" as const, actor: { userId: null, orgId } });
    const inB = await importFile(db(), req(b.community.id, b.org.id));
    expect([inB.readingsNew, inB.readingsUnchanged, inB.readingsCorrected]).toEqual([4, 0, 0]);
    const inA = await importFile(db(), req(a.community.id, a.org.id));
    expect([inA.readingsNew, inA.readingsUnchanged, inA.readingsCorrected]).toEqual([0, 4, 0]);
    expect(await db().reading.count({ where: { meteringPointId: point.meterId } })).toBe(4);
  });

  it("B's operator sees only B: not A's point, not A's factor versions, not A's readings from before B's assignment, and cannot change A's point", async () => {
    const { w: a, point } = await communityWithSharedConsumer();
    const { b, y } = await otherCommunity();
    await writeReadings(a.community.id, point.id, FROM, TO, 1_000_000n);
    await setParticipationFactor(db(), actorOf(a), scopeOf(a), { pointId: point.id, validFrom: "2026-01-01", percent: "60" });
    const inB = await addMeteringPoint(db(), actorOf(b), scopeOf(b), y.id, { ...pointInput(point.code), validFrom: "2026-03-03" }, "40");
    // A's point id through B's scope: not found (its existence is not revealed).
    await expect(setParticipationFactor(db(), actorOf(b), scopeOf(b), { pointId: point.id, validFrom: "2026-04-01", percent: "10" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(factorHistory(db(), scopeOf(b), point.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moveMeteringPoint(db(), actorOf(b), scopeOf(b), { pointId: point.id, toMemberId: y.id, from: "2026-04-01" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await factorHistory(db(), scopeOf(b), inB.id)).versions).toEqual([{ validFrom: "2026-03-03", percent: "40", basisPoints: 4000 }]);
    // B's meter data: the meter's readings only from B's first day (2026-03-03), 96 × 1,000 Wh = 96,000 Wh.
    const days = await dailyReadings(db(), b.community.id, { meteringPointId: inB.id, from: "2026-03-01", to: "2026-03-05" });
    expect(days.days.map((d) => [d.date, d.mwh])).toEqual([["2026-03-03", "96000000"]]);
  });
});
