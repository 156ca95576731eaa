// Offline-verifiable proofs of logging (c2sp.org/tlog-proof@v1): header, optional `extra <base64>`,
// `index N`, the inclusion proof (base64 hashes), an empty line, then the (cosigned) checkpoint.
// For a Dajie ledger entry the extra data is the entry's canonical bytes, so the leaf hash is
// SHA-256(0x00 ‖ extra) (docs/witnessing.md). Pure and isomorphic.
import { type Sha256, leafHash, verifyInclusion, webCryptoSha256 } from "../verify-proof";
import { fromBase64, toBase64 } from "./base64";
import { type Checkpoint, parseCheckpoint, parseDecimal } from "./checkpoint";
import { type NoteSignature, type VerifierKey, parseNote, verifyNote, keyIdHex, SIG_COSIGNATURE_V1, SIG_ED25519 } from "./signed-note";

export const TLOG_PROOF_HEADER = "c2sp.org/tlog-proof@v1";

export interface TlogProof {
  extra: Uint8Array | null;
  index: bigint;
  proof: Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  checkpoint: string;
}

export type ProofParse = { ok: true; value: TlogProof } | { ok: false; problem: string };

export function parseTlogProof(text: string): ProofParse {
  const fail = (problem: string): ProofParse => ({ ok: false, problem });
  const lines: string[] = [];
  let pos = 0;
  // Read lines up to the empty one; the rest is the checkpoint note.
  for (;;) {
    const end = text.indexOf("\n", pos);
    if (end < 0) return fail(`line ${lines.length + 1}: missing the empty line before the checkpoint`);
    const line = text.slice(pos, end);
    pos = end + 1;
    if (line === "") break;
    lines.push(line);
  }
  if (lines[0] !== TLOG_PROOF_HEADER) return fail(`line 1: expected "${TLOG_PROOF_HEADER}"`);
  let i = 1;
  let extra: Uint8Array | null = null;
  if (lines[i]?.startsWith("extra ")) {
    extra = fromBase64(lines[i]!.slice(6));
    if (!extra) return fail(`line ${i + 1}: the extra data is not base64`);
    i++;
  }
  if (!lines[i]?.startsWith("index ")) return fail(`line ${i + 1}: expected "index N"`);
  const index = parseDecimal(lines[i]!.slice(6));
  if (index === null) return fail(`line ${i + 1}: the index is not a decimal without leading zeroes`);
  i++;
  const proof: Uint8Array[] = [];
  for (; i < lines.length; i++) {
    const h = fromBase64(lines[i]!);
    if (!h || h.length !== 32) return fail(`line ${i + 1}: not base64 of a 32-byte hash`);
    proof.push(h);
  }
  const checkpoint = text.slice(pos);
  if (checkpoint.length === 0) return fail("the checkpoint is missing");
  return { ok: true, value: { extra, index, proof, checkpoint } };
}

export function formatTlogProof(p: TlogProof): string {
  const head = [TLOG_PROOF_HEADER, ...(p.extra ? [`extra ${toBase64(p.extra)}`] : []), `index ${p.index.toString()}`, ...p.proof.map(toBase64)];
  return `${head.join("\n")}\n\n${p.checkpoint}`;
}

export interface TlogProofPolicy {
  /** The log's key(s), type 0x01. The checkpoint's origin must be the name of the key that signed it. */
  logKeys: readonly VerifierKey[];
  /** Known witnesses' keys, type 0x04 (cosignature/v1). */
  witnessKeys: readonly VerifierKey[];
  /** How many distinct known witnesses must have cosigned (k of n). */
  quorum: number;
}

export type TlogProofVerdict =
  | { ok: true; checkpoint: Checkpoint; index: bigint; extra: Uint8Array | null; log: string; cosigners: string[] }
  | { ok: false; problem: string };

/**
 * tlog-proof §Verifying: (1) leaf hash = SHA-256(0x00 ‖ extra) unless `leaf` is given, (2) the
 * checkpoint signed by a log key for its origin, (3) at least `quorum` known witnesses cosigned,
 * (4) the inclusion proof binds the leaf to the checkpoint's root.
 */
export async function verifyTlogProof(text: string, policy: TlogProofPolicy, leaf?: Uint8Array, sha256: Sha256 = webCryptoSha256): Promise<TlogProofVerdict> {
  const fail = (problem: string): TlogProofVerdict => ({ ok: false, problem });
  if (policy.logKeys.some((k) => k.type !== SIG_ED25519)) return fail("a log key must be an Ed25519 note key (type 0x01)");
  if (policy.witnessKeys.some((k) => k.type !== SIG_COSIGNATURE_V1)) return fail("a witness key must be a cosignature/v1 key (type 0x04)");
  if (!Number.isInteger(policy.quorum) || policy.quorum < 0) return fail("the quorum must be a whole number ≥ 0");
  if (policy.quorum > policy.witnessKeys.length) return fail(`a quorum of ${policy.quorum} cannot be met by ${policy.witnessKeys.length} known witness(es)`);
  const parsed = parseTlogProof(text);
  if (!parsed.ok) return fail(`not a tlog-proof: ${parsed.problem}`);
  const p = parsed.value;
  let checkpoint: Checkpoint;
  let verified: NoteSignature[];
  try {
    const note = parseNote(p.checkpoint);
    checkpoint = parseCheckpoint(note.text);
    verified = (await verifyNote(note, [...policy.logKeys, ...policy.witnessKeys])).verified;
  } catch (e) {
    return fail(`the checkpoint: ${(e as Error).message}`);
  }
  const log = verified.find((s) => policy.logKeys.some((k) => k.name === s.name && k.keyId === s.keyId));
  if (!log) return fail("the checkpoint is not signed by the log key");
  if (log.name !== checkpoint.origin) return fail(`the checkpoint's origin "${checkpoint.origin}" is not the log key's name "${log.name}"`);
  const cosigners = verified.filter((s) => policy.witnessKeys.some((k) => k.name === s.name && k.keyId === s.keyId)).map((s) => `${s.name}+${keyIdHex(s.keyId)}`);
  if (cosigners.length < policy.quorum) return fail(`${cosigners.length} of the known witnesses cosigned; the quorum is ${policy.quorum}`);
  let leafH = leaf;
  if (!leafH) {
    if (!p.extra) return fail("no extra data to compute the leaf hash from");
    leafH = await leafHash(p.extra, sha256);
  }
  const inclusion = await verifyInclusion({ leafIndex: p.index, treeSize: checkpoint.size, leafHash: leafH, proof: p.proof, root: checkpoint.root }, sha256);
  if (!inclusion.valid) return fail(`the inclusion proof: ${inclusion.error}`);
  return { ok: true, checkpoint, index: p.index, extra: p.extra, log: `${log.name}+${keyIdHex(log.keyId)}`, cosigners };
}
