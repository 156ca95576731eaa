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

const h = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const short = (s: string) => `${s.slice(0, 8)}…`;

// RFC 6962 reference data, as used by transparency-dev/merkle proof/verify_test.go.
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(h);
const LEAF_HASHES = LEAVES.map(leafHash);
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const rootOf = (size: number) => h(ROOTS[size - 1]!);

// Reference inclusion proofs; leafIndex is 0-based (the Go vectors count leaves from 1).
const INCLUSION_VECTORS = [
  { leafIndex: 0, treeSize: 1, proof: [] },
  {
    leafIndex: 0,
    treeSize: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    leafIndex: 5,
    treeSize: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  { leafIndex: 2, treeSize: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    leafIndex: 1,
    treeSize: 5,
    proof: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];

const CONSISTENCY_VECTORS = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
];

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
  });

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
    const base: InclusionInput = {
      leafIndex: 5,
      treeSize: 8,
      leafHash: LEAF_HASHES[5]!,
      proof: INCLUSION_VECTORS[2]!.proof.map(h),
      root: rootOf(8),
    };
    const some = h("abacaba000000000000000000000000000000000000000000060061e00123456");
    const cases: [string, Partial<InclusionInput>, RegExp][] = [
      ["leafIndex 8 = treeSize 8", { leafIndex: 8 }, /leafIndex 8 must be less than treeSize 8/],
      ["treeSize 0", { leafIndex: 0, treeSize: 0 }, /leafIndex 0 must be less than treeSize 0/],
      ["leafIndex -1", { leafIndex: -1 }, /leafIndex must be non-negative/],
      ["leafIndex 1.5", { leafIndex: 1.5 }, /leafIndex must be a non-negative safe integer/],
      ["treeSize 2^53", { treeSize: 2 ** 53 }, /treeSize must be a non-negative safe integer/],
      ["leaf 4 (5 - 1)", { leafIndex: 4 }, /proof leads to root/],
      ["leaf 7 (5 ^ 2)", { leafIndex: 7 }, /proof leads to root/],
      ["leaf 6 of 7 (proof for 5 of 8)", { leafIndex: 6, treeSize: 7 }, /proof has 3 hashes; leaf 6 of a tree of 7 needs exactly 2/],
      ["treeSize 16 (8 * 2)", { treeSize: 16 }, /needs exactly 4/],
      ["treeSize 4 (8 / 2)", { treeSize: 4 }, /leafIndex 5 must be less than treeSize 4/],
      ["a 9-byte leaf hash", { leafHash: Buffer.from("WrongLeaf") }, /leafHash is 9 bytes, expected 32/],
      ["the empty-tree root", { root: EMPTY_ROOT }, /proof leads to root .* expected e3b0c442/],
      ["a random root", { root: some }, /expected abacaba0/],
      ["a 31-byte root", { root: some.subarray(1) }, /root is 31 bytes/],
      ["a trailing empty hash", { proof: [...base.proof, new Uint8Array(0)] }, /proof\[3\] is 0 bytes/],
      ["a trailing root", { proof: [...base.proof, rootOf(8)] }, /proof has 4 hashes; leaf 5 of a tree of 8 needs exactly 3/],
      ["a preceding root", { proof: [rootOf(8), ...base.proof] }, /proof has 4 hashes/],
      ["a dropped last hash", { proof: base.proof.slice(0, 2) }, /proof has 2 hashes/],
      ["a 33-byte proof hash", { proof: [base.proof[0]!, new Uint8Array(33), base.proof[2]!] }, /proof\[1\] is 33 bytes/],
      ["a replaced middle hash", { proof: [base.proof[0]!, some, base.proof[2]!] }, /proof leads to root/],
      ["swapped proof hashes", { proof: [base.proof[1]!, base.proof[0]!, base.proof[2]!] }, /proof leads to root/],
    ];
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
    const base: ConsistencyInput = { size1: 6, size2: 8, root1: rootOf(6), root2: rootOf(8), proof: CONSISTENCY_VECTORS[2]!.proof.map(h) };
    const some = h("abacaba000000000000000000000000000000000000000000060061e00123456");
    const cases: [string, Partial<ConsistencyInput>, RegExp][] = [
      ["size1 9 > size2 8", { size1: 9 }, /size1 9 must not exceed size2 8/],
      ["size1 5 (6 - 1)", { size1: 5 }, /proof has 3 hashes; sizes 5 → 8 need exactly 4/],
      ["size1 7 (6 + 1)", { size1: 7 }, /need exactly 4/],
      ["size1 4 (6 ^ 2)", { size1: 4 }, /need exactly 1/],
      ["size2 16 (8 * 2)", { size2: 16 }, /need exactly 4/],
      ["size2 4 (8 / 2)", { size2: 4 }, /size1 6 must not exceed size2 4/],
      ["size1 -1", { size1: -1 }, /size1 must be non-negative/],
      ["size2 2.5", { size2: 2.5 }, /size2 must be a non-negative safe integer/],
      ["a 9-byte root1", { root1: Buffer.from("WrongRoot") }, /root1 is 9 bytes/],
      ["a 9-byte root2", { root2: Buffer.from("WrongRoot") }, /root2 is 9 bytes/],
      ["a wrong root1", { root1: some }, /proof leads to root1 .* expected abacaba0/],
      ["a wrong root2", { root2: some }, /proof leads to root2 .* expected abacaba0/],
      ["swapped roots", { root1: rootOf(8), root2: rootOf(6) }, /proof leads to root1/],
      ["an empty proof", { proof: [] }, /proof has 0 hashes; sizes 6 → 8 need exactly 3/],
      ["a trailing empty hash", { proof: [...base.proof, new Uint8Array(0)] }, /proof\[3\] is 0 bytes/],
      ["a trailing root1", { proof: [...base.proof, rootOf(6)] }, /proof has 4 hashes/],
      ["a preceding root2", { proof: [rootOf(8), ...base.proof] }, /proof has 4 hashes/],
      ["a truncated proof", { proof: base.proof.slice(0, 2) }, /proof has 2 hashes/],
      ["proof[0] with bit 4 flipped", { proof: [flipBit(base.proof[0]!, 0, 4), ...base.proof.slice(1)] }, /root1/],
      ["proof[1] with bit 4 flipped", { proof: [base.proof[0]!, flipBit(base.proof[1]!, 0, 4), base.proof[2]!] }, /root2/],
    ];
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
