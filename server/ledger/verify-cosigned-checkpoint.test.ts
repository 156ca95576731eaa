// The checkpoint check of "Verify my credit": a checkpoint of size 7 signed by the log and cosigned
// by 2 of 2 witnesses verifies and names both; a flipped byte in one cosignature, a missing
// cosignature under a quorum of 2, another log's key, an origin other than the key's name, and a
// size or root other than the proofs' each fail with their own reason.
import { describe, expect, it } from "vitest";
import { formatCheckpoint } from "./c2sp/checkpoint";
import { cosignV1, formatNote, parseNote, SIG_COSIGNATURE_V1, SIG_ED25519, signerFromSeed, signNote } from "./c2sp/signed-note";
import { toHex } from "./hex";
import { verifyCosignedCheckpoint } from "./verify-cosigned-checkpoint";

const ROOT = new Uint8Array(32).map((_, i) => i * 7);

async function world() {
  const log = await signerFromSeed("dajie.example/c/solaria", SIG_ED25519, new Uint8Array(32).fill(1));
  const borgo = await signerFromSeed("borgo.example", SIG_COSIGNATURE_V1, new Uint8Array(32).fill(2));
  const helios = await signerFromSeed("helios.example", SIG_COSIGNATURE_V1, new Uint8Array(32).fill(3));
  const body = formatCheckpoint({ origin: log.name, size: 7n, root: ROOT, extensions: [] });
  const signed = await signNote(body, [log]);
  const cosigs = [await cosignV1(borgo, body, 1_700_000_000n), await cosignV1(helios, body, 1_700_000_060n)];
  const note = formatNote({ ...signed, signatures: [...signed.signatures, ...cosigs] });
  const policy = { logKey: log.vkey, witnesses: [{ name: "comune-di-borgo", verifierKey: borgo.vkey }, { name: "helios-esco", verifierKey: helios.vkey }], quorum: 2 };
  return { log, borgo, helios, body, signed, note, policy, expected: { treeSize: "7", root: toHex(ROOT) } };
}

describe("verifyCosignedCheckpoint", () => {
  it("log signature + 2 of 2 cosignatures, size 7 and the proofs' root: verified, both witnesses named", async () => {
    const w = await world();
    expect(await verifyCosignedCheckpoint(w.note, w.policy, w.expected)).toEqual({ ok: true, origin: w.log.name, treeSize: "7", root: toHex(ROOT), cosigners: ["comune-di-borgo", "helios-esco"], witnesses: 2, quorum: 2 });
  });

  it("one flipped byte in Helios's cosignature: forged, naming helios-esco, whatever the quorum", async () => {
    const w = await world();
    const parsed = parseNote(w.note);
    const sig = parsed.signatures[2]!.signature.slice();
    sig[20]! ^= 0x01;
    const forged = formatNote({ ...parsed, signatures: [parsed.signatures[0]!, parsed.signatures[1]!, { ...parsed.signatures[2]!, signature: sig }] });
    for (const quorum of [2, 1]) expect(await verifyCosignedCheckpoint(forged, { ...w.policy, quorum }, w.expected)).toMatchObject({ ok: false, problem: "forgedCosignature", witness: "helios-esco", cosigners: ["comune-di-borgo"] });
  });

  it("only Borgo cosigned: 1 of 2 fails a quorum of 2 and passes a quorum of 1", async () => {
    const w = await world();
    const parsed = parseNote(w.note);
    const one = formatNote({ ...parsed, signatures: parsed.signatures.slice(0, 2) });
    expect(await verifyCosignedCheckpoint(one, w.policy, w.expected)).toMatchObject({ ok: false, problem: "quorum", cosigners: ["comune-di-borgo"], witnesses: 2, quorum: 2 });
    expect(await verifyCosignedCheckpoint(one, { ...w.policy, quorum: 1 }, w.expected)).toMatchObject({ ok: true, cosigners: ["comune-di-borgo"] });
  });

  it("a cosignature by an unlisted key is ignored: 0 of 2 counted", async () => {
    const w = await world();
    const stranger = await signerFromSeed("stranger.example", SIG_COSIGNATURE_V1, new Uint8Array(32).fill(9));
    const note = formatNote({ ...w.signed, signatures: [...w.signed.signatures, await cosignV1(stranger, w.body, 1n)] });
    expect(await verifyCosignedCheckpoint(note, w.policy, w.expected)).toMatchObject({ ok: false, problem: "quorum", cosigners: [] });
  });

  it("signed by another key of the same name: unsigned; the right key id with a bad signature: logSignature", async () => {
    const w = await world();
    const other = await signerFromSeed(w.log.name, SIG_ED25519, new Uint8Array(32).fill(5));
    const byOther = formatNote(await signNote(w.body, [other]));
    expect(await verifyCosignedCheckpoint(byOther, w.policy, w.expected)).toMatchObject({ ok: false, problem: "unsigned" });
    const parsed = parseNote(w.note);
    const bad = { ...parsed.signatures[0]!, signature: parsed.signatures[0]!.signature.map((b, i) => (i === 0 ? b ^ 0xff : b)) };
    expect(await verifyCosignedCheckpoint(formatNote({ ...parsed, signatures: [bad, ...parsed.signatures.slice(1)] }), w.policy, w.expected)).toMatchObject({ ok: false, problem: "logSignature" });
  });

  it("another origin, another size (8), another root, a garbled note, a witness key of the wrong type", async () => {
    const w = await world();
    const elsewhere = await signerFromSeed("evil.example/c/solaria", SIG_ED25519, new Uint8Array(32).fill(1));
    expect(await verifyCosignedCheckpoint(w.note, { ...w.policy, logKey: elsewhere.vkey }, w.expected)).toMatchObject({ ok: false, problem: "origin" });
    expect(await verifyCosignedCheckpoint(w.note, w.policy, { treeSize: "8", root: toHex(ROOT) })).toMatchObject({ ok: false, problem: "mismatch" });
    expect(await verifyCosignedCheckpoint(w.note, w.policy, { treeSize: "7", root: "00".repeat(32) })).toMatchObject({ ok: false, problem: "mismatch" });
    expect(await verifyCosignedCheckpoint("not a note", w.policy, w.expected)).toMatchObject({ ok: false, problem: "malformed" });
    expect(await verifyCosignedCheckpoint(w.note, { ...w.policy, witnesses: [{ name: "x", verifierKey: w.log.vkey }] }, w.expected)).toMatchObject({ ok: false, problem: "witnessKey", witness: "x" });
    expect(await verifyCosignedCheckpoint(w.note, { ...w.policy, logKey: w.borgo.vkey }, w.expected)).toMatchObject({ ok: false, problem: "logKey" });
  });
});
