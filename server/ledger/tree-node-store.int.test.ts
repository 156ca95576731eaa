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
import { storedConsistencyProofs, storedInclusionProofs, treeNodeProblem } from "./tree-node-store";
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

  it("verify: intact → ok; node level 2 index 1 (entries 5–8) changed → named; a level-1 node deleted → 1 of 9 missing", async () => {
    expect(await verifyCommunity(db(), communityId)).toMatchObject({ ok: true, entries: 18 });
    class Rollback extends Error {}
    const tampered = async (sql: string) => {
      let problem: unknown;
      await ownerDb()
        .$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`ALTER TABLE ledger_tree_node DISABLE TRIGGER USER`);
          await tx.$executeRawUnsafe(sql);
          await tx.$executeRawUnsafe(`ALTER TABLE ledger_tree_node ENABLE TRIGGER USER`);
          problem = await treeNodeProblem(tx, communityId, 18n);
          throw new Rollback();
        }, { timeout: 30_000, maxWait: 30_000 })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e;
        });
      return problem;
    };
    const where = `community_id = '${communityId}'::uuid`;
    expect(await tampered(`UPDATE ledger_tree_node SET hash = decode(repeat('ab', 32), 'hex') WHERE ${where} AND level = 2 AND index = 1`)).toEqual({
      ok: false,
      seq: 5n,
      problem: "stored tree node level 2 index 1 (entries 5–8) is not the hash of its two children",
    });
    expect(await tampered(`DELETE FROM ledger_tree_node WHERE ${where} AND level = 1 AND index = 8`)).toEqual({ ok: false, seq: 1n, problem: "1 of the 9 stored tree nodes of level 1 are missing" });
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
