import { describe, expect, it } from "vitest";
import { EMPTY_ROOT, hex, rootFromLeafHashes } from "./merkle";
import { hashChunk, type LeafInputs, SubtreeStack, subtreeSizes } from "./tree-chunks";
import { records } from "./tree-test-records";

/** Roots of every prefix the chunks pass through, using chunks of `chunk` leaves (the last shorter). */
function chunkedRoots(inputs: LeafInputs, n: number, chunk: number): string[] {
  const tree = new SubtreeStack();
  const roots: string[] = [];
  for (let first = 0; first < n; first += chunk) {
    const count = Math.min(chunk, n - first);
    const wanted = Array.from({ length: count }, (_, k) => k + 1);
    const r = hashChunk(inputs, first, count, wanted);
    for (const local of r.rootsAt) roots.push(hex(tree.rootWith(local)));
    tree.pushChunk(count, r.subtrees);
    expect(hex(tree.root())).toBe(roots[roots.length - 1]);
  }
  return roots;
}

describe("hashing in aligned chunks gives the RFC 6962 root", () => {
  const { inputs, leafHashes } = records(300);
  const expected = Array.from({ length: 300 }, (_, k) => hex(rootFromLeafHashes(leafHashes.slice(0, k + 1))));

  for (const chunk of [1, 2, 4, 8, 64, 256, 512]) {
    it(`300 leaves in chunks of ${chunk} → every prefix root 1..300 equals rootFromLeafHashes`, () => {
      expect(chunkedRoots(inputs, 300, chunk)).toEqual(expected);
    });
  }

  it("leaf hashes are SHA-256(0x00 ‖ bytes), one per record", () => {
    const r = hashChunk(inputs, 5, 3, []);
    expect([0, 1, 2].map((k) => hex(r.leafHashes.subarray(32 * k, 32 * k + 32)))).toEqual(leafHashes.slice(5, 8).map(hex));
  });

  it("an empty tree has the root of the empty string", () => {
    expect(new SubtreeStack().root()).toEqual(EMPTY_ROOT);
  });

  it("13 leaves = subtrees of 8, 4 and 1", () => {
    expect(subtreeSizes(13)).toEqual([8, 4, 1]);
    expect(hashChunk(inputs, 0, 13, []).subtrees).toHaveLength(3);
  });

  it("refuses a chunk of 4 at leaf 2 (not a subtree of the big tree) and a record without the 0x00 prefix", () => {
    const tree = new SubtreeStack();
    tree.pushChunk(2, hashChunk(inputs, 0, 2, []).subtrees);
    expect(() => tree.pushChunk(4, hashChunk(inputs, 2, 4, []).subtrees)).toThrow(/not aligned/);
    const bad = { data: Uint8Array.of(0x41), offsets: Uint32Array.of(0, 1) };
    expect(() => hashChunk(bad, 0, 1, [])).toThrow(/leaf prefix/);
  });
});
