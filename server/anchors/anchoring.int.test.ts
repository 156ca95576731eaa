// Anchoring end to end on a real PostgreSQL and pg-boss: finalize commits even while a sink is
// down, the job queue retries the failed anchor until the sink is back, every receipt then
// verifies; the sweep picks up checkpoints whose enqueue was lost; anchored rows never change.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { startJobQueue, ANCHOR_SWEEP } from "@/server/jobs/queue";
import { hex } from "@/server/ledger/merkle";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { checkAnchors, ensureAnchors, publishedAnchors } from "./anchors";
import { setCheckpointHook } from "./checkpoint-hook";
import { feedKeyFrom } from "./feed-key";
import { anchorSetup } from "./sinks";
import { checkpointStatement } from "./statement";
import { startLocalTsa, type LocalTsa } from "./test-tsa";
import { ownerDb, ownerUrl } from "@/server/test/owner-db";
import { prepareJobSchema } from "@/server/db/roles";

const NOW = new Date("2026-03-20T12:00:00Z");
const feedKey = feedKeyFrom({ authSecret: "anchoring-test-secret-anchoring-test-secret" });
let tsa: LocalTsa;
beforeAll(async () => {
  tsa = await startLocalTsa();
}, 60_000); // a local TSA (openssl CA and certificates) starts: a few seconds, more on a busy machine
afterAll(() => tsa?.stop());

/** 2 consumers and 1 producer with readings on 2026-03-02 and 03-03 (Europe/Rome days). */
async function world() {
  const w = await settlementWorld([{}, {}, { injection: true }]);
  for (const [d, next] of [["2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z"], ["2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z"]] as const) {
    for (const m of w.members.slice(0, 2)) await writeReadings(w.community.id, m.consumption!.id, d, next, 100_000n);
    await writeReadings(w.community.id, w.members[2]!.injection!.id, d, next, 150_000n);
  }
  return w;
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v, (_, x: unknown) => (typeof x === "bigint" ? x.toString() : x))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const rowsOf = (communityId: string) => db().anchor.findMany({ where: { communityId }, orderBy: [{ treeSize: "asc" }, { sink: "asc" }] });

describe("anchoring checkpoints", () => {
  it("a TSA outage does not block finalize; the queue retries until the TSA answers, then every receipt verifies", async () => {
    const w = await world();
    const setup = anchorSetup({ feedKey, tsa: { url: tsa.url, trustPem: tsa.caPem } });
    // Its own pg-boss schema: no other test file's workers take these jobs. The owner installs it for dajie_app.
    const schema = `pgboss_anchor_${randomUUID().slice(0, 8)}`;
    await prepareJobSchema(ownerUrl(), schema);
    const queue = await startJobQueue(db(), env().DATABASE_URL, {
      schema,
      cron: "0 0 1 1 *",
      communityIds: async () => [],
      anchors: setup,
      anchorSweepCron: "0 0 1 1 *",
      anchorRetry: { limit: 20, delaySeconds: 1, backoff: false },
      anchorCommunityId: w.community.id,
    });
    tsa.failing = true;
    try {
      const outcome = await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: NOW });
      expect(outcome).toMatchObject({ created: true, version: 1 });
      const checkpoint = await db().ledgerCheckpoint.findUniqueOrThrow({ where: { runId: outcome.runId } });

      // The feed signs at once; the TSA attempt fails and is recorded, more than once.
      const failing = await waitFor("feed anchored, TSA failed twice", () => rowsOf(w.community.id), (rows) => rows.length === 2 && rows[0]!.status === "ANCHORED" && rows[1]!.attempts >= 2);
      expect(failing.map((r) => [r.sink, r.status])).toEqual([["feed", "ANCHORED"], ["tsa", "FAILED"]]);
      expect(failing[1]!.lastError).toBe("timestamp authority answered HTTP 503");
      expect(failing[1]!.receipt).toBeNull();
      expect(failing[1]!.statement).toBe(checkpointStatement({ communityId: w.community.id, treeSize: checkpoint.treeSize, root: hex(checkpoint.root) }));

      tsa.failing = false;
      const done = await waitFor("TSA anchored", () => rowsOf(w.community.id), (rows) => rows.every((r) => r.status === "ANCHORED"));
      expect(done[1]!.attempts).toBeGreaterThanOrEqual(3);
      expect(done[1]!.lastError).toBeNull();

      const published = await publishedAnchors(db(), w.community.id);
      expect(published.map((a) => a.sink)).toEqual(["feed", "tsa"]);
      const checks = await checkAnchors(w.community.id, published, new Map([[checkpoint.treeSize.toString(), hex(checkpoint.root)]]), setup.verify);
      expect(checks.map((c) => c.check.ok)).toEqual([true, true]);
      // Against another root (a rewritten ledger), both fail.
      const rewritten = await checkAnchors(w.community.id, published, new Map([[checkpoint.treeSize.toString(), "ee".repeat(32)]]), setup.verify);
      expect(rewritten.map((c) => c.check.ok)).toEqual([false, false]);

      // The sweep (run now) queues nothing for anchored rows and anchors a second checkpoint whose
      // enqueue was lost (the hook is removed to simulate it).
      setCheckpointHook(undefined);
      const second = await finalizeRun(db(), w.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "scheduler" }, { now: NOW });
      expect(second.created).toBe(true);
      expect(await db().anchor.count({ where: { communityId: w.community.id } })).toBe(2);
      await queue.boss.send(ANCHOR_SWEEP, {});
      const all = await waitFor("second checkpoint anchored by the sweep", () => rowsOf(w.community.id), (rows) => rows.length === 4 && rows.every((r) => r.status === "ANCHORED"));
      expect(all.map((r) => r.treeSize)).toEqual([done[0]!.treeSize, done[0]!.treeSize, all[2]!.treeSize, all[2]!.treeSize]);
      expect(all[2]!.treeSize).toBeGreaterThan(done[0]!.treeSize);
    } finally {
      tsa.failing = false;
      await queue.stop();
    }
  }, 60_000); // three waits on pg-boss's own clock (polling, 1 s retry delay, at least 3 TSA attempts): ~13 s here

  it("a hook that throws does not fail finalize; ensureAnchors later writes the rows", async () => {
    const w = await world();
    setCheckpointHook(async () => {
      throw new Error("queue is down");
    });
    try {
      const outcome = await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: NOW });
      expect(outcome.created).toBe(true);
    } finally {
      setCheckpointHook(undefined);
    }
    expect(await db().anchor.count({ where: { communityId: w.community.id } })).toBe(0);
    const setup = anchorSetup({ feedKey });
    const ids = await ensureAnchors(db(), setup, { communityId: w.community.id });
    expect(ids).toHaveLength(1);
    // Asking again writes nothing new and returns the same open row.
    expect(await ensureAnchors(db(), setup, { communityId: w.community.id })).toEqual(ids);
  });

  it("the database refuses to change an anchored receipt, to delete an anchor or to change what it anchors", async () => {
    const w = await world();
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: NOW });
    const setup = anchorSetup({ feedKey });
    const [id] = await ensureAnchors(db(), setup, { communityId: w.community.id });
    // The app's role may change only an anchor's state columns; the owner is stopped by the trigger.
    await expect(db().anchor.update({ where: { id: id! }, data: { statement: "dajie-checkpoint/1 forged" } })).rejects.toThrow(/permission denied/);
    await expect(ownerDb().anchor.update({ where: { id: id! }, data: { statement: "dajie-checkpoint/1 forged" } })).rejects.toThrow(/what is anchored never changes/);
    const { attemptAnchor } = await import("./anchors");
    expect(await attemptAnchor(db(), setup, id!)).toBe("anchored");
    expect(await attemptAnchor(db(), setup, id!)).toBe("already-anchored");
    await expect(db().anchor.update({ where: { id: id! }, data: { receipt: { sink: "feed", publicKey: "00", signature: "00" } } })).rejects.toThrow(/receipt never changes/);
    await expect(db().anchor.delete({ where: { id: id! } })).rejects.toThrow(/permission denied/);
    await expect(ownerDb().anchor.delete({ where: { id: id! } })).rejects.toThrow(/never deleted/);
    // TRUNCATE (by the owner: dajie_app may not TRUNCATE at all) inside a transaction that is rolled back whatever happens.
    const truncate = ownerDb().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("TRUNCATE anchor");
      throw new Error("TRUNCATE went through (rolled back)");
    });
    await expect(truncate).rejects.toThrow(/TRUNCATE on anchor is not allowed/);
    expect((await db().anchor.findUniqueOrThrow({ where: { id: id! } })).status).toBe("ANCHORED");
  });
});
