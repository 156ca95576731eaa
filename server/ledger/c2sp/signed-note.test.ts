// Signed notes, checkpoints and cosignatures against the specifications' own vectors and published
// ones: c2sp.org/signed-note's example, golang.org/x/mod/sumdb/note's PeterNeumann known-answer
// vector (deterministic Ed25519: signing must reproduce the published note byte for byte), the
// verifier keys of transparency-dev/formats' tests, and a real CT log checkpoint cosigned by the
// public witness remora.n621.de (cosignature/v1, type 0x04).
import { describe, expect, it } from "vitest";
import { parseCheckpoint, formatCheckpoint } from "./checkpoint";
import {
  cosignV1,
  cosignatureTimestamp,
  formatNote,
  formatSignerKey,
  keyIdHex,
  NoteError,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  SIG_COSIGNATURE_V1,
  SIG_ED25519,
  signerFromSeed,
  signNote,
  verifyNote,
} from "./signed-note";

const SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
const SPEC_NOTE = "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

const PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE = `${PETER_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

const REMORA_VKEY = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";
const ARCHE_VKEY = "arche2025h1.staging.ct.transparency.dev+ba2f06c0+AU0vHmlGCS/PdN8b2OaGmKprLI8HKM+dJ472xgFYh15f";
const ARCHE_CHECKPOINT = `arche2025h1.staging.ct.transparency.dev
1432088532
U7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=

— arche2025h1.staging.ct.transparency.dev zTM8sQAAAZ5W0WdjBAMARjBEAiBjW5IQf9pvsYLfQFX6hoGREPMHbdQ3urbllzalApkptQIgIpwtEroeW2BXaHAI4kJXFbon5Ch9MNL5zRNZ55lvGt0=
— arche2025h1.staging.ct.transparency.dev ui8GwCF1+kWqZrxGdhj4aX3gcw7XUlXQQabg/27lefwhUkzbC3NygNI75MdhL1bfTW9g8Ei59RA23oHP7Ry1k3ZFWwQ=
— transparency.dev/DEV:witness-little-garden 2AQqhwAAAABqEiEgzgFIqqhbUoDwjMWE6UP8nd8/KYTzwZ2rhIgcqoXHAwVkjZr4AscylP3v7sEodkRAErumC2q44vdgJY096st5BQ==
— witness1.smartit.nu/witness1 pIyCDwAAAABqEiEghIp82KWebrw7/oHQwlTAm3g2RKS4+eebl8eO0WH+/iEcxZ75W3u5hNI7TOQtmJbqmNWVuE0tgh0XwzdZsDsUAQ==
— remora.n621.de 2net5wAAAABqEiEgPlfF3V06o0Y+fHM+J5J9s27wgxxcOVSpZ/2g/KSiXCg9DEZI+aVCIobWX9sXTynk5XeU/zZ0WBxtqB0DrAWfBw==
— witness.stagemole.eu Z/euoAAAAABqEiEgw0i+7g2ENfDAWHmtRzCfKTHSDwYDJA2NmKeGi9Y8FtEyOUvVr+AJmIY/2TUFucgKi7lI7cUiOvKFYe/TmN9DAg==
`;

describe("signed-note@v1.0.0", () => {
  it("the spec's example note verifies under the spec's example verifier key (id 530d903a)", async () => {
    const v = await parseVerifierKey(SPEC_VKEY);
    expect(keyIdHex(v.keyId)).toBe("530d903a");
    const note = await verifyNote(SPEC_NOTE, [v]);
    expect(note.text).toBe("This is an example message.\n");
    expect(note.verified.map((s) => s.name)).toEqual(["example.com/foo"]);
  });

  it("key ids = SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4]: 7997405c (TEST, 0x01, '+' inside the base64), da77ade7 (remora, 0x04), c74f20a3", async () => {
    const test = await parseVerifierKey("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6");
    expect([test.name, keyIdHex(test.keyId), test.type]).toEqual(["TEST", "7997405c", SIG_ED25519]);
    const remora = await parseVerifierKey(REMORA_VKEY);
    expect([remora.name, keyIdHex(remora.keyId), remora.type]).toEqual(["remora.n621.de", "da77ade7", SIG_COSIGNATURE_V1]);
    expect(keyIdHex((await parseVerifierKey(PETER_VKEY)).keyId)).toBe("c74f20a3");
  });

  it("refuses verifier keys whose id does not derive from name and key, or of an unknown type", async () => {
    await expect(parseVerifierKey("example.com/foo+00000000+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")).rejects.toThrow(/expected 530d903a/);
    await expect(parseVerifierKey("rekor.sigstore.dev+12345678+AwEB")).rejects.toThrow(NoteError);
    await expect(parseVerifierKey("bananas.sigstore.dev+12344556")).rejects.toThrow(/name\+keyid\+base64key/);
    await expect(parseVerifierKey("rekor.sigstore.dev+12345678+THIS_IS_NOT_BASE64!")).rejects.toThrow(NoteError);
  });

  it("signing PeterNeumann's text with PeterNeumann's signer key reproduces the published note byte for byte", async () => {
    const signer = await parseSignerKey(PETER_SKEY);
    expect(signer.vkey).toBe(PETER_VKEY);
    expect(formatNote(await signNote(PETER_TEXT, [signer]))).toBe(PETER_NOTE);
    expect(await formatSignerKey("PeterNeumann", SIG_ED25519, new Uint8Array(signer.publicKey.length).fill(0))).toMatch(/^PRIVATE\+KEY\+PeterNeumann\+[0-9a-f]{8}\+AQAAAAAA/);
  });

  it("an unknown key's signature is ignored; a known key's bad signature rejects the whole note", async () => {
    const peter = await parseVerifierKey(PETER_VKEY);
    const spec = await parseVerifierKey(SPEC_VKEY);
    // A second signature by a key the verifier does not know: ignored.
    const withUnknown = PETER_NOTE + "— someone.else/key AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    expect((await verifyNote(withUnknown, [peter])).verified.map((s) => s.name)).toEqual(["PeterNeumann"]);
    // Same name, different key id: still unknown, ignored.
    const sameName = PETER_NOTE + "— PeterNeumann AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    expect((await verifyNote(sameName, [peter])).verified).toHaveLength(1);
    // The tampered text: the known key's signature fails → the note is rejected.
    await expect(verifyNote(PETER_NOTE.replace("cryptography", "cryptographY"), [peter])).rejects.toThrow(/does not verify/);
    // A known key's bad signature next to a good one still rejects.
    const forged = PETER_NOTE + "— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    await expect(verifyNote(forged, [peter, spec])).rejects.toThrow(/example\.com\/foo\+530d903a does not verify/);
    // No known key at all: rejected.
    await expect(verifyNote(PETER_NOTE, [spec])).rejects.toThrow(/no signature by a known key/);
  });

  it("parses the format strictly: final newline, blank line, em dash lines, no control characters", () => {
    expect(() => parseNote(SPEC_NOTE.slice(0, -1))).toThrow(/newline/);
    expect(() => parseNote("text\n— a AAAAAAA=\n")).toThrow(/blank line/);
    expect(() => parseNote("text\n\n- a AAAAAAAA\n")).toThrow(/does not start with/);
    expect(() => parseNote("te\txt\n\n— a AAAAAAAA\n")).toThrow(/control character/);
    expect(() => parseNote(new Uint8Array([0x61, 0xff, 0x0a, 0x0a]))).toThrow(/UTF-8/);
    expect(() => parseNote("text\n\n— a+b AAAAAAAA\n")).toThrow(/key name/);
    // Empty lines inside the text: the last blank line separates text and signatures.
    const n = parseNote("a\n\nb\n\n— k AAAAAAAA\n");
    expect(n.text).toBe("a\n\nb\n");
    expect(formatNote(n)).toBe("a\n\nb\n\n— k AAAAAAAA\n");
  });
});

describe("tlog-checkpoint@v1.0.0 and tlog-cosignature@v1.0.1", () => {
  it("a real checkpoint: the log's Ed25519 signature and remora's cosignature/v1 verify; the 0x05 and other witnesses' lines are ignored", async () => {
    const remora = await parseVerifierKey(REMORA_VKEY);
    const log = await parseVerifierKey(ARCHE_VKEY);
    const note = await verifyNote(ARCHE_CHECKPOINT, [log, remora]);
    expect(note.verified.map((s) => s.name)).toEqual(["arche2025h1.staging.ct.transparency.dev", "remora.n621.de"]);
    expect(cosignatureTimestamp(note.verified[1]!)).toBe(0x6a122120n);
    const cp = parseCheckpoint(note.text);
    expect([cp.origin, cp.size, cp.extensions]).toEqual(["arche2025h1.staging.ct.transparency.dev", 1432088532n, []]);
    expect(formatCheckpoint(cp)).toBe(note.text);
    // The same cosignature over size 42 does not verify.
    await expect(verifyNote(ARCHE_CHECKPOINT.replace("1432088532", "42"), [remora])).rejects.toThrow(/remora\.n621\.de\+da77ade7 does not verify/);
  });

  it("cosignV1 signs 'cosignature/v1\\ntime T\\n' ‖ body with a 72-byte timestamped signature that verifies with the 0x04 vkey", async () => {
    const w = await signerFromSeed("witness.example/w1", SIG_COSIGNATURE_V1, new Uint8Array(32).fill(7));
    const body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    const sig = await cosignV1(w, body, 1679315147n);
    expect(sig.signature).toHaveLength(72);
    expect(cosignatureTimestamp(sig)).toBe(1679315147n);
    const vkey = await parseVerifierKey(w.vkey);
    expect((await verifyNote({ text: body, signatures: [sig] }, [vkey])).verified).toHaveLength(1);
    // The timestamp is covered: change it and the signature fails.
    const moved = { ...sig, signature: sig.signature.slice() };
    moved.signature[7] = moved.signature[7]! ^ 1;
    await expect(verifyNote({ text: body, signatures: [moved] }, [vkey])).rejects.toThrow(/does not verify/);
    // An Ed25519 (0x01) key of the same seed and name has another key id: the cosignature is unknown to it.
    const plain = await parseVerifierKey((await signerFromSeed("witness.example/w1", SIG_ED25519, new Uint8Array(32).fill(7))).vkey);
    expect(plain.keyId).not.toBe(vkey.keyId);
    await expect(verifyNote({ text: body, signatures: [sig] }, [plain])).rejects.toThrow(/no signature by a known key/);
  });

  it("checkpoint text: three lines minimum, size without leading zeroes, 32-byte base64 root, non-empty extensions", () => {
    const root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
    expect(parseCheckpoint(`o\n0\n${root}\n`).size).toBe(0n);
    expect(parseCheckpoint(`o\n18446744073709551615\n${root}\next\n`).extensions).toEqual(["ext"]);
    expect(() => parseCheckpoint(`o\n18446744073709551616\n${root}\n`)).toThrow(/tree size/);
    expect(() => parseCheckpoint(`o\n012\n${root}\n`)).toThrow(/leading zeroes/);
    expect(() => parseCheckpoint(`o\n12\nAAAA\n`)).toThrow(/32 bytes/);
    expect(() => parseCheckpoint(`o\n12\n`)).toThrow(/three lines/);
    expect(() => parseCheckpoint(`\n12\n${root}\n`)).toThrow(/origin/);
  });
});
