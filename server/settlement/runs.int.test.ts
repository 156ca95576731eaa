// Settlement runs against a real PostgreSQL: preview writes nothing, finalize writes a balanced,
// chained, checkpointed set of entries exactly once, gaps stop it until accepted, and changed
// readings give a correction run that reverses the old entries.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { entryLine, entryHash } from "@/server/ledger/entry-encoding";
import { hex, MerkleAccumulator, packFrontier, rootFromLeafHashes } from "@/server/ledger/merkle";
import { periodOverview } from "./run-views";
import { previewRun, finalizeRun } from "./finalize-run";
import { settlementWorld, writeReadings } from "./test-settlement";
import { ownerDb } from "@/server/test/owner-db"; // readings are never deleted by the app: the owner removes some to make a gap

const run = promisify(execFile);
// 2026-03-02 in Europe/Rome (UTC+1): 96 quarter hours from 23:00Z the day before.
const DAY = { start: "2026-03-02", end: "2026-03-03" };
const FROM = "2026-03-01T23:00:00Z";
const TO = "2026-03-02T23:00:00Z";

/** 3 consumers of 100 Wh and one producer of 150 Wh in every quarter hour of DAY. */
async function threeConsumersOneProducer() {
  const w = await settlementWorld([{}, {}, {}, { injection: true }]);
  for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, TO, 100_000n);
  await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n);
  return w;
}

async function entriesOf(communityId: string) {
  return db().ledgerEntry.findMany({ where: { communityId }, orderBy: { seq: "asc" }, include: { run: { select: { periodStart: true, periodEnd: true } } } });
}

describe("settlement runs", () => {
  it("3 consumers × 100 Wh, PV 150 Wh, 96 quarter hours → 4.8 kWh each; 0.12 €/kWh → 57.6 ¢ each, 173 ¢ total as 58/58/57; preview writes nothing", async () => {
    const w = await threeConsumersOneProducer();
    const c = await previewRun(db(), w.community.id, DAY);
    expect(c.inputs.intervalCount).toBe(96);
    expect(c.gaps).toEqual([]);
    const rows = c.members.map((m) => [m.reference, m.consumptionMWh, m.allocatedMWh, m.injectionMWh, m.deliveredMWh, m.debitCents, m.creditCents, m.pcCents]);
    const debits = c.members.slice(0, 3).map((m) => m.debitCents);
    expect(debits.reduce((a, b) => a + b, 0n)).toBe(173n);
    expect([...debits].sort()).toEqual([57n, 58n, 58n]);
    expect(rows[3]).toEqual(["R004", 0n, 0n, 14_400_000n, 14_400_000n, 0n, 173n, 173n]);
    for (const r of rows.slice(0, 3)) expect(r.slice(1, 5)).toEqual([9_600_000n, 4_800_000n, 0n, 0n]);
    expect(c.totals).toMatchObject({ sharedMWh: "14400000", surplusMWh: "0", valueCents: "173", communityCreditCents: "173" });
    expect(await db().settlementRun.count({ where: { communityId: w.community.id } })).toBe(0);
    expect(await db().ledgerEntry.count({ where: { communityId: w.community.id } })).toBe(0);
  });

  it("finalize writes 6 balanced, chained entries and a checkpoint whose root is the RFC 6962 root of their hashes", async () => {
    const w = await threeConsumersOneProducer();
    const out = await finalizeRun(db(), w.community.id, DAY, { kind: "user", userId: w.admin.id, orgId: w.org.id });
    expect(out).toMatchObject({ version: 1, created: true });
    const entries = await entriesOf(w.community.id);
    expect(entries.map((e) => e.kind)).toEqual([
      "SHARED_ENERGY_DEBIT",
      "SHARED_ENERGY_DEBIT",
      "SHARED_ENERGY_DEBIT",
      "SHARED_ENERGY_COLLECTED",
      "SHARED_ENERGY_CREDIT",
      "SHARED_ENERGY_PAID",
    ]);
    expect(entries.reduce((s, e) => s + e.amountCents, 0n)).toBe(0n);
    expect(entries.map((e) => e.seq)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    let prev: Uint8Array = new Uint8Array(32);
    for (const e of entries) {
      const line = entryLine({
        communityId: e.communityId,
        seq: e.seq,
        runId: e.runId,
        periodStart: "2026-03-02",
        periodEnd: "2026-03-03",
        kind: e.kind as never,
        account: e.account,
        amountCents: e.amountCents,
        energyMWh: e.energyMWh,
        reversesSeq: e.reversesSeq,
        prevHash: prev,
      });
      expect(Buffer.from(e.prevHash)).toEqual(Buffer.from(prev));
      const h = entryHash(new TextEncoder().encode(line));
      expect(Buffer.from(e.hash).toString("hex")).toBe(hex(h));
      prev = h;
    }
    const runRow = await db().settlementRun.findUniqueOrThrow({ where: { id: out.runId } });
    const root = hex(rootFromLeafHashes(entries.map((e) => new Uint8Array(e.hash))));
    expect(runRow).toMatchObject({ checkpointSize: 6n, checkpointRoot: root, firstSeq: 1n, lastSeq: 6n });
    expect(Buffer.from((await db().ledgerCheckpoint.findUniqueOrThrow({ where: { runId: out.runId } })).root).toString("hex")).toBe(root);
    expect(await db().settlementRunMember.count({ where: { runId: out.runId } })).toBe(4);
    expect(await db().auditEvent.count({ where: { objectId: out.runId, action: "settlement.finalize" } })).toBe(1);
  });

  it("the same final run requested 50 times at once from 5 processes writes exactly one set of entries", async () => {
    const w = await threeConsumersOneProducer();
    const procs = await Promise.all(
      Array.from({ length: 5 }, () =>
        run("node_modules/.bin/tsx", ["scripts/test-support/finalize-many.ts", w.community.id, DAY.start, DAY.end, "10"], { env: process.env, timeout: 80_000 }),
      ),
    );
    const outcomes = procs.flatMap((p) => JSON.parse(p.stdout) as { runId?: string; created?: boolean; error?: string }[]);
    expect(outcomes).toHaveLength(50);
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    expect(new Set(outcomes.map((o) => o.runId)).size).toBe(1);
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect(await db().settlementRun.count({ where: { communityId: w.community.id } })).toBe(1);
    expect(await db().ledgerEntry.count({ where: { communityId: w.community.id } })).toBe(6);
  }, 90_000); // 5 child processes each load tsx and the server modules at once on 2 cores: ~30 s here

  it("a metering point missing 8 of 96 intervals is reported, and finalize refuses until the gaps are accepted", async () => {
    const w = await threeConsumersOneProducer();
    await ownerDb().$executeRaw`DELETE FROM reading WHERE metering_point_id = ${w.members[1]!.consumption!.id}::uuid AND interval_start >= '2026-03-02T10:00:00Z' AND interval_start < '2026-03-02T12:00:00Z'`;
    const c = await previewRun(db(), w.community.id, DAY);
    expect(c.gaps).toEqual([
      expect.objectContaining({ code: w.members[1]!.consumption!.code, expectedIntervals: 96, missingIntervals: 8, firstMissing: "2026-03-02T10:00:00.000Z" }),
    ]);
    await expect(finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" })).rejects.toThrow(/1 metering point\(s\) miss 8 interval\(s\)/);
    expect(await db().ledgerEntry.count({ where: { communityId: w.community.id } })).toBe(0);
    const out = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" }, { acceptGaps: true });
    expect(out.created).toBe(true);
    const runRow = await db().settlementRun.findUniqueOrThrow({ where: { id: out.runId } });
    expect((runRow.gaps as unknown[]).length).toBe(1);
  });

  it("changed readings after a final run → a correction run: 6 reversing entries, then the new ones; balances follow the new figures", async () => {
    const w = await threeConsumersOneProducer();
    const first = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
    const now = new Date("2026-03-20T12:00:00Z");
    // The producer's corrected data: 300 Wh per quarter hour → every consumer fully covered.
    await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 300_000n);
    const overview = await periodOverview(db(), w.community.id, now, 3);
    // Month periods: the day run is a custom range inside March (still open); February has no data.
    expect(overview.map((p) => [p.period.start, p.state])).toEqual([["2026-03-01", "open"]]);
    const second = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
    expect(second).toMatchObject({ version: 2, created: true });
    const entries = await entriesOf(w.community.id);
    const reversals = entries.filter((e) => e.kind === "REVERSAL");
    expect(reversals.map((e) => e.reversesSeq)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    expect(reversals.every((e) => e.runId === second.runId)).toBe(true);
    expect(entries.filter((e) => e.runId === second.runId).reduce((s, e) => s + e.amountCents, 0n)).toBe(0n);
    // 9.6 kWh each at 0.12 €/kWh = 115.2 ¢ → 346 ¢ in all (115/115/116 in some order).
    const pc = await db().ledgerEntry.groupBy({ by: ["account"], where: { communityId: w.community.id }, _sum: { amountCents: true } });
    const producer = pc.find((r) => r.account === `PC:${w.members[3]!.member.pseudonym}`);
    expect(producer?._sum.amountCents).toBe(346n);
    expect(pc.find((r) => r.account === "CC")?._sum.amountCents).toBe(0n);
    // Asking again changes nothing.
    expect(await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" })).toMatchObject({ runId: second.runId, created: false });
    expect(first.runId).not.toBe(second.runId);
  });

  it("the same readings sent again in a new batch: no correction run, and the period shows as final again", async () => {
    const w = await threeConsumersOneProducer();
    await db().community.update({ where: { id: w.community.id }, data: { settlementPeriod: "WEEK" } });
    const week = { start: "2026-03-02", end: "2026-03-09" };
    const first = await finalizeRun(db(), w.community.id, week, { kind: "scheduler" }, { acceptGaps: true });
    const now = new Date("2026-03-20T12:00:00Z");
    const stateOfWeek = async () => (await periodOverview(db(), w.community.id, now, 3)).find((p) => p.period.start === week.start)!.state;
    expect(await stateOfWeek()).toBe("final");
    await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n); // same values, new batch
    expect(await stateOfWeek()).toBe("changed");
    expect(await finalizeRun(db(), w.community.id, week, { kind: "scheduler" }, { acceptGaps: true })).toMatchObject({ runId: first.runId, created: false });
    expect(await stateOfWeek()).toBe("final");
    expect(await db().settlementRun.count({ where: { communityId: w.community.id } })).toBe(1);
  });

  it("a week that overlaps a settled day is refused: energy is settled once", async () => {
    const w = await threeConsumersOneProducer();
    await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
    await expect(finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-09" }, { kind: "scheduler" }, { acceptGaps: true })).rejects.toThrow(/overlaps the settled period from 2026-03-02 to 2026-03-02 \(last day included\)/);
  });

  it("a period that has not ended in the community's time zone cannot be finalized", async () => {
    const w = await threeConsumersOneProducer();
    await expect(finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" }, { now: new Date("2026-03-02T22:59:59Z") })).rejects.toThrow(/has not ended yet: it ends at 2026-03-02T23:00:00.000Z/);
    expect(await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" }, { now: new Date("2026-03-02T23:00:00Z") })).toMatchObject({ created: true });
  });

  it("hourly readings in a 15-minute community are spread evenly: 1000.003 Wh → 3 × 250.001 + 250.000 Wh (remainder to the first)", async () => {
    const w = await settlementWorld([{}, { injection: true }]);
    await writeReadings(w.community.id, w.members[0]!.consumption!.id, FROM, TO, 1_000_003n, 3600);
    await writeReadings(w.community.id, w.members[1]!.injection!.id, FROM, TO, 10_000_000n);
    const c = await previewRun(db(), w.community.id, DAY);
    expect(c.gaps).toEqual([]);
    const series = c.inputs.series.find((s) => s.direction === "CONSUMPTION")!;
    expect([0, 1, 2, 3].map((k) => series.energy[k])).toEqual([250_001n, 250_001n, 250_001n, 250_000n]);
    expect(c.members[0]!.consumptionMWh).toBe(24n * 1_000_003n);
    expect(c.members[0]!.allocatedMWh).toBe(24n * 1_000_003n);
  });

  it("a member who left at noon local time counts only until then: 12 h × 4 × 100 Wh = 4.8 kWh", async () => {
    const w = await settlementWorld([{ leftOn: "2026-03-03" }, { joinedOn: "2026-03-02" }, { injection: true }]);
    for (const m of w.members.slice(0, 2)) await writeReadings(w.community.id, m.consumption!.id, FROM, "2026-03-03T23:00:00Z", 100_000n);
    await writeReadings(w.community.id, w.members[2]!.injection!.id, FROM, "2026-03-03T23:00:00Z", 1_000_000n);
    // The period is two days; member 1 left after the first (its membership ends on 2026-03-03).
    const c = await previewRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-04" });
    const byRef = new Map(c.members.map((m) => [m.reference, m]));
    expect(byRef.get("R001")!.consumptionMWh).toBe(96n * 100_000n);
    expect(byRef.get("R002")!.consumptionMWh).toBe(192n * 100_000n);
    expect(c.gaps).toEqual([]);
  });

  it("static keys 0.25 / 0.5 with 400 Wh of PV: 100 / 200 Wh allocated, 100 Wh surplus", async () => {
    const w0 = await settlementWorld([{}, {}, { injection: true }]);
    const pseud = w0.members.map((m) => m.member.pseudonym);
    await db().community.update({ where: { id: w0.community.id }, data: { ruleKind: "STATIC", ruleParams: { shares: { [pseud[0]!]: "0.25", [pseud[1]!]: "0.5" } } } });
    for (const m of w0.members.slice(0, 2)) await writeReadings(w0.community.id, m.consumption!.id, FROM, TO, 300_000n);
    await writeReadings(w0.community.id, w0.members[2]!.injection!.id, FROM, TO, 400_000n);
    const c = await previewRun(db(), w0.community.id, DAY);
    expect(c.members.map((m) => m.allocatedMWh)).toEqual([96n * 100_000n, 96n * 200_000n, 0n]);
    expect(c.members[2]!.surplusMWh).toBe(96n * 100_000n);
  });
});

describe("the database's own guarantees for runs", () => {
  it("a run whose entries do not sum to zero cannot be committed (deferred check at the checkpoint)", async () => {
    const w = await threeConsumersOneProducer();
    const out = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
    const runId = crypto.randomUUID();
    const last = await db().ledgerEntry.findFirstOrThrow({ where: { communityId: w.community.id }, orderBy: { seq: "desc" } });
    const attempt = db().$transaction(async (tx) => {
      await tx.settlementRun.create({
        data: {
          id: runId,
          communityId: w.community.id,
          periodStart: new Date("2026-03-05"),
          periodEnd: new Date("2026-03-06"),
          version: 1,
          ruleSnapshot: {},
          inputsDigest: "x",
          totals: {},
          firstSeq: 7n,
          lastSeq: 7n,
          checkpointSize: 7n,
          checkpointRoot: "00",
          startedBy: "test",
        },
      });
      const bytes = new Uint8Array(32).fill(7);
      await tx.ledgerEntry.create({
        data: { communityId: w.community.id, seq: 7n, runId, kind: "SHARED_ENERGY_CREDIT", account: "CC", amountCents: 5n, energyMWh: 0n, prevHash: last.hash, hash: Buffer.from(bytes) },
      });
      await tx.ledgerCheckpoint.create({ data: { communityId: w.community.id, treeSize: 7n, root: Buffer.from(bytes), runId } });
    });
    await expect(attempt).rejects.toThrow(/do not balance: they sum to 5 cents/);
    expect(await db().ledgerEntry.count({ where: { communityId: w.community.id } })).toBe(6);
    expect(out.created).toBe(true);
  });

  it("finalized from the CLI (`dajie settle --finalize --by alice`): started by cli:alice, audited as cli:alice — not as the scheduler", async () => {
    const w = await threeConsumersOneProducer();
    const { stdout } = await run("node_modules/.bin/tsx", ["scripts/dajie.ts", "settle", "--community", w.community.slug, "--period", `${DAY.start}..${DAY.end}`, "--finalize", "--by", "alice"], { env: process.env, timeout: 60_000 });
    const out = JSON.parse(stdout) as { runId: string; version: number; created: boolean };
    expect(out).toMatchObject({ version: 1, created: true });
    const row = await db().settlementRun.findUniqueOrThrow({ where: { id: out.runId } });
    expect(row.startedBy).toBe("cli:alice");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: out.runId, action: "settlement.finalize" } });
    expect([audit.actorUserId, audit.orgId]).toEqual(["cli:alice", w.org.id]);
  });

  it("4 different days finalized at once: each reads the tree before the lock and the entries written since under it; every checkpoint's root is the RFC 6962 root of the first treeSize entries (4 × 6 = 24 entries)", async () => {
    const w = await settlementWorld([{}, {}, {}, { injection: true }]);
    for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, "2026-03-06T23:00:00Z", 100_000n);
    await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, "2026-03-06T23:00:00Z", 150_000n);
    const days = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"].map((start, k) => ({ start, end: `2026-03-0${k + 3}` }));
    const outs = await Promise.all(days.map((d) => finalizeRun(db(), w.community.id, d, { kind: "scheduler" })));
    expect(outs.every((o) => o.created)).toBe(true);
    const hashes = (await entriesOf(w.community.id)).map((e) => new Uint8Array(e.hash));
    expect(hashes).toHaveLength(24);
    const checkpoints = await db().ledgerCheckpoint.findMany({ where: { communityId: w.community.id }, orderBy: { treeSize: "asc" } });
    expect(checkpoints.map((c) => c.treeSize)).toEqual([6n, 12n, 18n, 24n]);
    for (const c of checkpoints) expect(hex(c.root), `checkpoint ${c.treeSize}`).toBe(hex(rootFromLeafHashes(hashes.slice(0, Number(c.treeSize)))));
    // Each stored frontier is the one of the first treeSize entries (6 = 4 + 2, 12 = 8 + 4, 18 = 16 + 2, 24 = 16 + 8).
    for (const c of checkpoints) expect(hex(c.frontier!), `frontier ${c.treeSize}`).toBe(hex(packFrontier(frontierOf(hashes.slice(0, Number(c.treeSize))))));
  });

  it("a ledger whose latest checkpoint has no frontier (written before frontiers) or a wrong one is read whole: roots and frontiers still right (6 + 6 + 6 entries)", async () => {
    const w = await settlementWorld([{}, {}, {}, { injection: true }]);
    for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, "2026-03-05T23:00:00Z", 100_000n);
    await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, "2026-03-05T23:00:00Z", 150_000n);
    // As the owner: the app's role can neither switch triggers off nor change a checkpoint.
    const setFrontier = (size: number, sql: string) =>
      ownerDb().$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`ALTER TABLE ledger_checkpoint DISABLE TRIGGER USER`);
        await tx.$executeRawUnsafe(`UPDATE ledger_checkpoint SET frontier = ${sql} WHERE community_id = '${w.community.id}'::uuid AND tree_size = ${size}`);
        await tx.$executeRawUnsafe(`ALTER TABLE ledger_checkpoint ENABLE TRIGGER USER`);
      });
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" });
    await setFrontier(6, "NULL");
    await finalizeRun(db(), w.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "scheduler" });
    await setFrontier(12, "decode(repeat('00', 64), 'hex')"); // two hashes, as 12 = 8 + 4 needs, but not folding to the root
    await finalizeRun(db(), w.community.id, { start: "2026-03-04", end: "2026-03-05" }, { kind: "scheduler" });
    const hashes = (await entriesOf(w.community.id)).map((e) => new Uint8Array(e.hash));
    const checkpoints = await db().ledgerCheckpoint.findMany({ where: { communityId: w.community.id }, orderBy: { treeSize: "asc" } });
    expect(checkpoints.map((c) => c.treeSize)).toEqual([6n, 12n, 18n]);
    for (const c of checkpoints.slice(1)) expect(hex(c.root), `checkpoint ${c.treeSize}`).toBe(hex(rootFromLeafHashes(hashes.slice(0, Number(c.treeSize)))));
    expect(hex(checkpoints[2]!.frontier!)).toBe(hex(packFrontier(frontierOf(hashes))));
  });
});

function frontierOf(hashes: Uint8Array[]): Uint8Array[] {
  const acc = new MerkleAccumulator();
  for (const h of hashes) acc.pushLeafHash(h);
  return acc.frontier();
}
