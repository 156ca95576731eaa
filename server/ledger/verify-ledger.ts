// Verifying a community's ledger from its stored rows. Pure: no database, no clock.
//
// Entries are fed in seq order, in chunks. For each entry the canonical bytes are rebuilt from the
// stored fields (including the stored prev_hash) and hashed; then, in this order:
//   seq continues 1, 2, 3, …                → "missing entry N"
//   the previous run, when this one starts,
//   sums to zero                            → "run X does not balance"
//   prev_hash = hash recomputed for N−1     → "prev_hash does not match entry N−1"
//   hash = recomputed hash                  → "hash mismatch: stored … recomputed …"
//   at each checkpoint size, the root       → "checkpoint at size N: root … ≠ recomputed …"
// and the FIRST problem is reported with the seq it concerns.
import { entryLine, ZERO_HASH, type EntryFields } from "./entry-encoding";
import { EMPTY_ROOT, HASH_SIZE, hex } from "./merkle";
import { hashChunk, largestPowerOfTwo, SubtreeStack, type ChunkHashes, type LeafInputs } from "./tree-chunks";

/** A stored row: the fields that are hashed (prevHash as stored) and the stored hash. */
export interface StoredEntry extends EntryFields {
  hash: Uint8Array;
}

export interface Checkpoint {
  size: bigint;
  /** Hex as stored; null when the record that should hold it is missing. */
  root: string | null;
  /** Where it is stored, for the message (e.g. "ledger_checkpoint of run …"). */
  source: string;
}

/**
 * Entries as LedgerVerifier reads them: an array of StoredEntry, or columns (check-tuples.ts) read
 * through accessors, so a batch of typed arrays is checked without an object per entry.
 */
export interface EntryRows {
  readonly length: number;
  seq(i: number): bigint;
  /** seq(i) and amountCents(i) as numbers, exact, or NaN beyond ±(2^53 − 1): the checks run on these, bigints only for messages. */
  seqNumber(i: number): number;
  amountNumber(i: number): number;
  runId(i: number): string;
  amountCents(i: number): bigint;
  prevHash(i: number): Uint8Array;
  hash(i: number): Uint8Array;
  /** Whether prevHash(i) / hash(i) is the 32 bytes of `h` from `at` (compared in place, nothing allocated). */
  prevHashIs(i: number, h: Uint8Array, at: number): boolean;
  hashIs(i: number, h: Uint8Array, at: number): boolean;
}

/** `a` is exactly the HASH_SIZE bytes of `b` from `at`. */
export function isHashAt(a: Uint8Array, from: number, length: number, b: Uint8Array, at: number): boolean {
  if (length !== HASH_SIZE) return false;
  for (let i = 0; i < HASH_SIZE; i++) if (a[from + i] !== b[at + i]) return false;
  return true;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const safeNumber = (v: bigint) => (v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : Number.NaN);

function arrayRows(entries: readonly StoredEntry[]): EntryRows {
  return {
    length: entries.length,
    seqNumber: (i) => safeNumber(entries[i]!.seq),
    amountNumber: (i) => safeNumber(entries[i]!.amountCents),
    seq: (i) => entries[i]!.seq,
    runId: (i) => entries[i]!.runId,
    amountCents: (i) => entries[i]!.amountCents,
    prevHash: (i) => entries[i]!.prevHash,
    hash: (i) => entries[i]!.hash,
    prevHashIs: (i, h, at) => isHashAt(entries[i]!.prevHash, 0, entries[i]!.prevHash.length, h, at),
    hashIs: (i, h, at) => isHashAt(entries[i]!.hash, 0, entries[i]!.hash.length, h, at),
  };
}

export type LedgerProblem = { ok: false; seq: bigint; problem: string };
export type LedgerVerdict = { ok: true; entries: number; checkpoints: number; root: string } | LedgerProblem;

export interface EncodedChunk {
  inputs: LeafInputs;
  /** Entries encoded: all of them, or those before the first that cannot be encoded. */
  count: number;
  problem: LedgerProblem | null;
}

/** Packs entries as leaf inputs (0x00 ‖ canonical bytes each), stopping at one that cannot be encoded. */
export function encodeLeafInputs(entries: readonly StoredEntry[]): EncodedChunk {
  const lines: string[] = [];
  let problem: LedgerProblem | null = null;
  let bytes = 0;
  for (const e of entries) {
    try {
      const line = entryLine(e);
      lines.push(line);
      bytes += 1 + Buffer.byteLength(line);
    } catch (err) {
      problem = { ok: false, seq: e.seq, problem: `cannot encode entry: ${(err as Error).message}` };
      break;
    }
  }
  // Buffer.alloc is zero-filled (the 0x00 prefixes) and never pooled, so it can be moved to a worker.
  const data = Buffer.alloc(bytes);
  const offsets = new Uint32Array(lines.length + 1);
  let at = 0;
  lines.forEach((line, k) => {
    offsets[k] = at;
    at += 1 + data.write(line, at + 1, "utf8");
  });
  offsets[lines.length] = at;
  return { inputs: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offsets }, count: lines.length, problem };
}

interface OpenRun {
  id: string;
  firstSeq: number;
  lastSeq: number;
  /** The sum is sumBig + sumSmall; sumSmall stays a safe integer (exact), what does not fit goes to sumBig. */
  sumSmall: number;
  sumBig: bigint;
}

/** Streaming verifier: O(log n) memory besides the chunk in hand. */
export class LedgerVerifier {
  readonly #checkpoints: (Checkpoint & { at: number })[];
  #nextCheckpoint = 0;
  #sizesChecked = 0;
  readonly #tree = new SubtreeStack();
  /** The last entry's recomputed hash: the 32 bytes of #lastHash from #lastAt (a chunk's leaf hashes, not copied). */
  #lastHash: Uint8Array = ZERO_HASH;
  #lastAt = 0;
  #run: OpenRun | null = null;
  readonly #closedRuns = new Set<string>();
  #problem: LedgerProblem | null = null;

  constructor(checkpoints: readonly Checkpoint[]) {
    // Sizes beyond 2^53 cannot be reached; they count as "missing entries" at the end.
    const at = (size: bigint) => (size <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(size) : Infinity);
    this.#checkpoints = checkpoints.map((c) => ({ ...c, at: at(c.size) })).sort((a, b) => a.at - b.at);
    while ((this.#checkpoints[this.#nextCheckpoint]?.at ?? 1) <= 0) if (!this.#checkRoot(EMPTY_ROOT)) break;
  }

  /** Entries checked so far (and leaves in the tree). */
  get size(): number {
    return this.#tree.size;
  }

  get failed(): boolean {
    return this.#problem !== null;
  }

  /** Records a problem found outside (e.g. a row that cannot be encoded), unless an earlier one is known. */
  fail(problem: LedgerProblem): void {
    this.#problem ??= problem;
  }

  /** Chunk-local sizes (1..count) at which a chunk starting at leaf `start` must report roots. */
  checkpointSizesIn(start: number, count: number): number[] {
    const sizes = new Set<number>();
    for (const c of this.#checkpoints) if (c.at > start && c.at <= start + count) sizes.add(c.at - start);
    return [...sizes].sort((a, b) => a - b);
  }

  /**
   * Checks the next chunk of entries against their hashes, which must come from hashing
   * encodeLeafInputs(entries) with wanted = checkpointSizesIn(size, entries.length). Chunks must be
   * aligned (see SubtreeStack.accepts): fixed power-of-two chunks always are, and so is a shorter last one.
   */
  pushChunk(entries: readonly StoredEntry[] | EntryRows, hashes: ChunkHashes): void {
    if (this.#problem || entries.length === 0) return;
    const rows = Array.isArray(entries) ? arrayRows(entries as readonly StoredEntry[]) : (entries as EntryRows);
    const start = this.#tree.size;
    if (!this.#tree.accepts(entries.length)) throw new RangeError(`a chunk of ${entries.length} entries cannot start at entry ${start + 1}`);
    const wanted = this.checkpointSizesIn(start, entries.length);
    if (hashes.leafHashes.length !== entries.length * HASH_SIZE || hashes.rootsAt.length !== wanted.length) {
      throw new RangeError("the hashes do not belong to this chunk");
    }
    let w = 0;
    for (let i = 0; i < entries.length; i++) {
      if (!this.#checkEntry(rows, i, start + i + 1, hashes.leafHashes, i * HASH_SIZE)) return;
      if (wanted[w] === i + 1) {
        const root = this.#tree.rootWith(hashes.rootsAt[w++]!);
        while (this.#checkpoints[this.#nextCheckpoint]?.at === start + i + 1) if (!this.#checkRoot(root)) return;
      }
    }
    this.#tree.pushChunk(entries.length, hashes.subtrees);
  }

  /** Encodes and hashes a chunk in this thread, then checks it. */
  pushInThread(entries: readonly StoredEntry[]): void {
    if (this.#problem) return;
    const enc = encodeLeafInputs(entries);
    const part = entries.slice(0, enc.count);
    this.pushChunk(part, hashChunk(enc.inputs, 0, enc.count, this.checkpointSizesIn(this.size, enc.count)));
    if (enc.problem) this.fail(enc.problem);
  }

  /** The verdict, once every entry has been pushed. */
  finish(): LedgerVerdict {
    // Missing tail entries first: the last run cannot balance without them, and they are the cause.
    const unreached = this.#checkpoints[this.#nextCheckpoint];
    if (!this.#problem && unreached) {
      const next = BigInt(this.size + 1);
      this.fail({ ok: false, seq: next, problem: `missing entry ${next} (checkpoint at size ${unreached.size} in ${unreached.source}; the ledger ends at entry ${this.size})` });
    }
    if (!this.#problem) this.#closeRun();
    return this.#problem ?? { ok: true, entries: this.size, checkpoints: this.#sizesChecked, root: hex(this.#tree.root()) };
  }

  #failAt(seq: bigint, problem: string): false {
    this.fail({ ok: false, seq, problem });
    return false;
  }

  #checkEntry(rows: EntryRows, i: number, seq: number, leafHashes: Uint8Array, at: number): boolean {
    // A gap first: a run that lost an entry does not balance, but the gap is the cause.
    if (rows.seqNumber(i) !== seq) {
      const stored = rows.seq(i);
      const expected = BigInt(seq);
      return this.#failAt(expected, stored > expected ? `missing entry ${expected} (the next stored entry is ${stored})` : `entry ${stored} is out of order (expected entry ${expected})`);
    }
    const runId = rows.runId(i);
    if (this.#run && this.#run.id !== runId && !this.#closeRun()) return false;
    if (!rows.prevHashIs(i, this.#lastHash, this.#lastAt)) {
      const was = `stored ${hex(rows.prevHash(i))}, expected ${hex(this.#lastHash.subarray(this.#lastAt, this.#lastAt + HASH_SIZE))}`;
      return this.#failAt(BigInt(seq), seq === 1 ? `prev_hash of entry 1 is not 32 zero bytes: ${was}` : `prev_hash does not match entry ${seq - 1}: ${was}`);
    }
    if (!rows.hashIs(i, leafHashes, at)) return this.#failAt(BigInt(seq), `hash mismatch: stored ${hex(rows.hash(i))} recomputed ${hex(leafHashes.subarray(at, at + HASH_SIZE))}`);
    if (!this.#run) {
      if (this.#closedRuns.has(runId)) return this.#failAt(BigInt(seq), `run ${runId} continues at entry ${seq} after entries of other runs`);
      this.#run = { id: runId, firstSeq: seq, lastSeq: seq, sumSmall: 0, sumBig: 0n };
    }
    const run = this.#run;
    run.lastSeq = seq;
    // Sums of safe integers are exact while the result is safe; a result beyond that rounds to beyond
    // it too, so it is seen, and the bigints take over.
    const sum = run.sumSmall + rows.amountNumber(i);
    if (Number.isSafeInteger(sum)) run.sumSmall = sum;
    else {
      run.sumBig += BigInt(run.sumSmall) + rows.amountCents(i);
      run.sumSmall = 0;
    }
    this.#lastHash = leafHashes;
    this.#lastAt = at;
    return true;
  }

  /** Ends the open run: its entries must sum to zero. */
  #closeRun(): boolean {
    const run = this.#run;
    if (!run) return true;
    this.#run = null;
    this.#closedRuns.add(run.id);
    const sumCents = run.sumBig + BigInt(run.sumSmall);
    if (sumCents === 0n) return true;
    this.fail({ ok: false, seq: BigInt(run.lastSeq), problem: `run ${run.id} does not balance: entries ${run.firstSeq}–${run.lastSeq} sum to ${sumCents} cents` });
    return false;
  }

  /** Compares every checkpoint of the current size with the recomputed root. */
  #checkRoot(root: Uint8Array): boolean {
    const size = this.#checkpoints[this.#nextCheckpoint]!.at;
    this.#sizesChecked += 1;
    for (let c = this.#checkpoints[this.#nextCheckpoint]; c && c.at === size; c = this.#checkpoints[++this.#nextCheckpoint]) {
      const recomputed = hex(root);
      if (c.root === recomputed) continue;
      const problem =
        c.root === null
          ? `checkpoint at size ${c.size}: ${c.source} is missing; recomputed root ${recomputed}`
          : `checkpoint at size ${c.size}: root ${c.root} ≠ recomputed ${recomputed} (${c.source})`;
      this.fail({ ok: false, seq: c.size, problem });
      return false;
    }
    return true;
  }
}

/** Verifies entries (in seq order) against checkpoints, hashing in this thread. */
export function verifyLedger(entries: Iterable<StoredEntry>, checkpoints: readonly Checkpoint[], chunkSize = 1024): LedgerVerdict {
  // Power-of-two chunks keep every chunk a whole subtree of the tree.
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || largestPowerOfTwo(chunkSize) !== chunkSize) throw new RangeError("chunkSize must be a power of two");
  const verifier = new LedgerVerifier(checkpoints);
  let chunk: StoredEntry[] = [];
  for (const e of entries) {
    chunk.push(e);
    if (chunk.length === chunkSize) {
      verifier.pushInThread(chunk);
      if (verifier.failed) break;
      chunk = [];
    }
  }
  verifier.pushInThread(chunk);
  return verifier.finish();
}
