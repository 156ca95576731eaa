// The stored-node check of `dajie verify` (tree-node-check.ts) against the nodes finalize stores
// (MerkleAccumulator's completed subtrees): sound nodes pass for every tree size and batch size, and
// any one changed or missing node is found and named.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HASH_SIZE, MerkleAccumulator } from "./merkle";
import { hashChunk, nodesFromLeafHashes } from "./tree-chunks";
import { sha256 } from "./sha256";
import { chunkDigests, chunkNodeProblem, digestsMatch, upperNodeProblem, type StoredLevel } from "./tree-node-check";
import { records } from "./tree-test-records";

/** level → hashes by index, as finalize writes them (levels ≥ 1). */
function storedTree(leafHashes: readonly Uint8Array[]): Map<number, Uint8Array[]> {
  const tree = new Map<number, Uint8Array[]>();
  const acc = new MerkleAccumulator();
  for (const h of leafHashes) {
    acc.pushLeafHash(h, (level, index, hash) => {
      if (!tree.has(level)) tree.set(level, []);
      tree.get(level)![index] = hash;
    });
  }
  return tree;
}

/** What the stored-node queries return: per level the stored nodes with index in [from(level), to(level)), packed. */
function levels(tree: Map<number, Uint8Array[]>, wanted: number[], from: (level: number) => number, to: (level: number) => number): StoredLevel[] {
  return wanted.map((level) => {
    const present = (tree.get(level) ?? []).slice(from(level), to(level)).filter((h) => h !== undefined);
    const hashes = new Uint8Array(present.length * HASH_SIZE);
    present.forEach((h, k) => hashes.set(h, k * HASH_SIZE));
    return { level, count: present.length, hashes };
  });
}

/** The first problem `dajie verify` reports for n leaves in batches of 2^k, from the stored tree. */
function check(n: number, k: number, tree: Map<number, Uint8Array[]>): ReturnType<typeof chunkNodeProblem> {
  const { inputs } = records(n);
  const batch = 2 ** k;
  for (let first = 0; first < n; first += batch) {
    const count = Math.min(batch, n - first);
    const computed = hashChunk(inputs, first, count, [], undefined, k).nodes!;
    const upTo = Math.min(k, Math.floor(Math.log2(count)));
    const stored = levels(tree, Array.from({ length: upTo }, (_, l) => l + 1), (l) => first / 2 ** l, (l) => Math.floor((first + count) / 2 ** l));
    const problem = chunkNodeProblem(first, count, k, computed, stored);
    if (problem) return problem;
  }
  if (n < 2 * batch) return null;
  const top = Math.floor(Math.log2(n));
  return upperNodeProblem(n, k, levels(tree, Array.from({ length: top - k + 1 }, (_, l) => k + l), () => 0, (l) => Math.floor(n / 2 ** l)));
}

describe("stored tree nodes against the recomputed tree", () => {
  it("hashChunk keeps exactly the stored nodes: every size 1…300, batches of 2…64 → no problem", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 6 }), (n, k) => {
        expect(check(n, k, storedTree(records(n).leafHashes))).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it("37 leaves in batches of 8: each of the 34 stored nodes, changed, is the one named (levels 1–3 in the batches, 4–5 above)", () => {
    const { leafHashes } = records(37);
    const sound = storedTree(leafHashes);
    let named = 0;
    for (const [level, hashes] of sound) {
      hashes.forEach((_, index) => {
        const tampered = new Map([...sound].map(([l, h]) => [l, [...h]]));
        tampered.get(level)![index] = new Uint8Array(HASH_SIZE).fill(0xab);
        const first = BigInt(index * 2 ** level + 1);
        expect(check(37, 3, tampered)).toEqual({
          ok: false,
          seq: first,
          problem: `stored tree node level ${level} index ${index} (entries ${first}–${first + BigInt(2 ** level) - 1n}) is not the hash of its two children`,
        });
        named++;
      });
    }
    // 18 + 9 + 4 + 2 + 1: every complete subtree of 37 leaves.
    expect(named).toBe(34);
  });

  it("a missing node: level 1 index 5 (in the second batch of 8) → 1 of the 4 over entries 9–16; level 4 index 1 (above the batches) → 1 of the 2 of level 4", () => {
    const { leafHashes } = records(37);
    const without = (level: number, index: number) => {
      const tree = new Map([...storedTree(leafHashes)].map(([l, h]) => [l, [...h]]));
      delete tree.get(level)![index];
      return tree;
    };
    expect(check(37, 3, without(1, 5))).toEqual({ ok: false, seq: 9n, problem: "1 of the 4 stored tree nodes of level 1 over entries 9–16 are missing" });
    expect(check(37, 3, without(4, 1))).toEqual({ ok: false, seq: 1n, problem: "1 of the 2 stored tree nodes of level 4 are missing" });
  });

  it("digests per level (what PostgreSQL sends first): 100 leaves in one batch of 128 → match; one node of level 3 changed, or a level-6 node missing → no match", () => {
    const { inputs, leafHashes } = records(100);
    const computed = hashChunk(inputs, 0, 100, [], undefined, 7).nodes!;
    const digests = (tree: Map<number, Uint8Array[]>) =>
      levels(tree, [1, 2, 3, 4, 5, 6], () => 0, (l) => Math.floor(100 / 2 ** l)).map((s) => ({ level: s.level, count: s.count, digest: s.count ? sha256(s.hashes) : null }));
    const sound = storedTree(leafHashes);
    const mine = chunkDigests(100, 7, computed);
    expect(mine.map((d) => [d.level, d.count])).toEqual([[1, 50], [2, 25], [3, 12], [4, 6], [5, 3], [6, 1]]);
    expect(digestsMatch(mine, digests(sound))).toBe(true);
    const changed = new Map([...sound].map(([l, h]) => [l, [...h]]));
    changed.get(3)![7] = new Uint8Array(HASH_SIZE);
    expect(digestsMatch(mine, digests(changed))).toBe(false);
    const missing = new Map([...sound].map(([l, h]) => [l, [...h]]));
    missing.set(6, []);
    expect(digestsMatch(mine, digests(missing))).toBe(false);
  });

  it("nodesFromLeafHashes (a batch's nodes rebuilt from its stored entry hashes) equals what hashChunk keeps: sizes 1…70", () => {
    for (let n = 1; n <= 70; n++) {
      const { inputs, leafHashes } = records(n);
      const packed = new Uint8Array(n * HASH_SIZE);
      leafHashes.forEach((h, i) => packed.set(h, i * HASH_SIZE));
      expect(Buffer.from(nodesFromLeafHashes(packed, n)).equals(Buffer.from(hashChunk(inputs, 0, n, [], undefined, 7).nodes!.subarray(0, nodesFromLeafHashes(packed, n).length)))).toBe(true);
    }
  });
});
