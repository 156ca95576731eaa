// Every community ledger as a standard transparency log (C2SP): its checkpoint as a signed note by
// the community's log key (server/ledger/tlog-keys.ts) with the witnesses' stored cosignatures, the
// cosignatures' intake, and a tlog-proof for one entry. Services: take the db first.
import type { Tx } from "@/server/db/client";
import { dateToIso } from "@/server/shared/validation";
import { formatCheckpoint } from "./c2sp/checkpoint";
import { formatNote, keyIdHex, NoteError, parseNote, signNote, SIG_COSIGNATURE_V1, type NoteSignature, type SignerKey, type VerifierKey } from "./c2sp/signed-note";
import { formatTlogProof } from "./c2sp/tlog-proof";
import { encodeEntry, type EntryKind } from "./entry-encoding";
import { EMPTY_ROOT } from "./merkle";
import { storedInclusionProof } from "./tree-node-store";

export interface LogCommunity {
  id: string;
  slug: string;
  logOrigin: string | null;
}

/** The latest checkpoint's tree size and root, or the empty tree's (size 0) before the first run. */
async function latestCheckpoint(db: Tx, communityId: string): Promise<{ treeSize: bigint; root: Uint8Array }> {
  const cp = await db.ledgerCheckpoint.findFirst({ where: { communityId }, orderBy: { treeSize: "desc" }, select: { treeSize: true, root: true } });
  return cp ? { treeSize: cp.treeSize, root: new Uint8Array(cp.root) } : { treeSize: 0n, root: EMPTY_ROOT };
}

async function checkpointOfSize(db: Tx, communityId: string, treeSize: bigint): Promise<{ treeSize: bigint; root: Uint8Array }> {
  const cp = await db.ledgerCheckpoint.findUniqueOrThrow({ where: { communityId_treeSize: { communityId, treeSize } }, select: { treeSize: true, root: true } });
  return { treeSize: cp.treeSize, root: new Uint8Array(cp.root) };
}

/** The checkpoint's note text (origin = the log key's name). */
export function checkpointBody(signer: SignerKey, cp: { treeSize: bigint; root: Uint8Array }): string {
  return formatCheckpoint({ origin: signer.name, size: cp.treeSize, root: cp.root, extensions: [] });
}

async function storedCosignatures(db: Tx, communityId: string, treeSize: bigint): Promise<NoteSignature[]> {
  const rows = await db.checkpointCosignature.findMany({ where: { communityId, treeSize }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((r) => {
    const sig = new Uint8Array(72);
    new DataView(sig.buffer).setBigUint64(0, r.timestamp, false);
    sig.set(new Uint8Array(r.signature), 8);
    return { name: r.witnessName, keyId: Number(r.keyId), signature: sig };
  });
}

/**
 * The latest checkpoint (or the one of `treeSize`) as a signed note: the log's Ed25519 signature
 * (deterministic, so the same checkpoint always reads the same) followed by every cosignature
 * collected for it.
 */
export async function signedCheckpoint(db: Tx, community: LogCommunity, signer: SignerKey, treeSize?: bigint): Promise<{ treeSize: bigint; note: string }> {
  const cp = treeSize === undefined ? await latestCheckpoint(db, community.id) : await checkpointOfSize(db, community.id, treeSize);
  const signed = await signNote(checkpointBody(signer, cp), [signer]);
  const cosignatures = cp.treeSize > 0n ? await storedCosignatures(db, community.id, cp.treeSize) : [];
  return { treeSize: cp.treeSize, note: formatNote({ ...signed, signatures: [...signed.signatures, ...cosignatures] }) };
}

/**
 * Stores the cosignatures of a witness's add-checkpoint answer (note signature lines) for the
 * checkpoint of `treeSize`. Lines from keys not in `witnessKeys` are ignored; a known key's line
 * that does not verify throws (the witness misbehaves or the answer was altered). Returns how many
 * cosignatures verified and how many of those are new.
 */
export async function recordCosignatures(db: Tx, community: LogCommunity, signer: SignerKey, treeSize: bigint, answer: string, witnessKeys: readonly VerifierKey[]): Promise<{ verified: number; added: number }> {
  const cp = await db.ledgerCheckpoint.findUnique({ where: { communityId_treeSize: { communityId: community.id, treeSize } }, select: { treeSize: true, root: true } });
  if (!cp) throw new NoteError(`no checkpoint of size ${treeSize}`);
  const body = checkpointBody(signer, { treeSize: cp.treeSize, root: new Uint8Array(cp.root) });
  const note = parseNote(`${body}\n${answer}`);
  const text = new TextEncoder().encode(body);
  let added = 0;
  let verified = 0;
  for (const sig of note.signatures) {
    const key = witnessKeys.find((k) => k.name === sig.name && k.keyId === sig.keyId);
    if (!key) continue;
    if (key.type !== SIG_COSIGNATURE_V1) throw new NoteError(`${key.name} is not a cosignature/v1 key`);
    if (!(await key.verify(text, sig.signature))) throw new NoteError(`the cosignature by ${sig.name}+${keyIdHex(sig.keyId)} does not verify`);
    verified++;
    const timestamp = new DataView(sig.signature.buffer, sig.signature.byteOffset, 8).getBigUint64(0, false);
    const row = await db.checkpointCosignature.createMany({
      data: [{ communityId: community.id, treeSize, witnessName: sig.name, keyId: BigInt(sig.keyId), timestamp, signature: sig.signature.slice(8) }],
      skipDuplicates: true,
    });
    added += row.count;
  }
  return { verified, added };
}

/**
 * A c2sp.org/tlog-proof@v1 for entry `seq` against the latest (cosigned) checkpoint, or the one of `atSize`: index seq − 1,
 * the inclusion path, and the entry's canonical bytes as the extra data (leaf hash = SHA-256(0x00 ‖
 * extra) = the entry's hash). Null when the entry is not (yet) under a checkpoint.
 */
export async function entryTlogProof(db: Tx, community: LogCommunity, signer: SignerKey, seq: bigint, atSize?: bigint): Promise<string | null> {
  const { treeSize, note } = await signedCheckpoint(db, community, signer, atSize);
  if (seq < 1n || seq > treeSize) return null;
  const entry = await db.ledgerEntry.findUnique({ where: { communityId_seq: { communityId: community.id, seq } }, include: { run: { select: { periodStart: true, periodEnd: true } } } });
  if (!entry) return null;
  const bytes = encodeEntry({
    communityId: entry.communityId,
    seq: entry.seq,
    runId: entry.runId,
    periodStart: dateToIso(entry.run.periodStart),
    periodEnd: dateToIso(entry.run.periodEnd),
    kind: entry.kind as EntryKind,
    account: entry.account,
    amountCents: entry.amountCents,
    energyMWh: entry.energyMWh,
    reversesSeq: entry.reversesSeq,
    prevHash: new Uint8Array(entry.prevHash),
  });
  const proof = await storedInclusionProof(db, community.id, Number(seq - 1n), Number(treeSize));
  return formatTlogProof({ extra: bytes, index: seq - 1n, proof, checkpoint: note });
}
