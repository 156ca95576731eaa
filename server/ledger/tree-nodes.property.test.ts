// Proofs from stored subtree hashes (tree-nodes.ts) equal the proofs merkle.ts builds from every
// leaf, for random tree sizes, leaves and sizes; and they need O(log n) nodes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consistencyProof, consistencyRanges, hex, inclusionProof, inclusionRanges, leafHash, MerkleAccumulator } from "./merkle";
import { consistencyProofFromNodes, inclusionProofFromNodes, nodeKey, nodesFor, perfectPieces } from "./tree-nodes";

function leaves(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`)));
}

/** Every node as finalize stores it (levels ≥ 1 from the accumulator's pushes) plus the leaves (level 0, ledger_entry.hash). */
function storedNodes(hashes: readonly Uint8Array[]): Map<string, Uint8Array> {
  const nodes = new Map<string, Uint8Array>();
  const acc = new MerkleAccumulator();
  hashes.forEach((h, i) => {
    nodes.set(nodeKey({ level: 0, index: i }), h);
    acc.pushLeafHash(h, (level, index, hash) => nodes.set(nodeKey({ level, index }), hash));
  });
  return nodes;
}

/** Only the nodes a proof asks for: a proof that reads anything else would throw. */
function only(nodes: Map<string, Uint8Array>, wanted: { level: number; index: number }[]): Map<string, Uint8Array> {
  return new Map(wanted.map((n) => [nodeKey(n), nodes.get(nodeKey(n))!]));
}

const hexes = (p: Uint8Array[]) => p.map(hex);

describe("stored-node proofs", () => {
  it("a tree of 7 leaves stores n − popcount(n) = 7 − 3 = 4 nodes of level ≥ 1: 1:0, 1:1, 1:2, 2:0", () => {
    const nodes = storedNodes(leaves(7));
    expect([...nodes.keys()].filter((k) => !k.startsWith("0:")).sort()).toEqual(["1:0", "1:1", "1:2", "2:0"]);
  });

  it("[5, 13) splits into [5,6) [6,8) [8,12) [12,13): levels 0, 1, 2, 0", () => {
    expect(perfectPieces(5, 13)).toEqual([
      { level: 0, index: 5 },
      { level: 1, index: 3 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });

  it("inclusion proofs from the nodes equal the proofs from all leaves (random sizes and indices)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.nat(), (size, pick) => {
        const hashes = leaves(size);
        const nodes = storedNodes(hashes);
        const index = pick % size;
        const wanted = nodesFor(inclusionRanges(index, size));
        expect(hexes(inclusionProofFromNodes(only(nodes, wanted), index, size))).toEqual(hexes(inclusionProof(hashes, index, size)));
      }),
      { numRuns: 300 },
    );
  });

  it("consistency proofs from the nodes equal the proofs from all leaves (random sizes)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.nat(), (size2, pick) => {
        const hashes = leaves(size2);
        const nodes = storedNodes(hashes);
        const size1 = pick % (size2 + 1);
        const wanted = nodesFor(consistencyRanges(size1, size2));
        expect(hexes(consistencyProofFromNodes(only(nodes, wanted), size1, size2))).toEqual(hexes(consistencyProof(hashes, size1, size2)));
      }),
      { numRuns: 300 },
    );
  });

  it("proofs in a tree of 10^12 leaves need at most 2·40 nodes (O(log n), no leaf read beyond them)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.nat(), (size, pick) => {
        const index = pick % size;
        expect(nodesFor(inclusionRanges(index, size)).length).toBeLessThanOrEqual(2 * 40);
        expect(nodesFor(consistencyRanges(index, size)).length).toBeLessThanOrEqual(2 * 40);
      }),
    );
  });

  it("a missing node is an error, never a wrong proof", () => {
    expect(() => inclusionProofFromNodes(new Map(), 0, 2)).toThrow(/level 0 index 1 is not stored/);
  });
});
