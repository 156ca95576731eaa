// RFC 6962 (Certificate Transparency) Merkle tree hashing and proof generation, and synchronous
// RFC 9162 proof verification. Pure: no database, no clock, no randomness.
//
// Verification itself lives in verify-proof.ts (shared with the browser and the CLI); here it runs
// with node's synchronous hash. Sizes and indices are non-negative safe integers.
import { sha256 } from "./sha256";
import { consistencySteps, HASH_SIZE, inclusionSteps, runSync, type ConsistencyInput, type InclusionInput, type VerifyResult } from "./verify-proof";

export { HASH_SIZE, type ConsistencyInput, type InclusionInput, type VerifyResult } from "./verify-proof";

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** SHA-256(0x00 ‖ bytes). */
export function leafHash(bytes: Uint8Array): Uint8Array {
  const buf = new Uint8Array(1 + bytes.length);
  buf[0] = LEAF_PREFIX;
  buf.set(bytes, 1);
  return sha256(buf);
}

// Reused for every interior node: hashing is synchronous, so one scratch buffer is safe and saves
// an allocation per node.
const nodeScratch = new Uint8Array(1 + 2 * HASH_SIZE);
nodeScratch[0] = NODE_PREFIX;

/** SHA-256(0x01 ‖ left ‖ right). Both children must be 32 bytes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return sha256(nodeScratch);
}

/**
 * Streaming root computation in O(log n) memory. The stack holds the roots of the perfect subtrees
 * that make up the leaves seen so far, one per set bit of `size`, largest (leftmost) first.
 */
export class MerkleAccumulator {
  readonly #stack: Uint8Array[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /**
   * An accumulator resumed from a frontier (compact range) of a tree of `size` leaves: the roots of
   * its perfect subtrees, largest first, one per set bit of `size` (what `frontier()` returns).
   */
  static fromFrontier(size: number, frontier: readonly Uint8Array[]): MerkleAccumulator {
    assertSize(size, "size");
    if (frontier.length !== popCount(size)) throw new RangeError(`a tree of ${size} leaves has ${popCount(size)} frontier hashes, got ${frontier.length}`);
    const acc = new MerkleAccumulator();
    for (const h of frontier) {
      assertHash(h, "frontier hash");
      acc.#stack.push(h);
    }
    acc.#size = size;
    return acc;
  }

  /** The frontier: the roots of the perfect subtrees of the leaves so far, largest first (≤ 53 for safe sizes). */
  frontier(): Uint8Array[] {
    return [...this.#stack];
  }

  push(leafBytes: Uint8Array): void {
    this.pushLeafHash(leafHash(leafBytes));
  }

  /**
   * Appends a leaf hash. `onNode` sees every perfect subtree the leaf completes (level ≥ 1, index =
   * its position among the subtrees of that level): the nodes ledger_tree_node stores.
   */
  pushLeafHash(h: Uint8Array, onNode?: (level: number, index: number, hash: Uint8Array) => void): void {
    assertHash(h, "leaf hash");
    let node = h;
    // Each trailing 1 bit of the old size is a perfect subtree of the same height as `node`: merge.
    let n = this.#size;
    let level = 0;
    while (n % 2 === 1) {
      node = nodeHash(this.#stack.pop()!, node);
      n = (n - 1) / 2;
      level++;
      // n is now the index of the completed subtree at this level (floor(old size / 2^level)).
      onNode?.(level, n, node);
    }
    this.#stack.push(node);
    this.#size += 1;
  }

  /** MTH of the leaves pushed so far; the accumulator stays usable. */
  root(): Uint8Array {
    const stack = this.#stack;
    if (stack.length === 0) return EMPTY_ROOT;
    // Fold right to left: an RFC 6962 tree is its largest perfect left subtree plus the rest.
    let acc = stack[stack.length - 1]!;
    for (let i = stack.length - 2; i >= 0; i--) acc = nodeHash(stack[i]!, acc);
    return acc;
  }
}

/** Set bits of a non-negative safe integer (beyond 32 bits too). */
function popCount(n: number): number {
  let bits = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) bits += x % 2;
  return bits;
}

/** A frontier as stored (ledger_checkpoint.frontier): its hashes concatenated. */
export function packFrontier(frontier: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(frontier.length * HASH_SIZE);
  frontier.forEach((h, k) => out.set(h, k * HASH_SIZE));
  return out;
}

/** The stored bytes back as hashes; throws a RangeError when the length is not a multiple of 32. */
export function unpackFrontier(bytes: Uint8Array): Uint8Array[] {
  if (bytes.length % HASH_SIZE !== 0) throw new RangeError(`a frontier of ${bytes.length} bytes is not a whole number of hashes`);
  return Array.from({ length: bytes.length / HASH_SIZE }, (_, k) => bytes.slice(k * HASH_SIZE, (k + 1) * HASH_SIZE));
}

/**
 * Why a stored frontier cannot be the one of a tree of `size` leaves with this root, or null.
 * Folded, the frontier must give the root: once the root itself is checked against the entries,
 * a wrong frontier that still folds to it would be a SHA-256 collision.
 */
export function frontierProblem(size: number, frontier: Uint8Array, root: Uint8Array): string | null {
  let acc: MerkleAccumulator;
  try {
    acc = MerkleAccumulator.fromFrontier(size, unpackFrontier(frontier));
  } catch (e) {
    return (e as Error).message;
  }
  const folded = acc.root();
  return hex(folded) === hex(root) ? null : `the frontier folds to ${hex(folded)}, not to the root ${hex(root)}`;
}

/** MTH(D[n]) over already hashed leaves. */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  return rangeRoot(leafHashes, 0, leafHashes.length);
}

/** MTH(D[start:end]). */
function rangeRoot(leafHashes: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const acc = new MerkleAccumulator();
  for (let i = start; i < end; i++) acc.pushLeafHash(leafHashes[i]!);
  return acc.root();
}

/** Largest power of two strictly less than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * RFC 6962 §2.1.1 PATH(m, D[n]): the audit path for leaf `index` in the tree of the first
 * `treeSize` leaves, deepest sibling first.
 */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number, treeSize: number): Uint8Array[] {
  return inclusionProofs(leafHashes, [index], treeSize)[0]!;
}

/** Leaves [start, end) of a subtree whose root MTH(D[start:end]) is one hash of a proof. */
export type LeafRange = readonly [start: number, end: number];

/**
 * The ranges whose roots make up PATH(index, D[treeSize]), deepest sibling first. A proof is these
 * roots, from the leaves (inclusionProofs) or from stored subtree hashes (tree-nodes.ts).
 */
export function inclusionRanges(index: number, treeSize: number): LeafRange[] {
  assertSize(treeSize, "treeSize");
  assertSize(index, "index");
  if (index >= treeSize) throw new RangeError(`index ${index} must be less than treeSize ${treeSize}`);
  // Walk down from the root; siblings are found top first, the proof lists them bottom first.
  const topFirst: LeafRange[] = [];
  let start = 0;
  let end = treeSize;
  let m = index;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      topFirst.push([start + k, end]);
      end = start + k;
    } else {
      topFirst.push([start, start + k]);
      start += k;
      m -= k;
    }
  }
  return topFirst.reverse();
}

/**
 * PATH for several leaves of one tree. Paths of nearby leaves share their upper siblings, which are
 * the expensive ones (a sibling near the root covers half the tree): each is hashed once.
 */
export function inclusionProofs(leafHashes: readonly Uint8Array[], indices: readonly number[], treeSize: number): Uint8Array[][] {
  assertSize(treeSize, "treeSize");
  if (treeSize > leafHashes.length) throw new RangeError(`treeSize ${treeSize} exceeds the ${leafHashes.length} leaves given`);
  const memo = new Map<string, Uint8Array>();
  const subtree = ([start, end]: LeafRange) => {
    const key = `${start}:${end}`;
    let r = memo.get(key);
    if (!r) memo.set(key, (r = rangeRoot(leafHashes, start, end)));
    return r;
  };
  return indices.map((index) => inclusionRanges(index, treeSize).map(subtree));
}

/**
 * The ranges whose roots make up RFC 6962 §2.1.2 PROOF(size1, D[size2]), bottom first; none when
 * size1 is 0 or equals size2.
 */
export function consistencyRanges(size1: number, size2: number): LeafRange[] {
  assertSize(size1, "size1");
  assertSize(size2, "size2");
  if (size1 > size2) throw new RangeError(`size1 ${size1} must not exceed size2 ${size2}`);
  if (size1 === 0 || size1 === size2) return [];

  const topFirst: LeafRange[] = [];
  let start = 0;
  let end = size2;
  let m = size1;
  let wholeOldTree = true; // SUBPROOF's b: still on the path whose subtree root is the old root.
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      topFirst.push([start + k, end]);
      end = start + k;
    } else {
      topFirst.push([start, start + k]);
      start += k;
      m -= k;
      wholeOldTree = false;
    }
  }
  // SUBPROOF(m, D[m], b): [] when b, else [MTH(D[m])].
  if (!wholeOldTree) topFirst.push([start, end]);
  return topFirst.reverse();
}

/**
 * RFC 6962 §2.1.2 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). Empty when size1 is 0 or equals size2
 * (nothing to prove: verification then only compares roots).
 */
export function consistencyProof(leafHashes: readonly Uint8Array[], size1: number, size2: number): Uint8Array[] {
  assertSize(size2, "size2");
  if (size2 > leafHashes.length) throw new RangeError(`size2 ${size2} exceeds the ${leafHashes.length} leaves given`);
  return consistencyRanges(size1, size2).map(([start, end]) => rangeRoot(leafHashes, start, end));
}

/** RFC 9162 §2.1.3.2: verify an inclusion proof (the shared verifier, with node's hash). */
export function verifyInclusion(input: InclusionInput): VerifyResult {
  return runSync(inclusionSteps(input), sha256);
}

/** RFC 9162 §2.1.4.2: verify a consistency proof (the shared verifier, with node's hash). */
export function verifyConsistency(input: ConsistencyInput): VerifyResult {
  return runSync(consistencySteps(input), sha256);
}

function checkHash(h: Uint8Array, name: string): string | undefined {
  if (!(h instanceof Uint8Array)) return `${name} must be bytes`;
  if (h.length !== HASH_SIZE) return `${name} is ${h.length} bytes, expected ${HASH_SIZE}`;
  return undefined;
}

function assertHash(h: Uint8Array, name: string): void {
  const err = checkHash(h, name);
  if (err) throw new RangeError(err);
}

function assertSize(n: number, name: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${n}`);
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
