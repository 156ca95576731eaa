// The browser's check of one entry, on a small ledger built with the real encoding: 5 entries, the
// resident's is #4 (index 3 of a tree of 5 → 3 proof hashes).
import { describe, expect, it } from "vitest";
import { chainPostings, ZERO_HASH } from "./entry-encoding";
import { toHex } from "./hex";
import { inclusionProof, rootFromLeafHashes } from "./merkle";
import { verifyEntryProof, type ShownEntry } from "./verify-entry-proof";

const run = { communityId: "5f0c6a2e-8d1b-4c3a-9e2f-1a2b3c4d5e6f", runId: "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a", periodStart: "2026-03-01", periodEnd: "2026-04-01" };
const entries = chainPostings(
  run,
  [
    { kind: "SHARED_ENERGY_DEBIT", account: "PC:M-AAAAAAAAAA", memberId: null, amountCents: -1234n, energyMWh: 112_181_818n, reversesSeq: null },
    { kind: "SHARED_ENERGY_DEBIT", account: "PC:M-BBBBBBBBBB", memberId: null, amountCents: -766n, energyMWh: 69_636_364n, reversesSeq: null },
    { kind: "SHARED_ENERGY_COLLECTED", account: "CC", memberId: null, amountCents: 2000n, energyMWh: 181_818_182n, reversesSeq: null },
    { kind: "SHARED_ENERGY_CREDIT", account: "PC:M-CCCCCCCCCC", memberId: null, amountCents: 2000n, energyMWh: 181_818_182n, reversesSeq: null },
    { kind: "SHARED_ENERGY_PAID", account: "CC", memberId: null, amountCents: -2000n, energyMWh: 181_818_182n, reversesSeq: null },
  ],
  0n,
  ZERO_HASH,
);
const hashes = entries.map((e) => e.hash);
const checkpoint = { treeSize: "5", root: toHex(rootFromLeafHashes(hashes)) };

function shown(k: number): ShownEntry {
  const e = entries[k]!;
  return {
    ...run,
    seq: e.seq.toString(),
    kind: e.kind,
    account: e.account,
    amountCents: e.amountCents.toString(),
    energyMWh: e.energyMWh.toString(),
    reversesSeq: null,
    prevHash: toHex(e.prevHash),
    line: new TextDecoder().decode(e.bytes),
    proof: { type: "inclusion", leafIndex: k, treeSize: 5, leafHash: toHex(e.hash), proof: inclusionProof(hashes, k, 5).map(toHex), root: checkpoint.root },
  };
}

describe("verifyEntryProof (the browser's check)", () => {
  it("entry #4 (+20.00 € to PC:M-CCCCCCCCCC) → verified, and the proof line is what `proof verify` reads", async () => {
    const v = await verifyEntryProof(shown(3), checkpoint);
    expect(v.verified).toBe(true);
    expect(JSON.parse(v.proofLine!)).toMatchObject({ type: "inclusion", leafIndex: 3, treeSize: 5, leafHash: toHex(entries[3]!.hash), root: checkpoint.root });
  });

  const cases: [string, (e: ShownEntry) => ShownEntry, RegExp][] = [
    ["an amount shown as 2100 instead of 2000", (e) => ({ ...e, amountCents: "2100" }), /bytes from the server differ/],
    ["an amount changed in both the fields and the line", (e) => ({ ...e, amountCents: "2100", line: e.line.replace("|2000|", "|2100|") }), /proof leads to root/],
    ["one proof hash changed", (e) => ({ ...e, proof: { ...e.proof, proof: [e.proof.proof[0]!.replace(/^./, (c) => (c === "0" ? "1" : "0")), ...e.proof.proof.slice(1)] } }), /proof leads to root/],
    ["a proof for another leaf", (e) => ({ ...e, proof: { ...e.proof, leafIndex: 2 } }), /proof is for leaf 2, not entry 4/],
    ["a missing proof hash", (e) => ({ ...e, proof: { ...e.proof, proof: e.proof.proof.slice(1) } }), /proof has 2 hashes; leaf 3 of a tree of 5 needs exactly 3/],
    ["an unknown kind", (e) => ({ ...e, kind: "GIFT" }), /cannot be encoded: unknown entry kind GIFT/],
  ];
  for (const [name, tamper, why] of cases) {
    it(`${name} → not verified`, async () => {
      const v = await verifyEntryProof(tamper(shown(3)), checkpoint);
      expect(v.verified === false && v.why).toMatch(why);
    });
  }

  it("a server root that is not the published checkpoint's is ignored: the published one decides", async () => {
    const e = shown(3);
    expect((await verifyEntryProof({ ...e, proof: { ...e.proof, root: "00".repeat(32) } }, checkpoint)).verified).toBe(true);
    const other = { treeSize: "5", root: toHex(rootFromLeafHashes(hashes.slice(0, 4).concat([hashes[0]!]))) };
    expect((await verifyEntryProof(e, other)).verified).toBe(false);
  });
});
