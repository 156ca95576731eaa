// Verifies a community's ledger as stored in PostgreSQL: every entry re-encoded and re-hashed, the
// chain, every checkpoint root (in settlement_run and in ledger_checkpoint) and every run's balance.
//
// Checkpoints are read before the entries: a checkpoint is written in the same transaction as its
// entries, so every checkpoint read finds its entries, and entries appended meanwhile do no harm.
// Entries arrive as binary COPY tuples (ledger-tuples.ts): from the process's own client, one
// `COPY … TO STDOUT (FORMAT binary)` on a plain pg connection (one statement, so one snapshot of the
// ledger); inside a transaction (or another client), the same tuples built by PostgreSQL, a batch per
// query (keyset pagination), so the transaction's own view is what is verified. Tuples are cut into
// power-of-two batches — each a whole subtree of the Merkle tree — and the hash workers encode and hash
// them (check-tuples.ts) while this thread reads on and checks the batches strictly in order.
import { availableParallelism } from "node:os";
import { to as copyTo } from "pg-copy-streams";
import { db as defaultDb, type Tx } from "@/server/db/client";
import { pgPool } from "@/server/db/pg";
import { dateToIso } from "@/server/shared/validation";
import { checkTuples, columnRows, PreparedContext, type CheckedTuples, type TupleContext, type TupleJob } from "./check-tuples";
import type { RunPeriod } from "./entry-bytes";
import { ledgerCopySql, LEDGER_TUPLE_SQL, TupleBatcher, type TupleBatch } from "./ledger-tuples";
import { frontierProblem, hex } from "./merkle";
import { TreeHashPool } from "./parallel-hash";
import { largestPowerOfTwo } from "./tree-chunks";
import { chunkDigests, chunkNodeProblem, digestsMatch, upperNodeProblem, type LevelDigest, type NodeProblem } from "./tree-node-check";
import { storedBatchDigests, storedChunkDigests, storedChunkNodes, storedLeafHashes, storedUpperNodes, type NodeSource } from "./tree-node-store";
import { nodesFromLeafHashes } from "./tree-chunks";
import { LedgerVerifier, type Checkpoint, type LedgerProblem, type LedgerVerdict } from "./verify-ledger";

export const BATCH_SIZE = 16_384;
/** From this many entries on "auto" hashes on worker threads (with PARALLEL_MIN_CORES cores or more). */
export const PARALLEL_FROM = 200_000;
/**
 * "auto" uses workers only with more cores than this thread and PostgreSQL (the COPY, the node
 * digests) keep busy: starting them costs ≈ 0.3 s of CPU and their code runs cold. On 2 cores
 * (2026-12-05, quiet, 10⁶ entries) one worker took 2.86–2.96 s, this thread alone 2.56–2.63 s; at
 * 200,000 entries 0.92–1.1 s against 0.68–1.0 s.
 */
export const PARALLEL_MIN_CORES = 3;
/** Batches read ahead of the one being checked, while workers hash (in this thread there is no gain). */
const READ_AHEAD = 4;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface VerifyOptions {
  /** Entries per batch, a power of two (at least 2). */
  batchSize?: number;
  /** Worker threads: "auto" uses them for ledgers of PARALLEL_FROM entries or more, on PARALLEL_MIN_CORES cores or more. */
  parallel?: boolean | "auto";
  /**
   * "copy": one binary COPY on a connection of the pg pool (the same database as `db()`); "query":
   * through `db`, a batch per query. Default: "copy" when `db` is the process's own client, else
   * "query" (a transaction's uncommitted rows, or another database, are only visible through `db`).
   */
  read?: "copy" | "query";
}

export type CommunityVerification = LedgerVerdict & {
  runs: number;
  checkpointRows: number;
  /** Entries read from the database (up to the first problem). */
  entriesRead: number;
  parallel: boolean;
};


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
  const periods: RunPeriod[] = runs.map((r) => ({ id: r.id, periodStart: dateToIso(r.periodStart), periodEnd: dateToIso(r.periodEnd) }));
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

/** The community's ledger as one binary COPY, in batches; the connection is dropped if the reader stops early. */
async function* copyBatches(communityId: string, batchSize: number): AsyncGenerator<TupleBatch> {
  const client = await pgPool().connect();
  let complete = false;
  try {
    const stream = client.query(copyTo(ledgerCopySql(communityId)));
    const batcher = new TupleBatcher(batchSize, { header: true });
    for await (const chunk of stream as AsyncIterable<Buffer>) yield* batcher.push(chunk);
    yield* batcher.end();
    complete = true;
  } finally {
    // A COPY left half read cannot go back to the pool: passing an error closes the connection.
    client.release(complete ? undefined : new Error("ledger verification stopped reading"));
  }
}

/** The ledger through `db`, `batchSize` tuples per query (keyset pagination on seq). */
async function* queryBatches(db: Tx, communityId: string, batchSize: number): AsyncGenerator<TupleBatch> {
  let afterSeq = 0n;
  for (;;) {
    const [row] = await db.$queryRawUnsafe<{ tuples: Uint8Array | null; n: number; last: bigint | null }[]>(
      `SELECT string_agg(tuple, ''::bytea ORDER BY seq) AS tuples, count(*)::int AS n, max(seq) AS last
       FROM (SELECT seq, ${LEDGER_TUPLE_SQL} AS tuple FROM ledger_entry WHERE community_id = $1::uuid AND seq > $2 ORDER BY seq LIMIT $3) batch`,
      communityId,
      afterSeq,
      batchSize,
    );
    if (!row?.tuples || row.n === 0 || row.last === null) return;
    // A copy in a buffer of its own, so it can be moved to a worker.
    yield { bytes: new Uint8Array(row.tuples), count: row.n };
    if (row.n < batchSize) return;
    afterSeq = row.last;
  }
}

interface TupleHasher {
  check(job: TupleJob): Promise<CheckedTuples> | CheckedTuples;
}

/** Hashes in this thread until the pool (started alongside the first reads) is ready, then mostly on the pool. */
class Hashers implements TupleHasher {
  readonly #context: TupleContext;
  readonly #inThread: PreparedContext;
  #pool: TreeHashPool | null = null;
  #closed = false;

  private constructor(context: TupleContext, starting: ((h: Hashers) => Promise<void>) | null) {
    this.#context = context;
    this.#inThread = new PreparedContext(context);
    if (starting) void starting(this);
  }

  get parallel(): boolean {
    return this.#pool !== null;
  }

  static async start(context: TupleContext, parallel: VerifyOptions["parallel"], largest: bigint): Promise<Hashers> {
    const auto = largest >= BigInt(PARALLEL_FROM) && availableParallelism() >= PARALLEL_MIN_CORES;
    if (parallel === false || (parallel !== true && !auto)) return new Hashers(context, null);
    // Reading keeps this thread busy: the workers get the other cores.
    const start = () => TreeHashPool.start({ threads: Math.min(4, Math.max(1, availableParallelism() - 1)) });
    // An explicit request waits for the workers and fails loudly; "auto" starts them in the background
    // and falls back to this thread (same result, only slower) if they cannot start.
    if (parallel === true) {
      const pool = await start();
      return new Hashers(context, async (h) => void (h.#pool = pool));
    }
    return new Hashers(context, (h) =>
      start().then(
        (pool) => {
          // Ready after the last batch: nothing left for it.
          if (h.#closed) void pool.close();
          else h.#pool = pool;
        },
        () => {},
      ),
    );
  }

  /**
   * On the pool while it has room (two batches a worker), else in this thread: on a machine with few
   * cores this thread would otherwise wait for the workers with its own core idle.
   */
  check(job: TupleJob): Promise<CheckedTuples> | CheckedTuples {
    const pool = this.#pool;
    if (pool && pool.inFlight < 2 * pool.size) return pool.checkTuples(this.#context, job);
    return checkTuples(job, this.#inThread);
  }

  /** Stops the workers; a pool still starting is not waited for (it is closed as soon as it is up). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#pool?.close();
  }
}

let contexts = 0;

/**
 * The first stored node of the batch [first, first + count) that is not the computed one (`nodes`, as
 * hashChunk lays them out), or that is missing. Asked only when a digest differed; the table is
 * append-only, so the nodes changed meanwhile only if someone rewrote them.
 */
async function namedNodeProblem(source: NodeSource, communityId: string, first: number, count: number, levels: number, nodes: Uint8Array): Promise<NodeProblem> {
  const stored = await storedChunkNodes(source, communityId, first, count, Math.min(levels, Math.floor(Math.log2(count))));
  return chunkNodeProblem(first, count, levels, nodes, stored) ?? { ok: false, seq: BigInt(first + 1), problem: `the stored tree nodes over entries ${first + 1}–${first + count} changed while they were verified` };
}

export async function verifyCommunity(db: Tx, communityId: string, options: VerifyOptions = {}): Promise<CommunityVerification> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  // At least 2: the stored nodes of level 1 and up are compared batch by batch.
  if (!Number.isSafeInteger(batchSize) || batchSize < 2 || largestPowerOfTwo(batchSize) !== batchSize) throw new RangeError("batchSize must be a power of two, at least 2");
  if (!UUID.test(communityId)) throw new RangeError("community id must be a lowercase UUID");
  const { runs, checkpointRows, checkpoints, periods, frontierProblems } = await loadCheckpoints(db, communityId);
  const verifier = new LedgerVerifier(checkpoints);
  const largest = checkpoints.reduce((m, c) => (c.size > m ? c.size : m), 0n);
  const context: TupleContext = { key: `${communityId}/${++contexts}`, communityId, runs: periods };
  const runIds = periods.map((r) => r.id);
  const hashers = await Hashers.start(context, options.parallel ?? "auto", largest);
  const read = options.read ?? (db === (defaultDb() as Tx) ? "copy" : "query");
  // The stored subtree nodes are checked against the nodes the hashing computes (tree-node-check.ts):
  // PostgreSQL digests the stored nodes of every batch up to the latest checkpoint in one query, on
  // another connection while the entries stream, and each batch's computed nodes are digested as it is
  // checked; the nodes themselves are read only where a digest differs. A batch past that checkpoint
  // (entries a finalize added after the checkpoints were read) gets a query of its own.
  const nodeSource: NodeSource = read === "copy" ? { pool: true } : { db };
  const levels = Math.log2(batchSize);
  const digested = largest <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(largest) : 0;
  const storedDigests = storedBatchDigests(nodeSource, communityId, levels, digested);
  storedDigests.catch(() => {}); // awaited after the entries; this only keeps an early exit from leaving it unhandled
  const computedDigests: { first: number; count: number; digests: LevelDigest[] }[] = [];
  let lateProblem: NodeProblem | null = null;
  const batches = read === "copy" ? copyBatches(communityId, batchSize) : queryBatches(db, communityId, batchSize);

  const pending: { first: number; checked: Promise<CheckedTuples> }[] = [];
  let entriesRead = 0;
  let leaves = 0;
  /** Checks the oldest batch in hand; false once the ledger has failed. */
  const checkNext = async () => {
    const batch = pending.shift()!;
    const { columns, hashes } = await batch.checked;
    verifier.pushChunk(columnRows(columns, runIds), hashes);
    if (columns.problem) verifier.fail(columns.problem);
    // Nothing after the first bad row can be hashed in place.
    const going = !verifier.failed && columns.problem === null;
    if (!going) return false;
    const digests = chunkDigests(columns.count, levels, hashes.nodes!);
    if (batch.first + columns.count <= digested) computedDigests.push({ first: batch.first, count: columns.count, digests });
    else if (!lateProblem) {
      const upTo = Math.min(levels, Math.floor(Math.log2(columns.count)));
      if (!digestsMatch(digests, await storedChunkDigests(nodeSource, communityId, batch.first, columns.count, upTo))) {
        lateProblem = await namedNodeProblem(nodeSource, communityId, batch.first, columns.count, levels, hashes.nodes!);
      }
    }
    return true;
  };
  try {
    let going = true;
    for await (const batch of batches) {
      entriesRead += batch.count;
      const result = Promise.resolve(hashers.check({ tuples: batch.bytes, count: batch.count, wanted: verifier.checkpointSizesIn(leaves, batch.count), nodesUpTo: levels }));
      result.catch(() => {}); // awaited in checkNext; this only keeps an early exit from leaving it unhandled
      pending.push({ first: leaves, checked: result });
      leaves += batch.count;
      // Read ahead while workers hash; check batches strictly in order.
      if (pending.length >= (hashers.parallel ? READ_AHEAD : 1) && !(going = await checkNext())) break;
    }
    while (going && pending.length > 0) going = await checkNext();
  } finally {
    await batches.return(undefined);
    await hashers.close();
  }
  const verdict = verifier.finish();
  // A problem in the entries or roots comes first (it is what a wrong frontier or node would follow
  // from); then the stored frontiers, then the stored subtree hashes proofs are built from.
  const upper = async (size: number) => (size >= 2 * batchSize ? upperNodeProblem(size, levels, await storedUpperNodes(nodeSource, communityId, levels, size)) : null);
  /** The first batch (in order) whose stored nodes differ from the computed ones, named from its entries' hashes. */
  const batchProblem = async () => {
    const stored = await storedDigests;
    const wrong = computedDigests.find((c) => !digestsMatch(c.digests, stored.get(c.first / batchSize) ?? []));
    if (!wrong) return lateProblem;
    const nodes = nodesFromLeafHashes(await storedLeafHashes(nodeSource, communityId, wrong.first, wrong.count), wrong.count);
    return namedNodeProblem(nodeSource, communityId, wrong.first, wrong.count, levels, nodes);
  };
  const after = verdict.ok ? (frontierProblems[0] ?? (await batchProblem()) ?? (await upper(verdict.entries))) : null;
  return { ...(after ?? verdict), runs, checkpointRows, entriesRead, parallel: hashers.parallel };
}
