// Checks the stored subtree hashes (ledger_tree_node) against the tree `dajie verify` recomputes from
// the entries, without hashing anything twice. Pure: no database, no clock.
//
// Verification hashes every node of the tree anyway, on its way to the checkpoint roots: hashChunk keeps
// the nodes of each batch (levels 1…K, a batch being a whole subtree of 2^K leaves), and they are
// compared byte for byte with the stored ones of the same range. Above level K there are only
// ⌊size / 2^K⌋ nodes or fewer: each is checked against its two stored children, which are sound by then.
// Within a batch the levels are compared from the bottom up, so the first stored node that differs is
// one whose children are right: it "is not the hash of its two children".
import { HASH_SIZE, nodeHash } from "./merkle";
import { sha256 } from "./sha256";
import { chunkNodeLayout } from "./tree-chunks";

/** Stored nodes of one level, in index order from the first one asked for, packed 32 bytes each. */
export interface StoredLevel {
  level: number;
  count: number;
  hashes: Uint8Array;
}

export interface NodeProblem {
  ok: false;
  /** The first entry the node covers (1 when the place is not known). */
  seq: bigint;
  problem: string;
}

const notTheHash = (level: number, index: number): NodeProblem => {
  const span = 2 ** level;
  const first = BigInt(index) * BigInt(span) + 1n;
  return { ok: false, seq: first, problem: `stored tree node level ${level} index ${index} (entries ${first}–${first + BigInt(span) - 1n}) is not the hash of its two children` };
};

function levelOf(stored: readonly StoredLevel[], level: number): StoredLevel {
  return stored.find((s) => s.level === level) ?? { level, count: 0, hashes: new Uint8Array(0) };
}

/** Index of the first of `count` packed hashes where a and b differ, or -1. */
function firstDifference(a: Uint8Array, aAt: number, b: Uint8Array, count: number): number {
  const bytes = count * HASH_SIZE;
  if (Buffer.compare(a.subarray(aAt, aAt + bytes), b.subarray(0, bytes)) === 0) return -1;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < HASH_SIZE; j++) if (a[aAt + i * HASH_SIZE + j] !== b[i * HASH_SIZE + j]) return i;
  }
  return -1;
}

/** Per level of a batch: how many nodes, and SHA-256 of their hashes concatenated in index order. */
export interface LevelDigest {
  level: number;
  count: number;
  digest: Uint8Array | null;
}

/** The digests of a batch's computed nodes (levels 1…upTo that have nodes), as PostgreSQL computes them of the stored ones. */
export function chunkDigests(count: number, upTo: number, computed: Uint8Array): LevelDigest[] {
  const layout = chunkNodeLayout(count, upTo);
  const out: LevelDigest[] = [];
  for (let level = 1; level <= upTo && layout.counts[level - 1]! > 0; level++) {
    const at = layout.offsets[level - 1]!;
    const n = layout.counts[level - 1]!;
    out.push({ level, count: n, digest: sha256(computed.subarray(at, at + n * HASH_SIZE)) });
  }
  return out;
}

/**
 * Whether the stored nodes are the computed ones, level by level (count and digest): false when a
 * level differs or has nodes missing. Then chunkNodeProblem, on the nodes themselves, names the node.
 */
export function digestsMatch(computed: readonly LevelDigest[], stored: readonly LevelDigest[]): boolean {
  return computed.every((c) => {
    const s = stored.find((d) => d.level === c.level);
    return s !== undefined && s.count === c.count && s.digest !== null && c.digest !== null && firstDifference(c.digest, 0, s.digest, 1) < 0;
  });
}

/**
 * The batch of leaves [first, first + count) (first a multiple of 2^upTo, or the whole tree when
 * smaller): its computed nodes (ChunkHashes.nodes of hashChunk(…, upTo)) against the stored nodes of
 * the same range, levels 1…upTo. Null when every node is stored and equal.
 */
export function chunkNodeProblem(first: number, count: number, upTo: number, computed: Uint8Array, stored: readonly StoredLevel[]): NodeProblem | null {
  const layout = chunkNodeLayout(count, upTo);
  for (let level = 1; level <= upTo; level++) {
    const expected = layout.counts[level - 1]!;
    if (expected === 0) break;
    const s = levelOf(stored, level);
    const firstIndex = Math.floor(first / 2 ** level);
    if (s.count !== expected || s.hashes.length !== expected * HASH_SIZE) {
      const from = BigInt(first) + 1n;
      return { ok: false, seq: from, problem: `${expected - s.count} of the ${expected} stored tree nodes of level ${level} over entries ${from}–${from + BigInt(expected * 2 ** level) - 1n} are missing` };
    }
    const at = firstDifference(computed, layout.offsets[level - 1]!, s.hashes, expected);
    if (at >= 0) return notTheHash(level, firstIndex + at);
  }
  return null;
}

/**
 * The stored nodes above the batches, for a tree of `size` leaves: every node of level > `sound` must
 * be the hash of its two stored children; the nodes of level `sound` (the children of the lowest) have
 * been compared with the recomputed tree already. `stored` holds levels sound…, index from 0.
 */
export function upperNodeProblem(size: number, sound: number, stored: readonly StoredLevel[]): NodeProblem | null {
  for (let level = sound + 1; 2 ** level <= size; level++) {
    const expected = Math.floor(size / 2 ** level);
    const s = levelOf(stored, level);
    if (s.count !== expected || s.hashes.length !== expected * HASH_SIZE) {
      return { ok: false, seq: 1n, problem: `${expected - s.count} of the ${expected} stored tree nodes of level ${level} are missing` };
    }
    const below = levelOf(stored, level - 1).hashes;
    for (let i = 0; i < expected; i++) {
      const h = nodeHash(below.subarray(2 * i * HASH_SIZE, (2 * i + 1) * HASH_SIZE), below.subarray((2 * i + 1) * HASH_SIZE, (2 * i + 2) * HASH_SIZE));
      if (firstDifference(h, 0, s.hashes.subarray(i * HASH_SIZE), 1) >= 0) return notTheHash(level, i);
    }
  }
  return null;
}
