// One batch of ledger tuples (ledger-tuples.ts) turned into what LedgerVerifier checks: the leaf hashes
// and subtree roots of the entries' canonical bytes (entry-bytes.ts, then tree-chunks.ts), and the
// stored fields the chain checks need, as typed arrays (they move between threads without copying).
// This is the whole per-entry job of a hash worker; the thread that reads only stitches batches.
// Pure: no database, no clock.
import { EntryWriter, type RunPeriod } from "./entry-bytes";
import { emptyTupleFields, readTuple } from "./ledger-tuples";
import { HASH_SIZE } from "./merkle";
import { hashChunk, nodeSha256, type ChunkHashes, type Sha256 } from "./tree-chunks";
import { isHashAt, type EntryRows, type LedgerProblem } from "./verify-ledger";

/** What a batch is checked against: the community and its runs (a tuple names its run by index here). */
export interface TupleContext {
  /** Same key, same context: a worker keeps the EntryWriter of the last one. */
  key: string;
  communityId: string;
  runs: RunPeriod[];
}

export interface TupleJob {
  tuples: Uint8Array;
  count: number;
  /** Chunk-local sizes at which prefix roots are wanted (LedgerVerifier.checkpointSizesIn). */
  wanted: number[];
  /** Keep the hashes of the complete subtrees of levels 1…nodesUpTo (ChunkHashes.nodes), for the stored-node check. */
  nodesUpTo?: number;
}

/** The stored fields of the entries that could be encoded (the first `count` of the batch). */
export interface TupleColumns {
  count: number;
  seqs: BigInt64Array;
  /** seqs and amounts as numbers where exact (within ±(2^53 − 1)), else NaN. */
  seqNumbers: Float64Array;
  amountNumbers: Float64Array;
  /** Index into the context's runs. */
  runs: Int32Array;
  amounts: BigInt64Array;
  /** 32 bytes each (a prev_hash of another length cannot be encoded: the batch stops there). */
  prevHashes: Uint8Array;
  /** Stored hashes, 32 bytes each; one of another length is in oddHashes (and zero here). */
  hashes: Uint8Array;
  oddHashes: [number, Uint8Array][];
  /** The row the batch stopped at: unknown run, or fields the canonical format refuses. */
  problem: LedgerProblem | null;
}

export interface CheckedTuples {
  columns: TupleColumns;
  hashes: ChunkHashes;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

function uuidOf(src: Uint8Array, at: number): string {
  let h = "";
  for (let i = 0; i < 16; i++) h += (i === 4 || i === 6 || i === 8 || i === 10 ? "-" : "") + HEX[src[at + i]!];
  return h;
}

/** A context prepared for encoding: the writer and run ids by their 16 bytes. */
export class PreparedContext {
  readonly key: string;
  readonly writer: EntryWriter;
  readonly #runByUuid: Map<string, number>;

  constructor(context: TupleContext) {
    this.key = context.key;
    this.writer = new EntryWriter(context.communityId, context.runs);
    this.#runByUuid = new Map(context.runs.map((r, k) => [r.id, k]));
  }

  runOf(src: Uint8Array, at: number): number {
    return this.#runByUuid.get(uuidOf(src, at)) ?? -1;
  }
}

/** Encodes and hashes a batch; stops (with a problem) at the first row that cannot be encoded. */
export function checkTuples(job: TupleJob, context: PreparedContext, sha256: Sha256 = nodeSha256): CheckedTuples {
  const { tuples: src, count } = job;
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const f = emptyTupleFields();
  const seqs = new BigInt64Array(count);
  const runs = new Int32Array(count);
  const amounts = new BigInt64Array(count);
  const seqNumbers = new Float64Array(count);
  const amountNumbers = new Float64Array(count);
  const prevHashes = new Uint8Array(count * HASH_SIZE);
  const hashes = new Uint8Array(count * HASH_SIZE);
  const prevView = new DataView(prevHashes.buffer);
  const hashView = new DataView(hashes.buffer);
  const oddHashes: [number, Uint8Array][] = [];
  const offsets = new Uint32Array(count + 1);
  let out = new Uint8Array(Math.max(1024, Math.ceil(src.length * 1.8)));
  let problem: LedgerProblem | null = null;
  let at = 0;
  let end = 0;
  let run = -1;
  let runAt = -1;
  let n = 0;
  for (; n < count; n++) {
    at = readTuple(view, at, f);
    // Entries of a run are contiguous: look the run up only when its 16 bytes change.
    if (runAt < 0 || !sameBytes(src, f.run, runAt, 16)) {
      run = context.runOf(src, f.run);
      runAt = f.run;
    }
    if (run < 0) {
      problem = { ok: false, seq: view.getBigInt64(f.seq), problem: `entry ${view.getBigInt64(f.seq)} belongs to run ${uuidOf(src, f.run)}, which does not exist` };
      break;
    }
    let next: number;
    try {
      next = context.writer.write(out, end, src, view, f, run);
      if (next < 0) {
        const grown = new Uint8Array(Math.max(out.length * 2, end - next));
        grown.set(out.subarray(0, end));
        out = grown;
        next = context.writer.write(out, end, src, view, f, run);
      }
    } catch (err) {
      problem = { ok: false, seq: view.getBigInt64(f.seq), problem: `cannot encode entry: ${(err as Error).message}` };
      break;
    }
    offsets[n] = end;
    end = next;
    seqs[n] = view.getBigInt64(f.seq);
    amounts[n] = view.getBigInt64(f.amount);
    seqNumbers[n] = exactNumber(view, f.seq);
    amountNumbers[n] = exactNumber(view, f.amount);
    runs[n] = run;
    // Hashes copied a 4-byte word at a time: for 32 bytes that is cheaper than a subarray and a set per field.
    copy32(view, f.prev, prevView, n * HASH_SIZE);
    if (f.hashLength === HASH_SIZE) copy32(view, f.hash, hashView, n * HASH_SIZE);
    else oddHashes.push([n, src.slice(f.hash, f.hash + f.hashLength)]);
  }
  offsets[n] = end;
  const wanted = job.wanted.filter((s) => s <= n);
  const chunk = hashChunk({ data: out, offsets: n === count ? offsets : offsets.slice(0, n + 1) }, 0, n, wanted, sha256, job.nodesUpTo ?? 0);
  const cut = <T extends BigInt64Array | Float64Array | Int32Array | Uint8Array>(a: T, width: number): T => (n === count ? a : (a.slice(0, n * width) as T));
  return {
    columns: { count: n, seqs: cut(seqs, 1), seqNumbers: cut(seqNumbers, 1), amountNumbers: cut(amountNumbers, 1), runs: cut(runs, 1), amounts: cut(amounts, 1), prevHashes: cut(prevHashes, HASH_SIZE), hashes: cut(hashes, HASH_SIZE), oddHashes, problem },
    hashes: chunk,
  };
}

const TWO_32 = 4_294_967_296;

/** The int8 at `at` as a number when that is exact (|v| ≤ 2^53 − 1), else NaN. */
function exactNumber(view: DataView, at: number): number {
  const high = view.getInt32(at);
  if (high < -0x200000 || high >= 0x200000) return Number.NaN;
  const v = high * TWO_32 + view.getUint32(at + 4);
  return Number.isSafeInteger(v) ? v : Number.NaN;
}

/** 32 bytes in eight 4-byte words (a quarter of the steps of a byte loop, no subarray). */
function copy32(src: DataView, from: number, to: DataView, at: number): void {
  for (let i = 0; i < 32; i += 4) to.setUint32(at + i, src.getUint32(from + i));
}

function sameBytes(src: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (src[a + i] !== src[b + i]) return false;
  return true;
}

/** The columns as rows for LedgerVerifier.pushChunk. */
export function columnRows(c: TupleColumns, runIds: readonly string[]): EntryRows {
  const odd = new Map(c.oddHashes);
  return {
    length: c.count,
    seq: (i) => c.seqs[i]!,
    seqNumber: (i) => c.seqNumbers[i]!,
    amountNumber: (i) => c.amountNumbers[i]!,
    runId: (i) => runIds[c.runs[i]!]!,
    amountCents: (i) => c.amounts[i]!,
    prevHash: (i) => c.prevHashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE),
    hash: (i) => odd.get(i) ?? c.hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE),
    prevHashIs: (i, h, at) => isHashAt(c.prevHashes, i * HASH_SIZE, HASH_SIZE, h, at),
    hashIs: (i, h, at) => (odd.size > 0 && odd.has(i) ? false : isHashAt(c.hashes, i * HASH_SIZE, HASH_SIZE, h, at)),
  };
}
