// The shared verifier through WebCrypto (globalThis.crypto.subtle): what the browser and the CLI run.
// Same RFC 6962 vectors and tampering cases as the synchronous path in merkle.test.ts, and a
// property test that both drivers of the one implementation give the same verdict, word for word.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "./hex";
import { inclusionProof, leafHash as nodeLeafHash, rootFromLeafHashes, verifyInclusion as verifyInclusionSync } from "./merkle";
import { CONSISTENCY_VECTORS, consistencyRejections, h, INCLUSION_VECTORS, inclusionRejections, LEAF_HASHES, LEAVES_HEX, ROOTS } from "./proof-test-vectors";
import { leafHash, verifyConsistency, verifyInclusion, webCryptoSha256, type InclusionInput } from "./verify-proof";

const rootOf = (size: number) => h(ROOTS[size - 1]!);

describe("WebCrypto hashing", () => {
  it("SHA-256('abc') = ba7816bf… (FIPS 180-2), and leaf hashes equal node's", async () => {
    expect(toHex(await webCryptoSha256(new TextEncoder().encode("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    for (const leaf of LEAVES_HEX) expect(toHex(await leafHash(h(leaf)))).toBe(toHex(nodeLeafHash(h(leaf))));
  });

  it("hex round-trips and refuses odd lengths and non-hex digits", () => {
    expect(toHex(fromHex("00ff10AB"))).toBe("00ff10ab");
    expect(() => fromHex("abc")).toThrow(/even number/);
    expect(() => fromHex("zz")).toThrow(/hex digits/);
  });
});

describe("inclusion proofs through WebCrypto", () => {
  for (const v of INCLUSION_VECTORS) {
    it(`RFC 6962: leaf ${v.leafIndex} of ${v.treeSize} with ${v.proof.length} hashes → verified`, async () => {
      const result = await verifyInclusion({ ...v, leafHash: LEAF_HASHES[v.leafIndex]!, proof: v.proof.map(h), root: rootOf(v.treeSize) });
      expect(result).toEqual({ valid: true });
    });
  }

  // Leaf 5 ("40414243") of 8: the proof is [leaf 4, node(6,7), node(0..3)].
  const { base, cases } = inclusionRejections();
  const tampering: [string, Partial<InclusionInput>, RegExp][] = [
    ["wrong leaf: leaf 4's hash with leaf 5's proof", { leafHash: LEAF_HASHES[4]! }, /proof leads to root/],
    ["wrong root: the 7-leaf root", { root: rootOf(7) }, /proof leads to root .* expected ddb89be4/],
    ["wrong index: 4 instead of 5", { leafIndex: 4 }, /proof leads to root/],
    // (A size whose path has the same shape, e.g. 7, computes the same root: the size is bound by the
    // published checkpoint the root comes from, which the page shows and the JSON carries.)
    ["wrong size: 6 instead of 8", { treeSize: 6 }, /proof has 3 hashes; leaf 5 of a tree of 6 needs exactly 2/],
    ["an extra element: the root appended", { proof: [...base.proof, rootOf(8)] }, /proof has 4 hashes; leaf 5 of a tree of 8 needs exactly 3/],
    ["a missing element: the last hash dropped", { proof: base.proof.slice(0, 2) }, /proof has 2 hashes; leaf 5 of a tree of 8 needs exactly 3/],
  ];
  for (const [name, change, error] of [...tampering, ...cases]) {
    it(`${name} → not verified`, async () => {
      const result = await verifyInclusion({ ...base, ...change });
      expect(result.valid === false && result.error).toMatch(error);
    });
  }
});

describe("consistency proofs through WebCrypto", () => {
  for (const v of CONSISTENCY_VECTORS) {
    it(`RFC 6962: ${v.size1} → ${v.size2} leaves → verified`, async () => {
      expect(await verifyConsistency({ ...v, root1: rootOf(v.size1), root2: rootOf(v.size2), proof: v.proof.map(h) })).toEqual({ valid: true });
    });
  }
  const { base, cases } = consistencyRejections();
  for (const [name, change, error] of cases) {
    it(`${name} → not verified`, async () => {
      const result = await verifyConsistency({ ...base, ...change });
      expect(result.valid === false && result.error).toMatch(error);
    });
  }
  it("size1 0: the empty tree root e3b0c442… is computed with the given hash", async () => {
    const empty = h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(await verifyConsistency({ size1: 0, size2: 3, root1: empty, root2: rootOf(3), proof: [] })).toEqual({ valid: true });
    expect((await verifyConsistency({ size1: 0, size2: 3, root1: rootOf(1), root2: rootOf(3), proof: [] })).valid).toBe(false);
  });
});

describe("one implementation", () => {
  it("property: for random trees and tampered proofs, WebCrypto and node's hash give the same verdict and message", async () => {
    const tree = fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 40 }).map((d) => d.map((x, i) => nodeLeafHash(new Uint8Array([i, ...x]))));
    await fc.assert(
      fc.asyncProperty(tree, fc.nat(), fc.nat(), fc.nat(), fc.nat(31), fc.constantFrom("none", "flip", "drop", "extra", "index", "size"), async (leaves, rawIndex, at, other, byte, edit) => {
        const treeSize = leaves.length;
        const leafIndex = rawIndex % treeSize;
        const proof = inclusionProof(leaves, leafIndex, treeSize);
        const input: InclusionInput = { leafIndex, treeSize, leafHash: leaves[leafIndex]!, proof, root: rootFromLeafHashes(leaves) };
        if (edit === "flip" && proof.length > 0) {
          const p = [...proof];
          const i = at % p.length;
          const flipped = new Uint8Array(p[i]!);
          flipped[byte] = flipped[byte]! ^ 1;
          p[i] = flipped;
          input.proof = p;
        }
        if (edit === "drop" && proof.length > 0) input.proof = proof.filter((_, i) => i !== at % proof.length);
        if (edit === "extra") input.proof = [...proof, leaves[at % treeSize]!];
        if (edit === "index") input.leafIndex = other % (treeSize + 2);
        if (edit === "size") input.treeSize = other % (treeSize + 3);
        const sync = verifyInclusionSync(input);
        expect(await verifyInclusion(input)).toEqual(sync);
        if (edit === "none") expect(sync).toEqual({ valid: true });
      }),
      { numRuns: 200 },
    );
  });

  it("the browser's modules import nothing from node and use no Buffer", () => {
    for (const file of ["verify-proof.ts", "hex.ts", "entry-line.ts", "proof-json.ts", "verify-entry-proof.ts"]) {
      const text = readFileSync(new URL(`./${file}`, import.meta.url), "utf8");
      expect(text, file).not.toMatch(/from "node:|require\(|\bBuffer\./);
      for (const [, spec] of text.matchAll(/from "([^"]+)"/g)) expect(["zod", "./hex", "./verify-proof", "./entry-line", "./proof-json"], `${file} imports ${spec}`).toContain(spec);
    }
  });
});
