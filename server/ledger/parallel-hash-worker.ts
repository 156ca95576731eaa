// The body of a TreeHashPool worker: hashes the chunks it is sent with hashChunk (tree-chunks.ts).
import { parentPort, workerData } from "node:worker_threads";
import { createSHA256 } from "hash-wasm";
import { hashChunk, nodeSha256, type Sha256 } from "./tree-chunks";
import type { HashJob, HashReply, Sha256Impl } from "./parallel-hash";

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
const sha256 = await sha256Of((workerData as { impl: Sha256Impl }).impl);

port.on("message", (job: HashJob) => {
  let reply: HashReply;
  try {
    const r = hashChunk({ data: job.data, offsets: job.offsets }, job.first, job.count, job.wanted, sha256);
    // Subtree and prefix roots travel packed in one buffer, so nothing but two buffers is copied or moved.
    const roots = new Uint8Array(32 * (r.subtrees.length + r.rootsAt.length));
    [...r.subtrees, ...r.rootsAt].forEach((h, k) => roots.set(h, 32 * k));
    reply = { id: job.id, leafHashes: r.leafHashes, roots, subtreeCount: r.subtrees.length };
    port.postMessage(reply, [r.leafHashes.buffer as ArrayBuffer, roots.buffer as ArrayBuffer]);
  } catch (e) {
    reply = { id: job.id, error: e instanceof Error ? e.message : String(e) };
    port.postMessage(reply);
  }
});
port.postMessage({ ready: true });
