// What "Verify my credit" does in the browser, for one entry: rebuild the canonical line from the
// fields shown, hash it (SHA-256 with 0x00, WebCrypto), and check the inclusion proof from that hash to
// the published checkpoint's root with the verifier the CLI uses. Isomorphic and pure; the hash is
// passed in. Returns the proof line as checked, for download and `dajie proof verify`.
import { entryLine, type EntryKind } from "./entry-line";
import { fromHex, toHex } from "./hex";
import { verifyProofLine, type InclusionProofJson } from "./proof-json";
import { leafHash, webCryptoSha256, type Sha256 } from "./verify-proof";

export interface ShownEntry {
  communityId: string;
  seq: string;
  runId: string;
  periodStart: string;
  periodEnd: string;
  kind: string;
  account: string;
  amountCents: string;
  energyMWh: string;
  reversesSeq: string | null;
  prevHash: string;
  line: string;
  proof: InclusionProofJson;
}

export interface PublishedCheckpoint {
  treeSize: string;
  root: string;
}

export type EntryVerdict = { verified: true; proofLine: string } | { verified: false; why: string; proofLine: string | null };

export async function verifyEntryProof(entry: ShownEntry, checkpoint: PublishedCheckpoint, sha256: Sha256 = webCryptoSha256): Promise<EntryVerdict> {
  let line: string;
  try {
    line = entryLine({
      communityId: entry.communityId,
      seq: BigInt(entry.seq),
      runId: entry.runId,
      periodStart: entry.periodStart,
      periodEnd: entry.periodEnd,
      kind: entry.kind as EntryKind,
      account: entry.account,
      amountCents: BigInt(entry.amountCents),
      energyMWh: BigInt(entry.energyMWh),
      reversesSeq: entry.reversesSeq === null ? null : BigInt(entry.reversesSeq),
      prevHash: fromHex(entry.prevHash),
    });
  } catch (err) {
    return { verified: false, why: `the entry's fields cannot be encoded: ${(err as Error).message}`, proofLine: null };
  }
  if (line !== entry.line) return { verified: false, why: "the entry's bytes from the server differ from the fields shown", proofLine: null };
  const leaf = toHex(await leafHash(new TextEncoder().encode(line), sha256));
  // The proof must lead to the published checkpoint, not to a root of the server's choosing.
  const proof: InclusionProofJson = { ...entry.proof, leafHash: leaf, treeSize: Number(checkpoint.treeSize), root: checkpoint.root };
  const proofLine = JSON.stringify(proof);
  if (entry.proof.leafIndex !== Number(BigInt(entry.seq) - 1n)) return { verified: false, why: `the proof is for leaf ${entry.proof.leafIndex}, not entry ${entry.seq}`, proofLine };
  const result = await verifyProofLine(proofLine, sha256);
  if (!result) return { verified: false, why: "empty proof", proofLine };
  return result.valid ? { verified: true, proofLine } : { verified: false, why: result.error, proofLine };
}
