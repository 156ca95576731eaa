// The body of a TreeHashPool worker: hashes the chunks it is sent with hashChunk (tree-chunks.ts).
import { parentPort, workerData } from "node:worker_threads";
import { createSHA256 } from "hash-wasm";
import { checkTuples, PreparedContext } from "./check-tuples";
import { hashChunk, nodeSha256, type ChunkHashes, type Sha256 } from "./tree-chunks";
import type { HashJob, HashReply, Sha256Impl, TupleMessage } from "./parallel-hash";

async function sha256Of(impl: Sha256Impl): Promise<Sha256> {
  if (impl === "node") return nodeSha256;
  // One reusable wasm hasher per thread; digest("binary") returns a fresh array, as Sha256 requires.
  const h = await createSHA256();
  return (data) => {
    h.init();
    h.update(data);
    return h.digest("binary");
  };
}

const port = parentPort!;
// No top-level await: the module is loaded as CommonJS (see the bootstrap in parallel-hash.ts).
let sha256: Sha256 = nodeSha256;

let context: PreparedContext | null = null;

/** Subtree and prefix roots travel packed in one buffer, so only whole buffers are moved. */
function packRoots(r: ChunkHashes): Uint8Array {
  const roots = new Uint8Array(32 * (r.subtrees.length + r.rootsAt.length));
  [...r.subtrees, ...r.rootsAt].forEach((h, k) => roots.set(h, 32 * k));
  return roots;
}

function onJob(job: HashJob | TupleMessage): void {
  let reply: HashReply;
  try {
    if ("tuples" in job) {
      if (job.context) context = new PreparedContext(job.context);
      if (!context) throw new Error("a tuple batch arrived before its context");
      const { hashes: r, columns: c } = checkTuples(job.tuples, context, sha256);
      const roots = packRoots(r);
      reply = { id: job.id, leafHashes: r.leafHashes, roots, subtreeCount: r.subtrees.length, columns: c, ...(r.nodes ? { nodes: r.nodes } : {}) };
      const moved = [r.leafHashes, roots, ...(r.nodes ? [r.nodes] : []), c.seqs, c.seqNumbers, c.amountNumbers, c.runs, c.amounts, c.prevHashes, c.hashes].map((a) => a.buffer as ArrayBuffer);
      port.postMessage(reply, [...new Set(moved)]);
      return;
    }
    const r = hashChunk({ data: job.data, offsets: job.offsets }, job.first, job.count, job.wanted, sha256);
    const roots = packRoots(r);
    reply = { id: job.id, leafHashes: r.leafHashes, roots, subtreeCount: r.subtrees.length };
    port.postMessage(reply, [r.leafHashes.buffer as ArrayBuffer, roots.buffer as ArrayBuffer]);
  } catch (e) {
    reply = { id: job.id, error: e instanceof Error ? e.message : String(e) };
    port.postMessage(reply);
  }
}

void sha256Of((workerData as { impl: Sha256Impl }).impl).then((h) => {
  sha256 = h;
  port.on("message", onJob);
  port.postMessage({ ready: true });
});
