import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hex, rootFromLeafHashes } from "./merkle";
import { TreeHashPool } from "./parallel-hash";
import { records } from "./tree-test-records";
import { largestPowerOfTwo, SubtreeStack, type LeafInputs } from "./tree-chunks";

/** The root of n records hashed on the pool in chunks of `chunk`, all submitted at once. */
async function poolRoot(pool: TreeHashPool, inputs: LeafInputs, n: number, chunk: number) {
  const jobs = [];
  for (let first = 0; first < n; first += chunk) jobs.push({ count: Math.min(chunk, n - first), hashes: pool.hash(inputs, first, Math.min(chunk, n - first), []) });
  const tree = new SubtreeStack();
  const leafHashes: Uint8Array[] = [];
  for (const j of jobs) {
    const h = await j.hashes;
    for (let k = 0; k < j.count; k++) leafHashes.push(h.leafHashes.slice(32 * k, 32 * k + 32));
    tree.pushChunk(j.count, h.subtrees);
  }
  return { root: tree.root(), leafHashes };
}

/** The same records in a SharedArrayBuffer, as the bench lays them out. */
function shared(inputs: LeafInputs): LeafInputs {
  const data = new Uint8Array(new SharedArrayBuffer(inputs.data.length));
  data.set(inputs.data);
  const offsets = new Uint32Array(new SharedArrayBuffer(inputs.offsets.byteLength));
  offsets.set(inputs.offsets);
  return { data, offsets };
}

for (const impl of ["node", "wasm"] as const) {
  describe(`TreeHashPool (${impl} SHA-256, 2 workers)`, () => {
    let pool: TreeHashPool;
    beforeAll(async () => (pool = await TreeHashPool.start({ threads: 2, impl })), 30_000);
    afterAll(() => pool.close());

    const SIZES = [1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 127, 128, 129, 255, 1000, 1023, 1024, 1025, 4097];
    it(`roots of ${SIZES.length} sizes (powers of two ± 1 and others) equal rootFromLeafHashes`, async () => {
      const { inputs, leafHashes } = records(4097);
      const sab = shared(inputs);
      for (const n of SIZES) {
        const expected = hex(rootFromLeafHashes(leafHashes.slice(0, n)));
        const chunk = Math.max(1, largestPowerOfTwo(Math.ceil(n / 3)));
        const got = await poolRoot(pool, sab, n, chunk);
        expect(hex(got.root), `n=${n}, chunks of ${chunk}`).toBe(expected);
        expect(got.leafHashes.map(hex)).toEqual(leafHashes.slice(0, n).map(hex));
      }
    });

    it("chunks in transferred ArrayBuffers and prefix roots inside a chunk", async () => {
      const { inputs, leafHashes } = records(100);
      const h = await pool.hash(inputs, 64, 36, [1, 20, 36]);
      const tree = new SubtreeStack();
      tree.pushChunk(64, (await pool.hash(records(64).inputs, 0, 64, [])).subtrees);
      expect(h.rootsAt.map((r) => hex(tree.rootWith(r)))).toEqual([65, 84, 100].map((n) => hex(rootFromLeafHashes(leafHashes.slice(0, n)))));
    });

    it("a bad record rejects that chunk only", async () => {
      await expect(pool.hash({ data: Uint8Array.of(0x41), offsets: Uint32Array.of(0, 1) }, 0, 1, [])).rejects.toThrow(/leaf prefix/);
      const { inputs, leafHashes } = records(3);
      expect(hex((await poolRoot(pool, inputs, 3, 4)).root)).toBe(hex(rootFromLeafHashes(leafHashes)));
    });
  });
}
