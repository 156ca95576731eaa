// RFC 6962 test vectors and tampering cases, shared by the tests of the synchronous verifier
// (merkle.test.ts) and of the same verifier through WebCrypto (verify-proof.test.ts).
import { EMPTY_ROOT, leafHash, type ConsistencyInput, type InclusionInput } from "./merkle";

export const h = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const rootOf = (size: number) => h(ROOTS[size - 1]!);
const flipBit = (b: Uint8Array, byte: number, bit: number) => {
  const c = new Uint8Array(b);
  c[byte % c.length]! ^= 1 << bit;
  return c;
};

// RFC 6962 reference data, as used by transparency-dev/merkle proof/verify_test.go.
export const LEAVES_HEX = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
export const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

// Reference inclusion proofs; leafIndex is 0-based (the Go vectors count leaves from 1).
export const INCLUSION_VECTORS = [
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

export const CONSISTENCY_VECTORS = [
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

export const LEAF_HASHES = LEAVES_HEX.map((x) => leafHash(h(x)));

/** Leaf 5 of the 8-leaf tree, and changes to it that every verifier must reject, with the reason. */
export function inclusionRejections() {
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
  return { base, cases };
}

/** Sizes 6 → 8, and changes that every verifier must reject, with the reason. */
export function consistencyRejections() {
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
  return { base, cases };
}
