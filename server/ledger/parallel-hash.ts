// Hashing ledger chunks on worker threads. SHA-256 per entry is nearly all of a verification's work,
// and chunks aligned to powers of two are independent subtrees of the RFC 6962 tree (tree-chunks.ts),
// so each core can hash its own chunks; the caller combines the results in order.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CheckedTuples, TupleColumns, TupleContext, TupleJob } from "./check-tuples";
import type { ChunkHasher, ChunkHashes, LeafInputs } from "./tree-chunks";

/** "node": node:crypto (OpenSSL, uses SHA-NI where the CPU has it); "wasm": hash-wasm. */
export type Sha256Impl = "node" | "wasm";

export interface HashJob {
  id: number;
  data: Uint8Array;
  offsets: Uint32Array;
  first: number;
  count: number;
  wanted: number[];
}

/** A batch of ledger tuples to encode and hash (check-tuples.ts); the context only when the worker lacks it. */
export interface TupleMessage {
  id: number;
  tuples: TupleJob;
  context: TupleContext | null;
}

export type HashReply =
  | { id: number; leafHashes: Uint8Array; roots: Uint8Array; subtreeCount: number; columns?: TupleColumns; nodes?: Uint8Array }
  | { id: number; error: string };

// Workers run TypeScript: the bootstrap requires the worker module through tsx's scoped CommonJS
// require, which works the same under `tsx`, vitest and plain node (a worker does not inherit the
// parent's loader). CommonJS rather than tsx's ESM loader: that one runs its hooks on a thread of its
// own per worker, and starting it was most of a pool's start-up time.
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
require(workerData.tsxCjs).require(workerData.entry, workerData.entry);
`;

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (h: ChunkHashes, columns?: TupleColumns) => void; reject: (e: Error) => void }>;
  /** The tuple context this worker holds. */
  contextKey: string | null;
}

export class TreeHashPool implements ChunkHasher {
  readonly #slots: Slot[];
  #nextId = 0;
  #closed = false;

  private constructor(slots: Slot[]) {
    this.#slots = slots;
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Jobs sent and not yet answered, over all workers. */
  get inFlight(): number {
    return this.#slots.reduce((n, s) => n + s.pending.size, 0);
  }

  /** Starts `threads` workers (default: one per core, at most 4) and waits until each is ready. */
  static async start(options: { threads?: number; impl?: Sha256Impl } = {}): Promise<TreeHashPool> {
    const threads = options.threads ?? Math.min(4, availableParallelism());
    const workerData = {
      impl: options.impl ?? "node",
      tsxCjs: fileURLToPath(import.meta.resolve("tsx/cjs/api")),
      entry: fileURLToPath(new URL("./parallel-hash-worker.ts", import.meta.url)),
    };
    const slots = Array.from({ length: threads }, (): Slot => ({ worker: new Worker(BOOTSTRAP, { eval: true, workerData, execArgv: [] }), pending: new Map(), contextKey: null }));
    const pool = new TreeHashPool(slots);
    try {
      await Promise.all(slots.map((s) => pool.#ready(s)));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  #ready(slot: Slot): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      const onExit = (code: number) => reject(new Error(`hash worker exited with code ${code} before it was ready`));
      slot.worker.once("error", onError);
      slot.worker.once("exit", onExit);
      slot.worker.once("message", () => {
        slot.worker.off("error", onError);
        slot.worker.off("exit", onExit);
        slot.worker.on("message", (reply: HashReply) => this.#settle(slot, reply));
        slot.worker.on("error", (e) => this.#failAll(slot, e));
        slot.worker.on("exit", (code) => this.#failAll(slot, new Error(`hash worker exited with code ${code}`)));
        resolve();
      });
    });
  }

  /**
   * Hashes records [first, first + count) on the least busy worker. A SharedArrayBuffer is shared;
   * an ArrayBuffer is transferred, so the caller must not use `inputs` afterwards.
   */
  hash(inputs: LeafInputs, first: number, count: number, wanted: readonly number[]): Promise<ChunkHashes> {
    if (this.#closed) return Promise.reject(new Error("the hash pool is closed"));
    const slot = this.#slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.#nextId++;
    const job: HashJob = { id, data: inputs.data, offsets: inputs.offsets, first, count, wanted: [...wanted] };
    const transfer = [inputs.data.buffer, inputs.offsets.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage(job, [...new Set(transfer)]);
    });
  }

  /**
   * Encodes and hashes a batch of ledger tuples (check-tuples.ts) on the least busy worker. The
   * batch's buffer is transferred: the caller must not use it afterwards.
   */
  checkTuples(context: TupleContext, job: TupleJob): Promise<CheckedTuples> {
    if (this.#closed) return Promise.reject(new Error("the hash pool is closed"));
    const slot = this.#slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.#nextId++;
    const message: TupleMessage = { id, tuples: job, context: slot.contextKey === context.key ? null : context };
    slot.contextKey = context.key;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve: (hashes, columns) => resolve({ hashes, columns: columns! }), reject });
      slot.worker.postMessage(message, job.tuples.buffer instanceof ArrayBuffer ? [job.tuples.buffer] : []);
    });
  }

  #settle(slot: Slot, reply: HashReply): void {
    const waiter = slot.pending.get(reply.id);
    if (!waiter) return;
    slot.pending.delete(reply.id);
    if ("error" in reply) return waiter.reject(new Error(reply.error));
    const root = (k: number) => reply.roots.slice(32 * k, 32 * (k + 1));
    const subtrees = Array.from({ length: reply.subtreeCount }, (_, k) => root(k));
    const rootsAt = Array.from({ length: reply.roots.length / 32 - reply.subtreeCount }, (_, k) => root(reply.subtreeCount + k));
    waiter.resolve({ leafHashes: reply.leafHashes, subtrees, rootsAt, ...(reply.nodes ? { nodes: reply.nodes } : {}) }, reply.columns);
  }

  #failAll(slot: Slot, error: Error): void {
    for (const w of slot.pending.values()) w.reject(error);
    slot.pending.clear();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#slots) this.#failAll(s, new Error("the hash pool was closed"));
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }
}
