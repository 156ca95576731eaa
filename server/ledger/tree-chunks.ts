// Hashing a ledger in chunks that can be computed independently (e.g. on worker threads) and combined
// into exactly the RFC 6962 root. Pure: no database, no clock.
//
// Why it works: a chunk of n leaves that starts at a multiple of the largest power of two ≤ n covers
// whole subtrees of the big tree. Its own stack of perfect subtrees (one per set bit of n, largest
// first) can be pushed onto the stack of everything before it, and the root of any prefix that ends
// inside the chunk is the earlier stack folded onto the chunk-local root of that prefix.
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from "./merkle";
import { sha256, sha256Into } from "./sha256";

/** SHA-256 of the whole input; must return a fresh 32-byte array (it may be kept). */
export type Sha256 = (data: Uint8Array) => Uint8Array;

export const nodeSha256: Sha256 = sha256;

/**
 * Leaf inputs: record i is data[offsets[i] .. offsets[i+1]) and holds 0x00 ‖ the entry's canonical
 * bytes, so that a leaf hash is one SHA-256 call over a view, without copying.
 */
export interface LeafInputs {
  data: Uint8Array;
  offsets: Uint32Array;
}

export interface ChunkHashes {
  /** count × 32 bytes: the leaf hash of each record, in order. */
  leafHashes: Uint8Array;
  /** Roots of the chunk's perfect subtrees, largest first (their sizes are the set bits of count). */
  subtrees: Uint8Array[];
  /** Chunk-local roots MTH(D[first : first + s]) for each wanted size s, in the same order. */
  rootsAt: Uint8Array[];
  /** With `nodesUpTo`: every complete subtree's hash of levels 1…nodesUpTo (and any above), packed as chunkNodeLayout says. */
  nodes?: Uint8Array;
}

/**
 * Where hashChunk puts the nodes of a chunk of `count` leaves: level L (1…upTo) holds
 * ⌊count / 2^L⌋ hashes (the chunk's complete subtrees of 2^L leaves, left to right) from offsets[L − 1].
 * One spare byte precedes each level: a node is hashed in place as 0x01 ‖ its two children.
 */
export function chunkNodeLayout(count: number, upTo: number): { counts: number[]; offsets: number[]; bytes: number } {
  const counts: number[] = [];
  const offsets: number[] = [];
  let bytes = 0;
  for (let level = 1; level <= upTo; level++) {
    const n = Math.floor(count / 2 ** level);
    counts.push(n);
    offsets.push(bytes + 1);
    bytes += 1 + n * HASH_SIZE;
  }
  return { counts, offsets, bytes };
}

/** Something that hashes chunks: this thread (hashChunk) or a worker pool (parallel-hash.ts). */
export interface ChunkHasher {
  hash(inputs: LeafInputs, first: number, count: number, wanted: readonly number[]): Promise<ChunkHashes> | ChunkHashes;
  close(): Promise<void>;
}

export const inThreadHasher: ChunkHasher = {
  hash: (inputs, first, count, wanted) => hashChunk(inputs, first, count, wanted),
  close: async () => {},
};

/**
 * Leaf hashes, subtree roots and the wanted prefix roots of records [first, first + count).
 * `wanted` lists chunk-local sizes in 1..count, ascending. With `nodesUpTo`, also the chunk's nodes of
 * levels 1…nodesUpTo (ChunkHashes.nodes, laid out as chunkNodeLayout says).
 *
 * The tree is hashed level by level: the two children of a node lie side by side in their level's
 * array, so with the byte before them set to 0x01 (and put back after) they are the node's input as
 * they stand, and nothing is copied but the digests.
 */
export function hashChunk(inputs: LeafInputs, first: number, count: number, wanted: readonly number[], sha256: Sha256 = nodeSha256, nodesUpTo = 0): ChunkHashes {
  const { data, offsets } = inputs;
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || first < 0 || count < 0 || first + count + 1 > offsets.length) {
    throw new RangeError(`records ${first}..${first + count} are not all in the ${offsets.length - 1} given`);
  }
  for (let k = 0; k < wanted.length; k++) {
    const s = wanted[k]!;
    if (!Number.isSafeInteger(s) || s < 1 || s > count || (k > 0 && s <= wanted[k - 1]!)) throw new RangeError("wanted sizes must ascend within 1..count");
  }
  // Digests are written in place: node:crypto's, or another implementation's copied in.
  const into = sha256 === nodeSha256 ? sha256Into : (input: Uint8Array, out: Uint8Array, at: number) => out.set(sha256(input), at);
  // Leaves, like every level, after one spare byte.
  const leafLevel = new Uint8Array(1 + count * HASH_SIZE);
  for (let i = 0; i < count; i++) {
    const start = offsets[first + i]!;
    const end = offsets[first + i + 1]!;
    if (end <= start || data[start] !== 0x00) throw new RangeError(`record ${first + i} does not start with the leaf prefix 0x00`);
    into(new Uint8Array(data.buffer, data.byteOffset + start, end - start), leafLevel, 1 + i * HASH_SIZE);
  }
  const height = count > 0 ? Math.floor(Math.log2(count)) : 0;
  const layout = chunkNodeLayout(count, height);
  const nodes = hashLevels(leafLevel, count, into);
  /** The node of `level` (0: a leaf) and `index`, as a fresh array. */
  const node = (level: number, index: number) => {
    const at = (level === 0 ? 1 : layout.offsets[level - 1]!) + index * HASH_SIZE;
    return (level === 0 ? leafLevel : nodes).slice(at, at + HASH_SIZE);
  };
  /** The perfect subtrees of the first `size` leaves, largest first (one per set bit of size). */
  const pieces = (size: number) => {
    const out: Uint8Array[] = [];
    let covered = 0;
    for (let level = height; level >= 0; level--) {
      if (Math.floor(size / 2 ** level) % 2 === 1) {
        out.push(node(level, covered / 2 ** level));
        covered += 2 ** level;
      }
    }
    return out;
  };
  // A prefix root: its perfect subtrees folded right to left.
  const rootsAt = wanted.map((s) => pieces(s).reduceRight((acc, left) => nodeHash(left, acc)));
  const leafHashes = leafLevel.subarray(1);
  const subtrees = pieces(count);
  // Every level is kept: the layout of levels 1…nodesUpTo is the same with or without those above.
  return nodesUpTo > 0 ? { leafHashes, subtrees, rootsAt, nodes } : { leafHashes, subtrees, rootsAt };
}

/**
 * Every complete subtree's hash above the leaves, laid out as chunkNodeLayout(count, ⌊log2 count⌋)
 * says. `leafLevel` is one spare byte followed by the count leaf hashes (it is borrowed: each spare
 * byte is set to 0x01 while a node is hashed from the two children after it, and put back).
 */
function hashLevels(leafLevel: Uint8Array, count: number, into: (input: Uint8Array, out: Uint8Array, at: number) => void): Uint8Array {
  const height = count > 0 ? Math.floor(Math.log2(count)) : 0;
  const layout = chunkNodeLayout(count, height);
  const nodes = new Uint8Array(layout.bytes);
  for (let level = 1; level <= height; level++) {
    const below = level === 1 ? leafLevel : nodes;
    const from = level === 1 ? 1 : layout.offsets[level - 2]!;
    const to = layout.offsets[level - 1]!;
    for (let i = 0, n = layout.counts[level - 1]!; i < n; i++) {
      const at = from + 2 * i * HASH_SIZE - 1;
      const kept = below[at]!;
      below[at] = 0x01;
      into(new Uint8Array(below.buffer, below.byteOffset + at, 1 + 2 * HASH_SIZE), nodes, to + i * HASH_SIZE);
      below[at] = kept;
    }
  }
  return nodes;
}

/** The nodes of a batch from its leaf hashes (count × 32 bytes), laid out as chunkNodeLayout says. */
export function nodesFromLeafHashes(leafHashes: Uint8Array, count: number): Uint8Array {
  const leafLevel = new Uint8Array(1 + count * HASH_SIZE);
  leafLevel.set(leafHashes.subarray(0, count * HASH_SIZE), 1);
  return hashLevels(leafLevel, count, sha256Into);
}

/** Largest power of two ≤ n (n ≥ 1). */
export function largestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

/** Sizes of the perfect subtrees of a chunk of n leaves, largest first (the set bits of n). */
export function subtreeSizes(n: number): number[] {
  const sizes: number[] = [];
  for (let p = n >= 1 ? largestPowerOfTwo(n) : 0; p >= 1; p /= 2) if (Math.floor(n / p) % 2 === 1) sizes.push(p);
  return sizes;
}

/** The RFC 6962 tree of everything pushed so far, held as its perfect subtrees (O(log n) memory). */
export class SubtreeStack {
  readonly #nodes: Uint8Array[] = [];
  readonly #sizes: number[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Whether a chunk of `count` leaves may follow: its subtrees must be subtrees of the big tree. */
  accepts(count: number): boolean {
    return count >= 1 && this.#size % largestPowerOfTwo(count) === 0;
  }

  /** Appends a chunk of `count` leaves by its subtree roots (as hashChunk returns them). */
  pushChunk(count: number, subtrees: readonly Uint8Array[]): void {
    if (count === 0) return;
    if (!this.accepts(count)) throw new RangeError(`a chunk of ${count} leaves cannot start at leaf ${this.#size}: not aligned`);
    const sizes = subtreeSizes(count);
    if (subtrees.length !== sizes.length) throw new RangeError(`a chunk of ${count} leaves has ${sizes.length} subtrees, got ${subtrees.length}`);
    for (let k = 0; k < sizes.length; k++) {
      let node = subtrees[k]!;
      let size = sizes[k]!;
      while (this.#sizes.length > 0 && this.#sizes[this.#sizes.length - 1] === size) {
        this.#sizes.pop();
        node = nodeHash(this.#nodes.pop()!, node);
        size *= 2;
      }
      this.#nodes.push(node);
      this.#sizes.push(size);
    }
    this.#size += count;
  }

  /** MTH of the leaves pushed so far. */
  root(): Uint8Array {
    if (this.#nodes.length === 0) return EMPTY_ROOT;
    return this.#foldOnto(this.#nodes[this.#nodes.length - 1]!, this.#nodes.length - 2);
  }

  /** MTH of the leaves pushed so far followed by leaves whose chunk-local root is `tail` (aligned as for pushChunk). */
  rootWith(tail: Uint8Array): Uint8Array {
    return this.#foldOnto(tail, this.#nodes.length - 1);
  }

  // An RFC 6962 tree is its largest perfect left subtree plus the rest: fold right to left.
  #foldOnto(acc: Uint8Array, from: number): Uint8Array {
    for (let i = from; i >= 0; i--) acc = nodeHash(this.#nodes[i]!, acc);
    return acc;
  }
}
