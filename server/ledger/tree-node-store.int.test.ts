// Stored subtree hashes across several finalizes: finalize writes exactly the complete subtrees of the
// ledger (n − popcount(n) nodes), proofs read from them equal the proofs from every leaf, the table is
// append-only, and `dajie verify`'s check names a tampered node.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { ownerDb } from "@/server/test/owner-db";
import { consistencyProof, hex, inclusionProof, MerkleAccumulator } from "./merkle";
import { storedConsistencyProofs, storedInclusionProofs } from "./tree-node-store";
import { verifyCommunity } from "./verify-community";

// Local days in Europe/Rome (UTC+1 in March): 96 quarter hours from 23:00Z the day before.
const DAYS = [
  { start: "2026-03-02", end: "2026-03-03" },
  { start: "2026-03-03", end: "2026-03-04" },
  { start: "2026-03-04", end: "2026-03-05" },
];
const FROM = "2026-03-01T23:00:00Z";
const TO = "2026-03-04T23:00:00Z";

const hexes = (p: Uint8Array[]) => p.map(hex);

describe("ledger_tree_node written by finalize", () => {
  let communityId: string;
  let leaves: Uint8Array[];
  let sizes: number[];
  beforeAll(async () => {
    // 3 consumers and 1 producer: 6 entries a day, three days finalized one by one → checkpoints 6, 12, 18.
    const w = await settlementWorld([{}, {}, {}, { injection: true }]);
    for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, TO, 100_000n);
    await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n);
    const by = { kind: "user" as const, userId: w.admin.id, orgId: w.org.id };
    for (const day of DAYS) await finalizeRun(db(), w.community.id, day, by);
    communityId = w.community.id;
    leaves = (await db().ledgerEntry.findMany({ where: { communityId }, orderBy: { seq: "asc" }, select: { hash: true } })).map((e) => new Uint8Array(e.hash));
    sizes = (await db().ledgerCheckpoint.findMany({ where: { communityId }, orderBy: { treeSize: "asc" }, select: { treeSize: true } })).map((c) => Number(c.treeSize));
  });

  it("3 finalizes, 18 entries → 18 − popcount(18) = 16 stored nodes, each the subtree root computed from the leaves", async () => {
    expect(sizes).toEqual([6, 12, 18]);
    const expected = new Map<string, string>();
    const acc = new MerkleAccumulator();
    for (const h of leaves) acc.pushLeafHash(h, (level, index, hash) => expected.set(`${level}:${index}`, hex(hash)));
    const stored = await db().ledgerTreeNode.findMany({ where: { communityId } });
    expect(stored).toHaveLength(16);
    expect(new Map(stored.map((n) => [`${n.level}:${n.index}`, hex(new Uint8Array(n.hash))]))).toEqual(expected);
  });

  it("inclusion proofs of all 18 entries at every checkpoint (6, 12, 18) equal the proofs from all leaves", async () => {
    for (const size of sizes) {
      const indices = Array.from({ length: size }, (_, i) => i);
      const stored = await storedInclusionProofs(db(), communityId, indices, size);
      expect(stored.map(hexes)).toEqual(indices.map((i) => hexes(inclusionProof(leaves, i, size))));
    }
  });

  it("consistency proofs between every pair of sizes 0…18 equal the proofs from all leaves", async () => {
    const pairs: [number, number][] = [];
    for (let b = 0; b <= 18; b++) for (let a = 0; a <= b; a++) pairs.push([a, b]);
    const stored = await storedConsistencyProofs(db(), communityId, pairs);
    expect(stored.map(hexes)).toEqual(pairs.map(([a, b]) => hexes(consistencyProof(leaves, a, b))));
  });

  it("append-only: the app's role has no right to change or delete a node, and for the owner the trigger refuses", async () => {
    const where = `community_id = '${communityId}'::uuid`;
    await expect(db().$executeRawUnsafe(`UPDATE ledger_tree_node SET hash = hash WHERE ${where}`)).rejects.toThrow(/permission denied/);
    await expect(db().$executeRawUnsafe(`DELETE FROM ledger_tree_node WHERE ${where}`)).rejects.toThrow(/permission denied/);
    await expect(ownerDb().$executeRawUnsafe(`UPDATE ledger_tree_node SET hash = hash WHERE ${where}`)).rejects.toThrow(/append-only/);
    await expect(ownerDb().$executeRawUnsafe(`DELETE FROM ledger_tree_node WHERE ${where}`)).rejects.toThrow(/append-only/);
    expect(await db().ledgerTreeNode.count({ where: { communityId } })).toBe(16);
  });

  describe("dajie verify names a tampered or missing node (18 entries: levels 1–4)", () => {
    const where = () => `community_id = '${communityId}'::uuid`;
    /** What verifyCommunity says inside a transaction that changed the nodes (rolled back after). */
    const inTransaction = async (sql: string, batchSize?: number) => {
      class Rollback extends Error {}
      let verdict: unknown;
      await ownerDb()
        .$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`ALTER TABLE ledger_tree_node DISABLE TRIGGER USER`);
          await tx.$executeRawUnsafe(sql);
          await tx.$executeRawUnsafe(`ALTER TABLE ledger_tree_node ENABLE TRIGGER USER`);
          verdict = await verifyCommunity(tx, communityId, batchSize ? { batchSize } : {});
          throw new Rollback();
        }, { timeout: 30_000, maxWait: 30_000 })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e;
        });
      return verdict;
    };
    /** The same, committed, so that the default path (binary COPY and node reads on pooled connections) sees it; restored after. */
    const committed = async (sql: string, restore: string, batchSize?: number) => {
      const owner = ownerDb();
      const unguarded = async (q: string) => {
        await owner.$executeRawUnsafe(`ALTER TABLE ledger_tree_node DISABLE TRIGGER USER`);
        try {
          await owner.$executeRawUnsafe(q);
        } finally {
          await owner.$executeRawUnsafe(`ALTER TABLE ledger_tree_node ENABLE TRIGGER USER`);
        }
      };
      await unguarded(sql);
      try {
        return await verifyCommunity(db(), communityId, batchSize ? { batchSize } : {});
      } finally {
        await unguarded(restore);
      }
    };
    const changed = (level: number, index: number) => `UPDATE ledger_tree_node SET hash = decode(repeat('ab', 32), 'hex') WHERE ${where()} AND level = ${level} AND index = ${index}`;
    const named = (level: number, index: number, from: number, to: number) => ({ ok: false, seq: BigInt(from), problem: `stored tree node level ${level} index ${index} (entries ${from}–${to}) is not the hash of its two children` });

    it("intact → ok, in one batch and in batches of 4", async () => {
      expect(await verifyCommunity(db(), communityId)).toMatchObject({ ok: true, entries: 18 });
      expect(await verifyCommunity(db(), communityId, { batchSize: 4 })).toMatchObject({ ok: true, entries: 18 });
    });

    it("inside a transaction: level 2 index 1 (entries 5–8) changed → named; in batches of 4, level 3 index 1 (entries 9–16, above the batches) changed → named", async () => {
      expect(await inTransaction(changed(2, 1))).toMatchObject(named(2, 1, 5, 8));
      expect(await inTransaction(changed(2, 1), 4)).toMatchObject(named(2, 1, 5, 8));
      expect(await inTransaction(changed(3, 1), 4)).toMatchObject(named(3, 1, 9, 16));
      expect(await inTransaction(changed(4, 0), 4)).toMatchObject(named(4, 0, 1, 16));
    });

    it("inside a transaction: level 1 index 8 (entries 17–18) deleted → 1 of 1 missing over entries 17–18 (batches of 4) or 1 of 9 over 1–18 (one batch); level 3 index 0 deleted (batches of 4) → 1 of 2 of level 3 missing", async () => {
      expect(await inTransaction(`DELETE FROM ledger_tree_node WHERE ${where()} AND level = 1 AND index = 8`, 4)).toMatchObject({ ok: false, seq: 17n, problem: "1 of the 1 stored tree nodes of level 1 over entries 17–18 are missing" });
      expect(await inTransaction(`DELETE FROM ledger_tree_node WHERE ${where()} AND level = 1 AND index = 8`)).toMatchObject({ ok: false, seq: 1n, problem: "1 of the 9 stored tree nodes of level 1 over entries 1–18 are missing" });
      expect(await inTransaction(`DELETE FROM ledger_tree_node WHERE ${where()} AND level = 3 AND index = 0`, 4)).toMatchObject({ ok: false, seq: 1n, problem: "1 of the 2 stored tree nodes of level 3 are missing" });
    });

    it("committed, read by binary COPY with the nodes on another connection: level 1 index 4 (entries 9–10) changed → named; restored → ok", async () => {
      const original = await db().ledgerTreeNode.findUniqueOrThrow({ where: { communityId_level_index: { communityId, level: 1, index: 4n } } });
      const restore = `UPDATE ledger_tree_node SET hash = decode('${hex(new Uint8Array(original.hash))}', 'hex') WHERE ${where()} AND level = 1 AND index = 4`;
      expect(await committed(changed(1, 4), restore)).toMatchObject(named(1, 4, 9, 10));
      expect(await committed(changed(1, 4), restore, 4)).toMatchObject(named(1, 4, 9, 10));
      expect(await verifyCommunity(db(), communityId)).toMatchObject({ ok: true, entries: 18 });
    });
  });

  it("the migration's fill of existing ledgers rebuilds the same 16 nodes after they are removed", async () => {
    const dir = join(process.cwd(), "prisma", "migrations");
    const sql = readFileSync(join(dir, readdirSync(dir).find((d) => d.endsWith("_ledger_tree_nodes"))!, "migration.sql"), "utf8");
    const fill = sql.slice(sql.indexOf("-- Every complete subtree"));
    const [insertLevel1, loop] = [fill.slice(0, fill.indexOf("DO $$")), fill.slice(fill.indexOf("DO $$"))];
    const before = await db().ledgerTreeNode.findMany({ where: { communityId }, orderBy: [{ level: "asc" }, { index: "asc" }] });
    let rebuilt: typeof before = [];
    let emptied = -1;
    class Rollback extends Error {}
    await ownerDb()
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`ALTER TABLE ledger_tree_node DISABLE TRIGGER USER`);
        await tx.$executeRawUnsafe(`DELETE FROM ledger_tree_node WHERE community_id = '${communityId}'::uuid`);
        await tx.$executeRawUnsafe(`ALTER TABLE ledger_tree_node ENABLE TRIGGER USER`);
        emptied = await tx.ledgerTreeNode.count({ where: { communityId } });
        await tx.$executeRawUnsafe(insertLevel1);
        await tx.$executeRawUnsafe(loop);
        rebuilt = await tx.ledgerTreeNode.findMany({ where: { communityId }, orderBy: [{ level: "asc" }, { index: "asc" }] });
        throw new Rollback();
      }, { timeout: 30_000, maxWait: 30_000 })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    expect(emptied).toBe(0);
    expect(rebuilt).toHaveLength(16);
    expect(rebuilt).toEqual(before);
  });
});
