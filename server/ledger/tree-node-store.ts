// Stored subtree hashes of a community's ledger tree (ledger_tree_node; pure part in tree-nodes.ts):
// finalize writes the nodes its entries complete; proofs read exactly the nodes they need in one
// query, O(log n) rows, instead of every entry hash.
import type { Tx } from "@/server/db/client";
import { pgPool } from "@/server/db/pg";
import { consistencyRanges, hex, inclusionRanges, type LeafRange } from "./merkle";
import type { LevelDigest, StoredLevel } from "./tree-node-check";
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

/** Where stored nodes are read for verification: through `db` (a transaction's view) or the pg pool. */
export type NodeSource = { db: Tx } | { pool: true };

/** Rows of `sql` from the source: a pooled connection's query, or the transaction's. */
async function rowsOf<R extends object>(source: NodeSource, sql: string, params: (string | number)[]): Promise<R[]> {
  return "pool" in source ? (await pgPool().query<R>(sql, params)).rows : source.db.$queryRawUnsafe<R[]>(sql, ...params);
}

type LevelRow = { level: number; count: number; hashes: Uint8Array };

async function levelRows(source: NodeSource, sql: string, params: (string | number)[]): Promise<StoredLevel[]> {
  const rows = await rowsOf<LevelRow>(source, sql, params);
  return rows.map((r) => ({ level: Number(r.level), count: Number(r.count), hashes: new Uint8Array(r.hashes.buffer, r.hashes.byteOffset, r.hashes.byteLength) }));
}

// Levels 1…$4 of leaves [$2, $2 + $3): one index range scan per level. OFFSET 0 keeps the subquery a
// parameterized scan per level: flattened, the planner may hash-join every node of the community
// instead (seen at 10⁶ nodes after ANALYZE: 1 s per batch instead of 15 ms).
const CHUNK_LEVELS = `FROM generate_series(1, $4::int) AS l
       LEFT JOIN LATERAL (SELECT t.index, t.hash FROM ledger_tree_node t
                           WHERE t.community_id = $1::uuid AND t.level = l AND t.index >= ($2::bigint >> l) AND t.index < (($2::bigint + $3::bigint) >> l)
                          OFFSET 0) n ON true
      GROUP BY l ORDER BY l`;

/**
 * A digest per level of the stored nodes inside leaves [first, first + count), levels 1…upTo: what
 * verification compares first (32 bytes a level instead of every node).
 */
export async function storedChunkDigests(source: NodeSource, communityId: string, first: number, count: number, upTo: number): Promise<LevelDigest[]> {
  const sql = `SELECT l AS level, count(n.hash)::int AS count, sha256(string_agg(n.hash, ''::bytea ORDER BY n.index)) AS digest ${CHUNK_LEVELS}`;
  const params = [communityId, String(first), String(count), upTo];
  const rows = await rowsOf<{ level: number; count: number; digest: Uint8Array | null }>(source, sql, params);
  return rows.map((r) => ({ level: Number(r.level), count: Number(r.count), digest: r.digest ? new Uint8Array(r.digest) : null }));
}

/**
 * The digests of every batch of 2^levels leaves at once, levels 1…levels, of the stored nodes of the
 * first `size` leaves, by batch number: one query that PostgreSQL answers on its own while the entries
 * stream (per-batch queries each waited for the reading thread to ask, a round trip between batches).
 */
export async function storedBatchDigests(source: NodeSource, communityId: string, levels: number, size: number): Promise<Map<number, LevelDigest[]>> {
  const sql = `SELECT level::int AS level, (index >> ($2::int - level))::bigint AS batch, count(*)::int AS count, sha256(string_agg(hash, ''::bytea ORDER BY index)) AS digest
                 FROM ledger_tree_node
                WHERE community_id = $1::uuid AND level BETWEEN 1 AND $2::int AND index < ($3::bigint >> level::int)
                GROUP BY 1, 2`;
  const params = [communityId, levels, String(size)];
  type Row = { level: number; batch: bigint | string; count: number; digest: Uint8Array };
  let rows: Row[];
  if ("pool" in source) {
    // Without parallel workers: the cores are busy hashing, and PostgreSQL's workers added CPU time
    // (sorting apart, then merging) for a query whose answer is only needed at the end.
    const client = await pgPool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL max_parallel_workers_per_gather = 0");
      rows = (await client.query<Row>(sql, params)).rows;
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  } else rows = await rowsOf<Row>(source, sql, params);
  const byBatch = new Map<number, LevelDigest[]>();
  for (const r of rows) {
    const batch = Number(r.batch);
    if (!byBatch.has(batch)) byBatch.set(batch, []);
    byBatch.get(batch)!.push({ level: Number(r.level), count: Number(r.count), digest: new Uint8Array(r.digest) });
  }
  return byBatch;
}

/** The stored hashes of entries first + 1 … first + count, packed (to rebuild a batch's nodes when a digest differs). */
export async function storedLeafHashes(source: NodeSource, communityId: string, first: number, count: number): Promise<Uint8Array> {
  const sql = `SELECT coalesce(string_agg(hash, ''::bytea ORDER BY seq), ''::bytea) AS hashes FROM ledger_entry WHERE community_id = $1::uuid AND seq > $2::bigint AND seq <= $2::bigint + $3::bigint`;
  const params = [communityId, String(first), String(count)];
  const rows = await rowsOf<{ hashes: Uint8Array }>(source, sql, params);
  return new Uint8Array(rows[0]!.hashes);
}

/**
 * The stored nodes of levels 1…upTo inside leaves [first, first + count), each level packed in index
 * order: read when a digest differs, to name the node.
 */
export function storedChunkNodes(source: NodeSource, communityId: string, first: number, count: number, upTo: number): Promise<StoredLevel[]> {
  return levelRows(source, `SELECT l AS level, count(n.hash)::int AS count, coalesce(string_agg(n.hash, ''::bytea ORDER BY n.index), ''::bytea) AS hashes ${CHUNK_LEVELS}`, [
    communityId,
    String(first),
    String(count),
    upTo,
  ]);
}

/** The stored nodes of the tree of `size` leaves from level `from` up, each level packed in index order from 0. */
export function storedUpperNodes(source: NodeSource, communityId: string, from: number, size: number): Promise<StoredLevel[]> {
  return levelRows(
    source,
    `SELECT level::int AS level, count(*)::int AS count, string_agg(hash, ''::bytea ORDER BY index) AS hashes
       FROM ledger_tree_node
      WHERE community_id = $1::uuid AND level >= $2::int AND index < ($3::bigint >> level::int)
      GROUP BY level ORDER BY level`,
    [communityId, from, String(size)],
  );
}
