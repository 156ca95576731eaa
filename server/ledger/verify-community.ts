// Verifies a community's ledger as stored in PostgreSQL: every entry re-encoded and re-hashed, the
// chain, every checkpoint root (in settlement_run and in ledger_checkpoint) and every run's balance.
//
// Checkpoints are read before the entries: a checkpoint is written in the same transaction as its
// entries, so every checkpoint read finds its entries, and entries appended meanwhile do no harm.
// Entries are streamed in seq order in power-of-two batches (keyset pagination), so memory stays flat
// and every batch is a whole subtree of the Merkle tree: a large ledger is hashed on worker threads
// while the next batch is being read.
import { availableParallelism } from "node:os";
import type { Tx } from "@/server/db/client";
import { frontierProblem, hex } from "./merkle";
import { treeNodeProblem } from "./tree-node-store";
import { PACKED_ROW_SQL, unpackRows, type PackedRow } from "./packed-entries";
import { TreeHashPool } from "./parallel-hash";
import { inThreadHasher, largestPowerOfTwo, type ChunkHasher, type ChunkHashes } from "./tree-chunks";
import { encodeLeafInputs, LedgerVerifier, type Checkpoint, type LedgerProblem, type LedgerVerdict, type StoredEntry } from "./verify-ledger";
import type { EntryKind } from "./entry-encoding";
import { dateToIso } from "@/server/shared/validation";

export const BATCH_SIZE = 16_384;
/** From this many entries on, hashing on worker threads pays for starting them (≈ 0.4 s). */
export const PARALLEL_FROM = 200_000;
/** Batches read ahead of the one being checked, while workers hash (in this thread there is no gain). */
const READ_AHEAD = 4;

export interface VerifyOptions {
  /** Entries per batch, a power of two. */
  batchSize?: number;
  /** Worker threads: "auto" uses them for ledgers of PARALLEL_FROM entries or more. */
  parallel?: boolean | "auto";
}

export type CommunityVerification = LedgerVerdict & {
  runs: number;
  checkpointRows: number;
  /** Entries read from the database (up to the first problem). */
  entriesRead: number;
  parallel: boolean;
};


interface RunInfo {
  periodStart: string;
  periodEnd: string;
}

async function loadCheckpoints(db: Tx, communityId: string) {
  const runs = await db.settlementRun.findMany({
    where: { communityId },
    select: { id: true, periodStart: true, periodEnd: true, checkpointSize: true, checkpointRoot: true },
  });
  const rows = await db.ledgerCheckpoint.findMany({ where: { communityId }, select: { treeSize: true, root: true, runId: true, frontier: true } });
  const withRow = new Set(rows.map((r) => r.runId));
  const checkpoints: Checkpoint[] = [
    ...runs.map((r) => ({ size: r.checkpointSize, root: r.checkpointRoot.toLowerCase(), source: `settlement_run ${r.id}` })),
    ...rows.map((c) => ({ size: c.treeSize, root: hex(c.root), source: `ledger_checkpoint of run ${c.runId}` })),
    // Every run writes a checkpoint row: one that is gone is a problem at the run's size.
    ...runs.filter((r) => !withRow.has(r.id)).map((r) => ({ size: r.checkpointSize, root: null, source: `ledger_checkpoint of run ${r.id}` })),
  ];
  const periods = new Map<string, RunInfo>(runs.map((r) => [r.id, { periodStart: dateToIso(r.periodStart), periodEnd: dateToIso(r.periodEnd) }]));
  // A stored frontier must fold to its row's root; the root itself is then checked against the
  // recomputed tree, so together they prove the frontier (finalize resumes the tree from it).
  const frontierProblems: LedgerProblem[] = rows
    .filter((c) => c.frontier !== null)
    .flatMap((c) => {
      const size = c.treeSize <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(c.treeSize) : Number.NaN;
      const problem = frontierProblem(size, new Uint8Array(c.frontier!), new Uint8Array(c.root));
      return problem ? [{ ok: false as const, seq: c.treeSize, problem: `checkpoint at size ${c.treeSize} (ledger_checkpoint of run ${c.runId}): ${problem}` }] : [];
    })
    .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  return { runs: runs.length, checkpointRows: rows.length, checkpoints, periods, frontierProblems };
}

/**
 * The next `take` entries after `afterSeq`, packed by PostgreSQL into one bytea (packed-entries.ts):
 * one value per batch instead of a row of columns per entry.
 */
async function readBatch(db: Tx, communityId: string, afterSeq: bigint, take: number): Promise<PackedRow[]> {
  const [row] = await db.$queryRawUnsafe<{ packed: Uint8Array | null }[]>(
    `SELECT string_agg(packed, ''::bytea ORDER BY seq) AS packed
     FROM (SELECT seq, ${PACKED_ROW_SQL} AS packed FROM ledger_entry WHERE community_id = $1::uuid AND seq > $2 ORDER BY seq LIMIT $3) batch`,
    communityId,
    afterSeq,
    take,
  );
  return row?.packed ? unpackRows(row.packed) : [];
}

/** Rows as stored entries with their run's period; stops at a row whose run is unknown. */
function toStored(communityId: string, rows: PackedRow[], periods: Map<string, RunInfo>): { entries: StoredEntry[]; problem: LedgerProblem | null } {
  const entries: StoredEntry[] = [];
  for (const r of rows) {
    const run = periods.get(r.runId);
    if (!run) return { entries, problem: { ok: false, seq: r.seq, problem: `entry ${r.seq} belongs to run ${r.runId}, which does not exist` } };
    entries.push({ communityId, ...r, kind: r.kind as EntryKind, periodStart: run.periodStart, periodEnd: run.periodEnd });
  }
  return { entries, problem: null };
}

async function startHasher(parallel: VerifyOptions["parallel"], largest: bigint): Promise<{ hasher: ChunkHasher; parallel: boolean }> {
  if (parallel === false || (parallel !== true && largest < BigInt(PARALLEL_FROM))) return { hasher: inThreadHasher, parallel: false };
  try {
    // Reading and encoding keep this thread busy: the workers get the other cores.
    return { hasher: await TreeHashPool.start({ threads: Math.min(4, Math.max(1, availableParallelism() - 1)) }), parallel: true };
  } catch (e) {
    // Same result in this thread, only slower; an explicit request should fail loudly.
    if (parallel === true) throw e;
    return { hasher: inThreadHasher, parallel: false };
  }
}

interface Pending {
  entries: StoredEntry[];
  hashes: Promise<ChunkHashes>;
  problem: LedgerProblem | null;
}

export async function verifyCommunity(db: Tx, communityId: string, options: VerifyOptions = {}): Promise<CommunityVerification> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || largestPowerOfTwo(batchSize) !== batchSize) throw new RangeError("batchSize must be a power of two");
  const { runs, checkpointRows, checkpoints, periods, frontierProblems } = await loadCheckpoints(db, communityId);
  const verifier = new LedgerVerifier(checkpoints);
  const largest = checkpoints.reduce((m, c) => (c.size > m ? c.size : m), 0n);
  const { hasher, parallel } = await startHasher(options.parallel ?? "auto", largest);

  const readAhead = parallel ? READ_AHEAD : 1;
  const pending: Pending[] = [];
  let entriesRead = 0;
  let leaves = 0;
  let afterSeq = 0n;
  let more = true;
  try {
    while (more || pending.length > 0) {
      // Read ahead while workers hash; check batches strictly in order.
      if (more && pending.length < readAhead) {
        const rows = await readBatch(db, communityId, afterSeq, batchSize);
        entriesRead += rows.length;
        more = rows.length === batchSize;
        if (rows.length === 0) continue;
        const stored = toStored(communityId, rows, periods);
        const last = rows[rows.length - 1]!;
        afterSeq = last.seq;
        const enc = encodeLeafInputs(stored.entries);
        const hashes = Promise.resolve(hasher.hash(enc.inputs, 0, enc.count, verifier.checkpointSizesIn(leaves, enc.count)));
        hashes.catch(() => {}); // awaited below; this only keeps an early exit from leaving it unhandled
        pending.push({ entries: stored.entries.slice(0, enc.count), hashes, problem: enc.problem ?? stored.problem });
        leaves += enc.count;
        if (enc.problem ?? stored.problem) more = false; // nothing after the first bad row can be hashed in place
        continue;
      }
      const next = pending.shift()!;
      verifier.pushChunk(next.entries, await next.hashes);
      if (next.problem) verifier.fail(next.problem);
      if (verifier.failed) break;
    }
  } finally {
    await hasher.close();
  }
  const verdict = verifier.finish();
  // A problem in the entries or roots comes first (it is what a wrong frontier or node would follow
  // from); then the stored frontiers, then the stored subtree hashes proofs are built from.
  const after = verdict.ok ? (frontierProblems[0] ?? (await treeNodeProblem(db, communityId, BigInt(verdict.entries)))) : null;
  return { ...(after ?? verdict), runs, checkpointRows, entriesRead, parallel };
}
