// Proofs from stored subtree hashes (ledger_tree_node), pure. A node (level L, index i) is the root of
// the perfect subtree over leaves [i·2^L, (i+1)·2^L) (RFC 6962 hashing; level 0 is a leaf hash, i.e.
// an entry's hash). An inclusion or consistency proof is a list of subtree roots MTH(D[a:b]); every
// range the RFC 6962 walk produces splits into O(log n) aligned perfect subtrees, so a proof needs
// O(log n) stored nodes in all, whatever the ledger's length. merkle.ts stays the reference.
import { consistencyRanges, inclusionRanges, nodeHash, type LeafRange } from "./merkle";

export interface NodeId {
  level: number;
  index: number;
}

/** "level:index", the key of a node in a lookup. */
export const nodeKey = (n: NodeId): string => `${n.level}:${n.index}`;

/** The aligned perfect subtrees that make up [start, end), left to right (largest first). */
export function perfectPieces(start: number, end: number): NodeId[] {
  const pieces: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    // Grow while `at` stays aligned and the subtree stays inside the range.
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    pieces.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return pieces;
}

/** MTH(D[start:end]) from its pieces' hashes: an RFC 6962 tree is its largest left subtree plus the rest. */
function rangeRootFrom(range: LeafRange, lookup: (n: NodeId) => Uint8Array): Uint8Array {
  const pieces = perfectPieces(range[0], range[1]);
  let acc = lookup(pieces[pieces.length - 1]!);
  for (let i = pieces.length - 2; i >= 0; i--) acc = nodeHash(lookup(pieces[i]!), acc);
  return acc;
}

/** The nodes the proofs over these ranges need, each once. */
export function nodesFor(ranges: readonly LeafRange[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const [a, b] of ranges) for (const n of perfectPieces(a, b)) seen.set(nodeKey(n), n);
  return [...seen.values()];
}

export type NodeLookup = ReadonlyMap<string, Uint8Array>;

function get(nodes: NodeLookup): (n: NodeId) => Uint8Array {
  return (n) => {
    const h = nodes.get(nodeKey(n));
    if (!h) throw new Error(`tree node level ${n.level} index ${n.index} is not stored`);
    return h;
  };
}

/** PATH(index, D[treeSize]) from stored nodes (those of nodesFor(inclusionRanges(index, treeSize))). */
export function inclusionProofFromNodes(nodes: NodeLookup, index: number, treeSize: number): Uint8Array[] {
  return inclusionRanges(index, treeSize).map((r) => rangeRootFrom(r, get(nodes)));
}

/** PROOF(size1, D[size2]) from stored nodes (those of nodesFor(consistencyRanges(size1, size2))). */
export function consistencyProofFromNodes(nodes: NodeLookup, size1: number, size2: number): Uint8Array[] {
  return consistencyRanges(size1, size2).map((r) => rangeRootFrom(r, get(nodes)));
}

/** A node a leaf push completed (level ≥ 1): what finalize stores. */
export interface CompletedNode extends NodeId {
  hash: Uint8Array;
}
