import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frontierProblem, hex, leafHash, MerkleAccumulator, packFrontier, rootFromLeafHashes, unpackFrontier } from "./merkle";

const leaves = (n: number, salt = 0) => Array.from({ length: n }, (_, k) => leafHash(new TextEncoder().encode(`entry ${salt}:${k}`)));

describe("Merkle frontier (compact range)", () => {
  it("resumed from the frontier of n leaves, m more leaves give the root of all n + m (from scratch)", () => {
    fc.assert(
      fc.property(fc.nat(300), fc.nat(300), (n, m) => {
        const all = leaves(n + m);
        const first = new MerkleAccumulator();
        for (const h of all.slice(0, n)) first.pushLeafHash(h);
        const stored = packFrontier(first.frontier());
        // One hash per set bit of n (n = 300 = 0b100101100: 4 hashes).
        expect(stored.length).toBe(32 * n.toString(2).replaceAll("0", "").length);
        const resumed = MerkleAccumulator.fromFrontier(n, unpackFrontier(stored));
        expect(hex(resumed.root())).toBe(hex(rootFromLeafHashes(all.slice(0, n))));
        for (const h of all.slice(n)) resumed.pushLeafHash(h);
        expect(resumed.size).toBe(n + m);
        expect(hex(resumed.root())).toBe(hex(rootFromLeafHashes(all)));
      }),
      { numRuns: 200 },
    );
  });

  it("a frontier of 7 leaves holds 3 hashes (4 + 2 + 1) and folds to the root; a changed byte or a missing hash is named", () => {
    const acc = new MerkleAccumulator();
    for (const h of leaves(7)) acc.pushLeafHash(h);
    const stored = packFrontier(acc.frontier());
    expect(stored.length).toBe(96);
    expect(frontierProblem(7, stored, acc.root())).toBeNull();
    const tampered = stored.slice();
    tampered[40]! ^= 1;
    expect(frontierProblem(7, tampered, acc.root())).toMatch(/folds to/);
    expect(frontierProblem(7, stored.slice(0, 64), acc.root())).toMatch(/7 leaves has 3 frontier hashes, got 2/);
    expect(frontierProblem(7, stored.slice(0, 50), acc.root())).toMatch(/not a whole number of hashes/);
    expect(frontierProblem(0, new Uint8Array(0), rootFromLeafHashes([]))).toBeNull();
  });

  it("counts the set bits of sizes beyond 2^32 (2^40 + 3 leaves: 3 hashes)", () => {
    const h = leaves(3);
    expect(MerkleAccumulator.fromFrontier(2 ** 40 + 3, h).size).toBe(2 ** 40 + 3);
    expect(() => MerkleAccumulator.fromFrontier(2 ** 40 + 3, h.slice(0, 2))).toThrow(/has 3 frontier hashes, got 2/);
  });
});
