// Stored subtree hashes of a community's ledger tree (ledger_tree_node; pure part in tree-nodes.ts):
// finalize writes the nodes its entries complete; proofs read exactly the nodes they need in one
// query, O(log n) rows, instead of every entry hash.
import type { Tx } from "@/server/db/client";
import { consistencyRanges, hex, inclusionRanges, type LeafRange } from "./merkle";
import { consistencyProofFromNodes, inclusionProofFromNodes, nodeKey, nodesFor, type CompletedNode, type NodeId } from "./tree-nodes";

/** Inserts the nodes a run's entries completed (inside finalize's transaction). */
export async function writeTreeNodes(tx: Tx, communityId: string, nodes: readonly CompletedNode[]): Promise<void> {
  if (nodes.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO ledger_tree_node (community_id, level, index, hash)
    SELECT ${communityId}::uuid, l, i::bigint, decode(h, 'hex')
    FROM unnest(${nodes.map((n) => n.level)}::int2[], ${nodes.map((n) => String(n.index))}::text[], ${nodes.map((n) => hex(n.hash))}::text[]) AS x(l, i, h)`;
}

/**
 * The nodes asked for, level 0 from ledger_entry (seq = index + 1), in one query. Each is one
 * primary-key lookup (LATERAL), so the cost follows the nodes asked for, never the ledger's length.
 */
export async function loadTreeNodes(db: Tx, communityId: string, ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
  if (ids.length === 0) return new Map();
  const upper = ids.filter((n) => n.level > 0);
  const seqs = ids.filter((n) => n.level === 0).map((n) => String(n.index + 1));
  const rows = await db.$queryRaw<{ level: number; index: bigint; hash: Uint8Array }[]>`
    SELECT w.l::int AS level, w.i::bigint AS index, n.hash
      FROM unnest(${upper.map((n) => n.level)}::int2[], ${upper.map((n) => String(n.index))}::text[]) AS w(l, i)
      CROSS JOIN LATERAL (SELECT hash FROM ledger_tree_node WHERE community_id = ${communityId}::uuid AND level = w.l AND index = w.i::bigint) n
    UNION ALL
    SELECT 0, w.s::bigint - 1, e.hash
      FROM unnest(${seqs}::text[]) AS w(s)
      CROSS JOIN LATERAL (SELECT hash FROM ledger_entry WHERE community_id = ${communityId}::uuid AND seq = w.s::bigint) e`;
  return new Map(rows.map((r) => [nodeKey({ level: Number(r.level), index: Number(r.index) }), new Uint8Array(r.hash)]));
}

async function nodesOf(db: Tx, communityId: string, ranges: readonly LeafRange[]) {
  return loadTreeNodes(db, communityId, nodesFor(ranges));
}

/** PATH(index, D[treeSize]) for each index, from stored nodes. */
export async function storedInclusionProofs(db: Tx, communityId: string, indices: readonly number[], treeSize: number): Promise<Uint8Array[][]> {
  const nodes = await nodesOf(db, communityId, indices.flatMap((i) => inclusionRanges(i, treeSize)));
  return indices.map((i) => inclusionProofFromNodes(nodes, i, treeSize));
}

/** PATH(index, D[treeSize]) from stored nodes. */
export async function storedInclusionProof(db: Tx, communityId: string, index: number, treeSize: number): Promise<Uint8Array[]> {
  return (await storedInclusionProofs(db, communityId, [index], treeSize))[0]!;
}

/** PROOF(size1, D[size2]) from stored nodes. */
export async function storedConsistencyProof(db: Tx, communityId: string, size1: number, size2: number): Promise<Uint8Array[]> {
  return (await storedConsistencyProofs(db, communityId, [[size1, size2]]))[0]!;
}

/** PROOF(size1, D[size2]) for each pair, from stored nodes. */
export async function storedConsistencyProofs(db: Tx, communityId: string, pairs: readonly (readonly [size1: number, size2: number])[]): Promise<Uint8Array[][]> {
  const nodes = await nodesOf(db, communityId, pairs.flatMap(([a, b]) => consistencyRanges(a, b)));
  return pairs.map(([a, b]) => consistencyProofFromNodes(nodes, a, b));
}

/**
 * Why the stored nodes of the first `size` entries are not the tree of their hashes, or null: level
 * by level, every node inside the tree must be SHA-256(0x01 ‖ left ‖ right) of its two children
 * (level 0: the entries' hashes, which `dajie verify` recomputes) and none may be missing. Run after
 * the entries themselves are verified. Nodes past `size` (entries appended meanwhile) are left alone.
 */
export async function treeNodeProblem(db: Tx, communityId: string, size: bigint): Promise<{ ok: false; seq: bigint; problem: string } | null> {
  for (let level = 1; 2n ** BigInt(level) <= size; level++) {
    const expected = size / 2n ** BigInt(level);
    const children =
      level === 1
        ? `LEFT JOIN ledger_entry l ON l.community_id = n.community_id AND l.seq = 2 * n.index + 1
           LEFT JOIN ledger_entry r ON r.community_id = n.community_id AND r.seq = 2 * n.index + 2`
        : `LEFT JOIN ledger_tree_node l ON l.community_id = n.community_id AND l.level = n.level - 1 AND l.index = 2 * n.index
           LEFT JOIN ledger_tree_node r ON r.community_id = n.community_id AND r.level = n.level - 1 AND r.index = 2 * n.index + 1`;
    const [row] = await db.$queryRawUnsafe<{ present: bigint; wrong: bigint | null }[]>(
      `SELECT count(*) AS present,
              min(n.index) FILTER (WHERE n.hash IS DISTINCT FROM sha256('\\x01'::bytea || l.hash || r.hash)) AS wrong
         FROM ledger_tree_node n ${children}
        WHERE n.community_id = $1::uuid AND n.level = $2 AND n.index < $3`,
      communityId,
      level,
      expected,
    );
    const span = 2n ** BigInt(level);
    if (row!.wrong !== null) {
      const first = BigInt(row!.wrong) * span + 1n;
      return { ok: false, seq: first, problem: `stored tree node level ${level} index ${row!.wrong} (entries ${first}–${first + span - 1n}) is not the hash of its two children` };
    }
    if (BigInt(row!.present) !== expected) {
      return { ok: false, seq: 1n, problem: `${expected - BigInt(row!.present)} of the ${expected} stored tree nodes of level ${level} are missing` };
    }
  }
  return null;
}
