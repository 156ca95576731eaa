import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMPTY_ROOT,
  MerkleAccumulator,
  type ConsistencyInput,
  type InclusionInput,
  consistencyProof,
  hex,
  inclusionProof,
  leafHash,
  nodeHash,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from "./merkle";
import { CONSISTENCY_VECTORS, consistencyRejections, h, INCLUSION_VECTORS, inclusionRejections, LEAVES_HEX, ROOTS } from "./proof-test-vectors";

const short = (s: string) => `${s.slice(0, 8)}…`;

const LEAVES = LEAVES_HEX.map(h);
const LEAF_HASHES = LEAVES.map(leafHash);
const rootOf = (size: number) => h(ROOTS[size - 1]!);

// --- Independent reference: the recursive definitions of RFC 6962 §2.1, written plainly. ---
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function refMth(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return createHash("sha256").digest();
  if (d.length === 1) return d[0]!;
  const k = split(d.length);
  return createHash("sha256")
    .update(Uint8Array.of(1))
    .update(refMth(d.slice(0, k)))
    .update(refMth(d.slice(k)))
    .digest();
}
function refPath(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k ? [...refPath(m, d.slice(0, k)), refMth(d.slice(k))] : [...refPath(m - k, d.slice(k)), refMth(d.slice(0, k))];
}
function refSubproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [refMth(d)];
  const k = split(d.length);
  return m <= k
    ? [...refSubproof(m, d.slice(0, k), b), refMth(d.slice(k))]
    : [...refSubproof(m - k, d.slice(k), false), refMth(d.slice(0, k))];
}
// Which side each proof hash goes on (and "S" for a consistency proof's own start node). Two
// (index, size) pairs with the same shape run the very same hash computation.
function inclusionShape(m: number, n: number): string {
  if (n === 1) return "";
  const k = split(n);
  return m < k ? `${inclusionShape(m, k)}R` : `${inclusionShape(m - k, n - k)}L`;
}
function consistencyShape(m: number, n: number, b = true): string {
  if (m === n) return b ? "" : "S";
  const k = split(n);
  return m <= k ? `${consistencyShape(m, k, b)}R` : `${consistencyShape(m - k, n - k, false)}L`;
}

const hexes = (xs: readonly Uint8Array[]) => xs.map(hex);
const flipBit = (b: Uint8Array, byte: number, bit: number) => {
  const c = new Uint8Array(b);
  c[byte % c.length]! ^= 1 << bit;
  return c;
};
// Leaves carry their index so no two are equal: with equal leaves, swapping positions is undetectable.
const syntheticLeaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));

describe("RFC 6962 hashing", () => {
  it("empty tree → SHA-256('') e3b0c442…", () => {
    expect(hex(rootFromLeafHashes([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(new MerkleAccumulator().root())).toBe(hex(EMPTY_ROOT));
  });

  it("leaf hash = SHA-256(0x00 ‖ bytes), node hash = SHA-256(0x01 ‖ l ‖ r)", () => {
    expect(hex(leafHash(h("")))).toBe(ROOTS[0]);
    const l = LEAF_HASHES[0]!;
    const r = LEAF_HASHES[1]!;
    const manual = createHash("sha256").update(Uint8Array.of(1)).update(l).update(r).digest("hex");
    expect(hex(nodeHash(l, r))).toBe(manual);
    expect(hex(nodeHash(l, r))).toBe(ROOTS[1]);
  });

  for (let size = 1; size <= 8; size++) {
    it(`${size} leaves → root ${short(ROOTS[size - 1]!)}`, () => {
      expect(hex(rootFromLeafHashes(LEAF_HASHES.slice(0, size)))).toBe(ROOTS[size - 1]);
      const acc = new MerkleAccumulator();
      for (const leaf of LEAVES.slice(0, size)) acc.push(leaf);
      expect(acc.size).toBe(size);
      expect(hex(acc.root())).toBe(ROOTS[size - 1]);
    });
  }

  it("accumulator root after each of 0..200 pushes = recursive MTH of the prefix", () => {
    const leaves = syntheticLeaves(200);
    const acc = new MerkleAccumulator();
    for (let n = 0; n <= 200; n++) {
      expect(hex(acc.root())).toBe(hex(refMth(leaves.slice(0, n))));
      if (n < 200) acc.pushLeafHash(leaves[n]!);
    }
  });

  it("100 000 leaves → stack root = level-by-level root (odd node carried up)", () => {
    const leaves = syntheticLeaves(100_000);
    let level = leaves;
    while (level.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
      if (level.length % 2 === 1) next.push(level[level.length - 1]!);
      level = next;
    }
    expect(hex(rootFromLeafHashes(leaves))).toBe(hex(level[0]!));
  }, 30_000); // a large tree: slow on a loaded machine, not wrong

  it("rejects leaf hashes that are not 32 bytes", () => {
    expect(() => rootFromLeafHashes([new Uint8Array(31)])).toThrow(/31 bytes, expected 32/);
    expect(() => new MerkleAccumulator().pushLeafHash(new Uint8Array(33))).toThrow(/33 bytes/);
  });
});

describe("inclusion proofs", () => {
  for (const v of INCLUSION_VECTORS) {
    it(`leaf ${v.leafIndex} of ${v.treeSize} → ${v.proof.length} hashes, root ${short(ROOTS[v.treeSize - 1]!)}`, () => {
      expect(hexes(inclusionProof(LEAF_HASHES, v.leafIndex, v.treeSize))).toEqual(v.proof);
      const ok = verifyInclusion({ ...v, leafHash: LEAF_HASHES[v.leafIndex]!, proof: v.proof.map(h), root: rootOf(v.treeSize) });
      expect(ok).toEqual({ valid: true });
    });
  }

  it("every (index, size) with size ≤ 8 → proof = RFC 6962 PATH and verifies", () => {
    for (let size = 1; size <= 8; size++) {
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(LEAF_HASHES, index, size);
        expect(hexes(proof)).toEqual(hexes(refPath(index, LEAF_HASHES.slice(0, size))));
        const result = verifyInclusion({ leafIndex: index, treeSize: size, leafHash: LEAF_HASHES[index]!, proof, root: rootOf(size) });
        expect(result, `${index}/${size}`).toEqual({ valid: true });
      }
    }
  });

  // Node layout from transparency-dev/merkle proof/proof_test.go, as leaf ranges [start, end).
  const shapes: [size: number, index: number, ranges: [number, number][]][] = [
    [7, 0, [[1, 2], [2, 4], [4, 7]]],
    [7, 1, [[0, 1], [2, 4], [4, 7]]],
    [7, 2, [[3, 4], [0, 2], [4, 7]]],
    [7, 3, [[2, 3], [0, 2], [4, 7]]],
    [7, 4, [[5, 6], [6, 7], [0, 4]]],
    [7, 5, [[4, 5], [6, 7], [0, 4]]],
    [7, 6, [[4, 6], [0, 4]]],
    [4, 2, [[3, 4], [0, 2]]],
    [5, 3, [[2, 3], [0, 2], [4, 5]]],
    [6, 3, [[2, 3], [0, 2], [4, 6]]],
    [6, 4, [[5, 6], [0, 4]]],
    [15, 10, [[11, 12], [8, 10], [12, 15], [0, 8]]],
    [31, 24, [[25, 26], [26, 28], [28, 31], [16, 24], [0, 16]]],
    [95, 81, [[80, 81], [82, 84], [84, 88], [88, 95], [64, 80], [0, 64]]],
  ];
  const leaves = syntheticLeaves(95);
  for (const [size, index, ranges] of shapes) {
    it(`leaf ${index} of ${size} → siblings ${ranges.map(([a, b]) => `[${a},${b})`).join(" ")}`, () => {
      const expected = ranges.map(([a, b]) => hex(refMth(leaves.slice(a, b))));
      expect(hexes(inclusionProof(leaves, index, size))).toEqual(expected);
    });
  }

  it("refuses to generate for index ≥ size, size 0 or size beyond the leaves", () => {
    expect(() => inclusionProof(LEAF_HASHES, 0, 0)).toThrow(/less than treeSize 0/);
    expect(() => inclusionProof(LEAF_HASHES, 7, 7)).toThrow(/index 7 must be less than treeSize 7/);
    expect(() => inclusionProof(LEAF_HASHES, 0, 9)).toThrow(/exceeds the 8 leaves/);
    expect(() => inclusionProof(LEAF_HASHES, -1, 3)).toThrow(/non-negative/);
  });

  describe("verification rejects", () => {
    const { base, cases } = inclusionRejections();
    const some = h("abacaba000000000000000000000000000000000000000000060061e00123456");
    for (const [name, change, error] of cases) {
      it(name, () => {
        const result = verifyInclusion({ ...base, ...change });
        expect(result.valid).toBe(false);
        expect(result.valid === false && result.error).toMatch(error);
      });
    }
    it("a 1-leaf tree: root must equal the leaf hash and the proof be empty", () => {
      const leaf = leafHash(Buffer.from("data"));
      expect(verifyInclusion({ leafIndex: 0, treeSize: 1, leafHash: leaf, proof: [], root: leaf })).toEqual({ valid: true });
      expect(verifyInclusion({ leafIndex: 0, treeSize: 1, leafHash: leaf, proof: [], root: some }).valid).toBe(false);
      expect(verifyInclusion({ leafIndex: 0, treeSize: 1, leafHash: leaf, proof: [leaf], root: leaf }).valid).toBe(false);
      expect(verifyInclusion({ leafIndex: 0, treeSize: 1, leafHash: new Uint8Array(0), proof: [], root: leaf }).valid).toBe(false);
    });
    it("bigint sizes beyond 2^32 are handled exactly (leaf 2^40 of 2^40 + 1 → 1 hash)", () => {
      const leaf = LEAF_HASHES[0]!;
      const sibling = LEAF_HASHES[1]!;
      const result = verifyInclusion({ leafIndex: 2n ** 40n, treeSize: 2n ** 40n + 1n, leafHash: leaf, proof: [sibling], root: nodeHash(sibling, leaf) });
      expect(result).toEqual({ valid: true });
    });
  });
});

describe("consistency proofs", () => {
  for (const v of CONSISTENCY_VECTORS) {
    it(`${v.size1} → ${v.size2} leaves → ${v.proof.length} hashes`, () => {
      expect(hexes(consistencyProof(LEAF_HASHES, v.size1, v.size2))).toEqual(v.proof);
      const result = verifyConsistency({ ...v, root1: rootOf(v.size1), root2: rootOf(v.size2), proof: v.proof.map(h) });
      expect(result).toEqual({ valid: true });
    });
  }

  it("every (size1, size2) with 0 ≤ size1 ≤ size2 ≤ 8 → proof = RFC 6962 PROOF and verifies", () => {
    const root = (n: number) => (n === 0 ? EMPTY_ROOT : rootOf(n));
    for (let size2 = 0; size2 <= 8; size2++) {
      for (let size1 = 0; size1 <= size2; size1++) {
        const proof = consistencyProof(LEAF_HASHES, size1, size2);
        const ref = size1 === 0 ? [] : refSubproof(size1, LEAF_HASHES.slice(0, size2), true);
        expect(hexes(proof), `${size1}→${size2}`).toEqual(hexes(ref));
        const result = verifyConsistency({ size1, size2, root1: root(size1), root2: root(size2), proof });
        expect(result, `${size1}→${size2}`).toEqual({ valid: true });
      }
    }
  });

  const shapes: [size1: number, size2: number, ranges: [number, number][]][] = [
    [1, 2, [[1, 2]]],
    [1, 4, [[1, 2], [2, 4]]],
    [1, 6, [[1, 2], [2, 4], [4, 6]]],
    [2, 3, [[2, 3]]],
    [2, 8, [[2, 4], [4, 8]]],
    [3, 7, [[2, 3], [3, 4], [0, 2], [4, 7]]],
    [4, 7, [[4, 7]]],
    [5, 7, [[4, 5], [5, 6], [6, 7], [0, 4]]],
    [6, 7, [[4, 6], [6, 7], [0, 4]]],
    [7, 8, [[6, 7], [7, 8], [4, 6], [0, 4]]],
    [2, 4, [[2, 4]]],
    [3, 5, [[2, 3], [3, 4], [0, 2], [4, 5]]],
    [3, 6, [[2, 3], [3, 4], [0, 2], [4, 6]]],
    [4, 6, [[4, 6]]],
    [1, 7, [[1, 2], [2, 4], [4, 7]]],
    [10, 15, [[8, 10], [10, 12], [12, 15], [0, 8]]],
    [24, 31, [[16, 24], [24, 31], [0, 16]]],
    [81, 95, [[80, 81], [81, 82], [82, 84], [84, 88], [88, 95], [64, 80], [0, 64]]],
  ];
  const leaves = syntheticLeaves(95);
  for (const [size1, size2, ranges] of shapes) {
    it(`${size1} → ${size2} leaves → nodes ${ranges.map(([a, b]) => `[${a},${b})`).join(" ")}`, () => {
      const expected = ranges.map(([a, b]) => hex(refMth(leaves.slice(a, b))));
      expect(hexes(consistencyProof(leaves, size1, size2))).toEqual(expected);
    });
  }

  it("refuses to generate for size1 > size2 or size2 beyond the leaves", () => {
    expect(() => consistencyProof(LEAF_HASHES, 5, 4)).toThrow(/size1 5 must not exceed size2 4/);
    expect(() => consistencyProof(LEAF_HASHES, 1, 9)).toThrow(/exceeds the 8 leaves/);
  });

  describe("verification rejects", () => {
    const { base, cases } = consistencyRejections();
    for (const [name, change, error] of cases) {
      it(name, () => {
        const result = verifyConsistency({ ...base, ...change });
        expect(result.valid).toBe(false);
        expect(result.valid === false && result.error).toMatch(error);
      });
    }

    it("size 0 and equal-size edge cases", () => {
      const e = EMPTY_ROOT;
      const r1 = rootOf(1);
      expect(verifyConsistency({ size1: 0, size2: 0, root1: e, root2: e, proof: [] })).toEqual({ valid: true });
      expect(verifyConsistency({ size1: 0, size2: 5, root1: e, root2: rootOf(5), proof: [] })).toEqual({ valid: true });
      expect(verifyConsistency({ size1: 1, size2: 1, root1: r1, root2: r1, proof: [] })).toEqual({ valid: true });
      const bad: [Parameters<typeof verifyConsistency>[0], RegExp][] = [
        [{ size1: 0, size2: 0, root1: e, root2: r1, proof: [] }, /root2 .* is not the empty tree root/],
        [{ size1: 0, size2: 5, root1: r1, root2: rootOf(5), proof: [] }, /root1 .* is not the empty tree root/],
        [{ size1: 0, size2: 1, root1: e, root2: r1, proof: [e] }, /size1 0 needs an empty proof/],
        [{ size1: 1, size2: 1, root1: r1, root2: rootOf(2), proof: [] }, /differ for equal sizes 1/],
        [{ size1: 1, size2: 1, root1: r1, root2: r1, proof: [e] }, /equal sizes need an empty proof/],
        [{ size1: 1, size2: 0, root1: r1, root2: e, proof: [] }, /size1 1 must not exceed size2 0/],
        [{ size1: 1, size2: 2, root1: r1, root2: rootOf(2), proof: [] }, /proof has 0 hashes; sizes 1 → 2 need exactly 1/],
        [{ size1: 0, size2: 0, root1: new Uint8Array(0), root2: new Uint8Array(0), proof: [] }, /root1 is 0 bytes/],
      ];
      for (const [input, error] of bad) {
        const result = verifyConsistency(input);
        expect(result.valid === false && result.error).toMatch(error);
      }
    });
  });
});

describe("property: proofs over random trees of 1..70 leaves", () => {
  const tree = fc
    .array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 70 })
    .map((data) => data.map((d, i) => leafHash(Buffer.concat([Buffer.from(`${i}:`), d]))));
  const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
  const proofEdit = fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.nat(31), bit: fc.nat(7) }),
    fc.record({ kind: fc.constant("drop" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), hash: hash32 }),
    fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  );
  type ProofEdit = typeof proofEdit extends fc.Arbitrary<infer T> ? T : never;
  // Applies an edit to a copy; undefined when the edit needs a hash the proof lacks.
  const edit = (proof: Uint8Array[], e: ProofEdit): Uint8Array[] | undefined => {
    const p = [...proof];
    if (e.kind === "insert") {
      p.splice(e.at % (p.length + 1), 0, e.hash);
      return p;
    }
    if (p.length === 0) return undefined;
    const i = e.at % p.length;
    if (e.kind === "flip") p[i] = flipBit(p[i]!, e.byte, e.bit);
    if (e.kind === "drop") p.splice(i, 1);
    if (e.kind === "duplicate") p.splice(i, 0, p[i]!);
    if (e.kind === "truncate") p[i] = p[i]!.subarray(0, 31);
    return p;
  };

  it("inclusion: generated proof = RFC PATH and verifies; mutated proof, leaf or root fails", () => {
    fc.assert(
      fc.property(tree, fc.nat(), proofEdit, fc.nat(31), fc.nat(7), (leaves, rawIndex, e, byte, bit) => {
        const treeSize = leaves.length;
        const leafIndex = rawIndex % treeSize;
        const root = rootFromLeafHashes(leaves);
        expect(hex(root)).toBe(hex(refMth(leaves)));
        const proof = inclusionProof(leaves, leafIndex, treeSize);
        expect(hexes(proof)).toEqual(hexes(refPath(leafIndex, leaves)));
        const input = { leafIndex, treeSize, leafHash: leaves[leafIndex]!, proof, root };
        expect(verifyInclusion(input)).toEqual({ valid: true });

        const edited = edit(proof, e);
        if (edited) expect(verifyInclusion({ ...input, proof: edited }).valid, e.kind).toBe(false);
        expect(verifyInclusion({ ...input, root: flipBit(root, byte, bit) }).valid).toBe(false);
        expect(verifyInclusion({ ...input, leafHash: flipBit(input.leafHash, byte, bit) }).valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("inclusion: another leafIndex always fails; another treeSize fails unless its path has the same shape", () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.nat(140), fc.nat(140), (leaves, rawIndex, otherIndex, otherSize) => {
        const treeSize = leaves.length;
        const leafIndex = rawIndex % treeSize;
        const input = { leafIndex, treeSize, leafHash: leaves[leafIndex]!, proof: inclusionProof(leaves, leafIndex, treeSize), root: rootFromLeafHashes(leaves) };
        if (otherIndex !== leafIndex) expect(verifyInclusion({ ...input, leafIndex: otherIndex }).valid).toBe(false);
        if (otherSize !== treeSize) {
          // The proof only fixes the path; the size is bound by the signed checkpoint that holds the root.
          const sameShape = leafIndex < otherSize && inclusionShape(leafIndex, otherSize) === inclusionShape(leafIndex, treeSize);
          expect(verifyInclusion({ ...input, treeSize: otherSize }).valid).toBe(sameShape);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("consistency: generated proof = RFC PROOF and verifies; mutated proof or roots fail", () => {
    fc.assert(
      fc.property(tree, fc.nat(), proofEdit, fc.nat(31), fc.nat(7), (leaves, raw, e, byte, bit) => {
        fc.pre(leaves.length >= 2);
        const size2 = leaves.length;
        const size1 = 1 + (raw % (size2 - 1)); // 0 < size1 < size2: the proof is never empty
        const proof = consistencyProof(leaves, size1, size2);
        expect(hexes(proof)).toEqual(hexes(refSubproof(size1, leaves, true)));
        const input = { size1, size2, root1: rootFromLeafHashes(leaves.slice(0, size1)), root2: rootFromLeafHashes(leaves), proof };
        expect(verifyConsistency(input)).toEqual({ valid: true });

        expect(verifyConsistency({ ...input, proof: edit(proof, e)! }).valid, e.kind).toBe(false);
        expect(verifyConsistency({ ...input, root1: flipBit(input.root1, byte, bit) }).valid).toBe(false);
        expect(verifyConsistency({ ...input, root2: flipBit(input.root2, byte, bit) }).valid).toBe(false);
        expect(verifyConsistency({ ...input, root1: input.root2, root2: input.root1 }).valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("consistency: other sizes fail unless their proof has the same shape", () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.nat(140), fc.nat(140), (leaves, raw, other1, other2) => {
        fc.pre(leaves.length >= 2);
        const size2 = leaves.length;
        const size1 = 1 + (raw % (size2 - 1));
        const input = {
          size1,
          size2,
          root1: rootFromLeafHashes(leaves.slice(0, size1)),
          root2: rootFromLeafHashes(leaves),
          proof: consistencyProof(leaves, size1, size2),
        };
        const shape = consistencyShape(size1, size2);
        const expectValid = (s1: number, s2: number) => 0 < s1 && s1 < s2 && consistencyShape(s1, s2) === shape;
        if (other1 !== size1) expect(verifyConsistency({ ...input, size1: other1 }).valid).toBe(expectValid(other1, size2));
        if (other2 !== size2) expect(verifyConsistency({ ...input, size2: other2 }).valid).toBe(expectValid(size1, other2));
      }),
      { numRuns: 300 },
    );
  });

  it("accumulator fed leaf bytes one at a time = rootFromLeafHashes", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 300 }), (data) => {
        const acc = new MerkleAccumulator();
        for (const d of data) acc.push(d);
        expect(acc.size).toBe(data.length);
        expect(hex(acc.root())).toBe(hex(rootFromLeafHashes(data.map(leafHash))));
      }),
      { numRuns: 100 },
    );
  });
});
