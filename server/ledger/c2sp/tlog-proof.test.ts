// The add-checkpoint request body (tlog-witness) and tlog-proof files: the spec's example request
// parses; a proof built from a 7-leaf tree verifies offline with a 1-of-1 witness quorum and fails
// for the wrong entry, a missing cosignature, a wrong log key or a forged inclusion path.
import { describe, expect, it } from "vitest";
import { inclusionProof, leafHash, rootFromLeafHashes } from "../merkle";
import { formatCheckpoint } from "./checkpoint";
import { cosignV1, formatNote, parseVerifierKey, SIG_COSIGNATURE_V1, SIG_ED25519, signerFromSeed, signNote } from "./signed-note";
import { formatTlogProof, parseTlogProof, verifyTlogProof } from "./tlog-proof";
import { formatAddCheckpoint, parseAddCheckpoint, parseTlogSize } from "./witness-request";

const SPEC_REQUEST = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;

describe("tlog-witness add-checkpoint body", () => {
  it("the spec's example: old 20852014, 4 proof hashes, the checkpoint with 2 signatures; formats back identically", () => {
    const r = parseAddCheckpoint(SPEC_REQUEST);
    if (!r.ok) throw new Error(r.problem);
    expect(r.value.oldSize).toBe(20852014n);
    expect(r.value.proof).toHaveLength(4);
    expect(r.value.checkpoint.startsWith("example.com/behind-the-sofa\n20852163\n")).toBe(true);
    expect(formatAddCheckpoint(r.value)).toBe(SPEC_REQUEST);
  });

  it("names the line of a malformed body", () => {
    expect(parseAddCheckpoint("old 01\n\nx")).toEqual({ ok: false, problem: 'line 1: "01" is not a tree size (decimal, no leading zeroes)' });
    expect(parseAddCheckpoint("new 1\n\nx")).toEqual({ ok: false, problem: "line 1: expected `old <size>`" });
    expect(parseAddCheckpoint("old 1\nAAAA\n\nx")).toEqual({ ok: false, problem: "line 2: not base64 of a 32-byte hash" });
    expect(parseAddCheckpoint("old 1\n")).toMatchObject({ ok: false, problem: expect.stringMatching(/^line 2/) });
    expect(parseAddCheckpoint("old 1\n\n")).toMatchObject({ ok: false, problem: expect.stringMatching(/checkpoint is missing/) });
    const h = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n";
    expect(parseAddCheckpoint(`old 1\n${h.repeat(63)}\nx`).ok).toBe(true);
    expect(parseAddCheckpoint(`old 1\n${h.repeat(64)}\nx`)).toEqual({ ok: false, problem: "line 65: more than 63 consistency proof lines" });
    expect([parseTlogSize("42\n"), parseTlogSize("42"), parseTlogSize("042\n")]).toEqual([42n, null, null]);
  });
});

describe("c2sp.org/tlog-proof@v1", () => {
  async function world() {
    const entries = Array.from({ length: 7 }, (_, i) => new TextEncoder().encode(`entry ${i}`));
    const leaves = entries.map(leafHash);
    const log = await signerFromSeed("dajie.example/c/sunny", SIG_ED25519, new Uint8Array(32).fill(1));
    const witness = await signerFromSeed("witness.example/w1", SIG_COSIGNATURE_V1, new Uint8Array(32).fill(2));
    const body = formatCheckpoint({ origin: log.name, size: 7n, root: rootFromLeafHashes(leaves), extensions: [] });
    const signed = await signNote(body, [log]);
    const cosigned = formatNote({ ...signed, signatures: [...signed.signatures, await cosignV1(witness, body, 1_700_000_000n)] });
    const proofFor = (i: number, checkpoint = cosigned) => formatTlogProof({ extra: entries[i]!, index: BigInt(i), proof: inclusionProof(leaves, i, 7), checkpoint });
    return { policy: { logKeys: [await parseVerifierKey(log.vkey)], witnessKeys: [await parseVerifierKey(witness.vkey)], quorum: 1 }, proofFor, signedOnly: formatNote(signed), log, witness };
  }

  it("entry 5 of 7 (3 path hashes) cosigned by 1 of 1 witness verifies, and the file round-trips", async () => {
    const w = await world();
    const text = w.proofFor(5);
    const parsed = parseTlogProof(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.value.proof).toHaveLength(3);
    expect(formatTlogProof(parsed.value)).toBe(text);
    expect(await verifyTlogProof(text, w.policy)).toMatchObject({ ok: true, index: 5n, cosigners: [expect.stringMatching(/^witness\.example\/w1\+/)] });
  });

  it("fails for another entry's bytes, a quorum of 1 without cosignature, a wrong log key, a forged path", async () => {
    const w = await world();
    const other = w.proofFor(5).replace(/^extra .*$/m, `extra ${btoa("entry 4")}`);
    expect(await verifyTlogProof(other, w.policy)).toMatchObject({ ok: false, problem: expect.stringMatching(/^the inclusion proof: proof leads to root/) });
    expect(await verifyTlogProof(w.proofFor(5, w.signedOnly), w.policy)).toEqual({ ok: false, problem: "0 of the known witnesses cosigned; the quorum is 1" });
    expect((await verifyTlogProof(w.proofFor(5, w.signedOnly), { ...w.policy, quorum: 0 })).ok).toBe(true);
    const stranger = await parseVerifierKey((await signerFromSeed("dajie.example/c/sunny", SIG_ED25519, new Uint8Array(32).fill(9))).vkey);
    expect(await verifyTlogProof(w.proofFor(5), { ...w.policy, logKeys: [stranger] })).toMatchObject({ ok: false, problem: expect.stringMatching(/no signature by a known key|not signed by the log key/) });
    const lines = w.proofFor(5).split("\n");
    lines[3] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    expect(await verifyTlogProof(lines.join("\n"), w.policy)).toMatchObject({ ok: false, problem: expect.stringMatching(/^the inclusion proof/) });
    expect(await verifyTlogProof(w.proofFor(5), { ...w.policy, quorum: 2 })).toEqual({ ok: false, problem: "a quorum of 2 cannot be met by 1 known witness(es)" });
  });
});

describe("tlog-policy export", () => {
  it("k of n: 0 → quorum none; 1 of 1 → the witness; 2 of 3 → a group with threshold 2; 3 of 3 → all", async () => {
    const { formatTlogPolicy } = await import("./tlog-policy");
    const w = (name: string) => ({ name, vkey: `${name}.example+00000000+BAAA`, url: `https://${name}.example/witness` });
    const log = { vkey: "dajie.example/c/sunny+00000000+AQAA" };
    expect(formatTlogPolicy({ log, witnesses: [w("a")], quorum: 0 }).endsWith("\nquorum none\n")).toBe(true);
    expect(formatTlogPolicy({ log, witnesses: [w("a")], quorum: 1 })).toBe("log dajie.example/c/sunny+00000000+AQAA\n\nwitness a a.example+00000000+BAAA https://a.example/witness\nquorum a\n");
    expect(formatTlogPolicy({ log, witnesses: [w("a"), w("b"), w("c")], quorum: 2 }).endsWith("group witnesses 2 a b c\nquorum witnesses\n")).toBe(true);
    expect(formatTlogPolicy({ log, witnesses: [w("a"), w("b"), w("c")], quorum: 3 }).endsWith("group witnesses all a b c\nquorum witnesses\n")).toBe(true);
    expect(() => formatTlogPolicy({ log, witnesses: [w("a")], quorum: 2 })).toThrow(/not between 0 and 1/);
    expect(() => formatTlogPolicy({ log, witnesses: [w("none")], quorum: 1 })).toThrow(/cannot name/);
  });
});
