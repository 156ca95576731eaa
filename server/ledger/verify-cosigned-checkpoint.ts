// What "Verify my credit" checks before any inclusion proof: the community's published checkpoint is
// signed by the community's log key, cosigned by at least k of the community's published witnesses,
// and is the checkpoint the proofs lead to. Pure and isomorphic (the browser and node run it alike).
// A failure carries a reason code (for the page's own words) and the technical detail.
import { parseCheckpoint } from "./c2sp/checkpoint";
import { parseNote, parseVerifierKey, SIG_COSIGNATURE_V1, SIG_ED25519, type Note, type VerifierKey } from "./c2sp/signed-note";
import { toHex } from "./hex";

export interface PublishedWitness {
  /** The community's name for the witness (shown to the resident). */
  name: string;
  /** Its cosignature/v1 verifier key. */
  verifierKey: string;
}

export interface CheckpointPolicy {
  /** The community log's verifier key (Ed25519, type 0x01); its name is the log's origin. */
  logKey: string;
  witnesses: readonly PublishedWitness[];
  /** How many of the witnesses must have cosigned (k of n). */
  quorum: number;
}

export type CheckpointProblem =
  | "logKey" // the published log key is not a valid Ed25519 verifier key
  | "witnessKey" // a published witness key is not a valid cosignature/v1 key
  | "malformed" // the checkpoint is not a signed checkpoint note
  | "origin" // the checkpoint names another log than the key's
  | "unsigned" // no signature by the log key
  | "logSignature" // the log key's signature does not verify
  | "forgedCosignature" // a published witness's cosignature does not verify
  | "quorum" // fewer than k published witnesses cosigned
  | "mismatch"; // the checkpoint is not the one the proofs are checked against

export type CheckpointVerdict =
  | { ok: true; origin: string; treeSize: string; root: string; cosigners: string[]; witnesses: number; quorum: number }
  | { ok: false; problem: CheckpointProblem; detail: string; witness?: string; cosigners: string[]; witnesses: number; quorum: number };

/**
 * Checks `note` (the signed checkpoint with its cosignatures) against the published policy and the
 * tree size and root (hex) the proofs will be checked against. Cosigners are named by the policy's
 * witness names, in the policy's order.
 */
export async function verifyCosignedCheckpoint(note: string, policy: CheckpointPolicy, expected: { treeSize: string; root: string }): Promise<CheckpointVerdict> {
  const n = policy.witnesses.length;
  const cosigners: string[] = [];
  const fail = (problem: CheckpointProblem, detail: string, witness?: string): CheckpointVerdict => ({ ok: false, problem, detail, witness, cosigners, witnesses: n, quorum: policy.quorum });

  let logKey: VerifierKey;
  try {
    logKey = await parseVerifierKey(policy.logKey);
  } catch (e) {
    return fail("logKey", (e as Error).message);
  }
  if (logKey.type !== SIG_ED25519) return fail("logKey", "the log key is not an Ed25519 note key (type 0x01)");
  const witnessKeys: { name: string; key: VerifierKey }[] = [];
  for (const w of policy.witnesses) {
    try {
      const key = await parseVerifierKey(w.verifierKey);
      if (key.type !== SIG_COSIGNATURE_V1) return fail("witnessKey", "not a cosignature/v1 key (type 0x04)", w.name);
      witnessKeys.push({ name: w.name, key });
    } catch (e) {
      return fail("witnessKey", (e as Error).message, w.name);
    }
  }

  let parsed: Note;
  let checkpoint;
  try {
    parsed = parseNote(note);
    checkpoint = parseCheckpoint(parsed.text);
  } catch (e) {
    return fail("malformed", (e as Error).message);
  }
  if (checkpoint.origin !== logKey.name) return fail("origin", `the checkpoint's origin "${checkpoint.origin}" is not the log key's name "${logKey.name}"`);

  const text = new TextEncoder().encode(parsed.text);
  const signedBy = (key: VerifierKey) => parsed.signatures.filter((s) => s.name === key.name && s.keyId === key.keyId);
  const logSigs = signedBy(logKey);
  if (logSigs.length === 0) return fail("unsigned", "no signature by the log key");
  for (const s of logSigs) if (!(await logKey.verify(text, s.signature))) return fail("logSignature", "the log key's signature does not verify");

  for (const { name, key } of witnessKeys) {
    const sigs = signedBy(key);
    if (sigs.length === 0) continue;
    // Like signed-note verification: a known key's signature that does not verify rejects the note.
    for (const s of sigs) if (!(await key.verify(text, s.signature))) return fail("forgedCosignature", `the cosignature by ${key.name} does not verify`, name);
    cosigners.push(name);
  }
  if (cosigners.length < policy.quorum) return fail("quorum", `${cosigners.length} of ${n} witnesses cosigned; ${policy.quorum} needed`);

  const root = toHex(checkpoint.root);
  if (checkpoint.size.toString() !== expected.treeSize || root !== expected.root.toLowerCase())
    return fail("mismatch", `the checkpoint is of size ${checkpoint.size} with root ${root}; the proofs are for size ${expected.treeSize} with root ${expected.root}`);
  return { ok: true, origin: checkpoint.origin, treeSize: checkpoint.size.toString(), root, cosigners, witnesses: n, quorum: policy.quorum };
}
