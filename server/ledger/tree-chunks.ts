// Hashing a ledger in chunks that can be computed independently (e.g. on worker threads) and combined
// into exactly the RFC 6962 root. Pure: no database, no clock.
//
// Why it works: a chunk of n leaves that starts at a multiple of the largest power of two ≤ n covers
// whole subtrees of the big tree. Its own stack of perfect subtrees (one per set bit of n, largest
// first) can be pushed onto the stack of everything before it, and the root of any prefix that ends
// inside the chunk is the earlier stack folded onto the chunk-local root of that prefix.
import { hash } from "node:crypto";
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from "./merkle";

/** SHA-256 of the whole input; must return a fresh 32-byte array (it may be kept). */
export type Sha256 = (data: Uint8Array) => Uint8Array;

export const nodeSha256: Sha256 = (data) => hash("sha256", data, "buffer");

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
  /** With `nodesUpTo`: every complete subtree's hash of levels 1…nodesUpTo, packed as chunkNodeLayout says. */
  nodes?: Uint8Array;
}

/**
 * Where hashChunk puts the nodes of a chunk of `count` leaves: level L (1…upTo) holds
 * ⌊count / 2^L⌋ hashes (the chunk's complete subtrees of 2^L leaves, left to right) from offsets[L − 1].
 */
export function chunkNodeLayout(count: number, upTo: number): { counts: number[]; offsets: number[]; bytes: number } {
  const counts: number[] = [];
  const offsets: number[] = [];
  let bytes = 0;
  for (let level = 1; level <= upTo; level++) {
    const n = Math.floor(count / 2 ** level);
    counts.push(n);
    offsets.push(bytes);
    bytes += n * HASH_SIZE;
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
 * `wanted` lists chunk-local sizes in 1..count, ascending.
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
  const scratch = new Uint8Array(1 + 2 * HASH_SIZE);
  scratch[0] = 0x01;
  const node = (left: Uint8Array, right: Uint8Array) => {
    scratch.set(left, 1);
    scratch.set(right, 1 + HASH_SIZE);
    return sha256(scratch);
  };

  const leafHashes = new Uint8Array(count * HASH_SIZE);
  // The nodes are hashed anyway on the way to the roots: keeping them costs a copy each.
  const layout = nodesUpTo > 0 ? chunkNodeLayout(count, nodesUpTo) : null;
  const nodes = layout ? new Uint8Array(layout.bytes) : undefined;
  const stack: Uint8Array[] = [];
  const rootsAt: Uint8Array[] = [];
  let w = 0;
  for (let i = 0; i < count; i++) {
    const start = offsets[first + i]!;
    const end = offsets[first + i + 1]!;
    if (end <= start || data[start] !== 0x00) throw new RangeError(`record ${first + i} does not start with the leaf prefix 0x00`);
    let h = sha256(data.subarray(start, end));
    leafHashes.set(h, i * HASH_SIZE);
    // Each trailing 1 bit of the size so far is a perfect subtree as high as `h`: merge (as MerkleAccumulator).
    for (let n = i, level = 1; n % 2 === 1; n = (n - 1) / 2, level++) {
      h = node(stack.pop()!, h);
      // This node covers leaves (i + 1 − 2^level, i + 1]: it is number (i + 1) / 2^level − 1 of its level.
      if (nodes && level <= nodesUpTo) nodes.set(h, layout!.offsets[level - 1]! + ((i + 1) / 2 ** level - 1) * HASH_SIZE);
    }
    stack.push(h);
    if (w < wanted.length && wanted[w] === i + 1) {
      let acc = stack[stack.length - 1]!;
      for (let j = stack.length - 2; j >= 0; j--) acc = node(stack[j]!, acc);
      rootsAt.push(acc);
      w++;
    }
  }
  return nodes ? { leafHashes, subtrees: stack, rootsAt, nodes } : { leafHashes, subtrees: stack, rootsAt };
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
