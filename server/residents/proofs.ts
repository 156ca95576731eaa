// "Verify my credit": for each entry of the resident's PC account, its canonical line and an RFC 6962
// inclusion proof against the community's checkpoint, with that checkpoint as a signed note (the
// log's signature and the witnesses' cosignatures) and the community's published log key, witnesses
// and quorum. The browser checks the note (server/ledger/verify-cosigned-checkpoint.ts), rebuilds
// each line from the fields it shows, hashes it and checks the proof itself; nothing here is trusted
// by that check but the published keys.
//
// The checkpoint is the newest one that the quorum of listed witnesses has cosigned (the newest of
// all when the quorum is 0 or none has it yet): right after a finalize the cosignatures are still on
// their way, and the resident's newer entries are counted as pending rather than failed.
import type { Tx } from "@/server/db/client";
import { entryLine, type EntryKind } from "@/server/ledger/entry-line";
import { toHex } from "@/server/ledger/hex";
import { storedInclusionProofs } from "@/server/ledger/tree-node-store";
import type { ShownEntry } from "@/server/ledger/verify-entry-proof";
import type { OwnMember } from "./own-member";
import { dateToIso } from "@/server/shared/validation";
import { parseVerifierKey } from "@/server/ledger/c2sp/signed-note";
import { signedCheckpoint } from "@/server/ledger/tlog";
import { communityLogFromEnv } from "@/server/witness/http";
import type { PublishedWitness } from "@/server/ledger/verify-cosigned-checkpoint";


/** An entry as the browser checks it (ShownEntry), plus the hash stored in the database. */
export interface ProvenEntry extends ShownEntry {
  /** The hash as stored in the database; the proof's leafHash. */
  storedHash: string;
}

export interface MyProofs {
  community: { slug: string; name: string };
  /** `note`: the checkpoint as a signed note with its cosignatures (c2sp tlog-checkpoint). */
  checkpoint: { treeSize: string; root: string; createdAt: string; runId: string; note: string } | null;
  /** What the browser checks the note against: the log's verifier key, the listed witnesses, k. */
  policy: { logKey: string; witnesses: PublishedWitness[]; quorum: number };
  account: string;
  entries: ProvenEntry[];
  /** The account's entries after the checkpoint (not yet cosigned by the quorum). */
  pending: number;
}

/** The newest checkpoint cosigned by `quorum` of the listed witnesses; the newest of all when none is (or quorum is 0). */
export async function witnessedCheckpoint(db: Tx, communityId: string, witnesses: readonly PublishedWitness[], quorum: number) {
  const newest = () => db.ledgerCheckpoint.findFirst({ where: { communityId }, orderBy: { treeSize: "desc" } });
  if (quorum === 0) return newest();
  const keys = [];
  for (const w of witnesses) {
    try {
      keys.push(await parseVerifierKey(w.verifierKey));
    } catch {
      // a key that does not parse cosigns nothing; the browser says so
    }
  }
  if (keys.length === 0) return newest();
  const cosigned = await db.checkpointCosignature.findMany({
    where: { communityId, OR: keys.map((k) => ({ witnessName: k.name, keyId: BigInt(k.keyId) })) },
    select: { treeSize: true, witnessName: true, keyId: true },
    orderBy: { treeSize: "desc" },
  });
  const bySize = new Map<bigint, Set<string>>();
  for (const c of cosigned) bySize.set(c.treeSize, (bySize.get(c.treeSize) ?? new Set()).add(`${c.witnessName}+${c.keyId}`));
  const size = [...bySize].find(([, who]) => who.size >= quorum)?.[0];
  return size === undefined ? newest() : db.ledgerCheckpoint.findUnique({ where: { communityId_treeSize: { communityId, treeSize: size } } });
}

export async function myProofs(db: Tx, member: OwnMember): Promise<MyProofs> {
  const account = `PC:${member.pseudonym}`;
  const community = { slug: member.community.slug, name: member.community.name };
  const c = await db.community.findUniqueOrThrow({ where: { id: member.communityId }, select: { id: true, slug: true, logOrigin: true, witnessQuorum: true, witnesses: { orderBy: { name: "asc" }, select: { name: true, verifierKey: true } } } });
  const log = await communityLogFromEnv(c);
  const policy = { logKey: log.vkey, witnesses: c.witnesses, quorum: c.witnessQuorum };
  const cp = await witnessedCheckpoint(db, member.communityId, c.witnesses, c.witnessQuorum);
  if (!cp) return { community, checkpoint: null, policy, account, entries: [], pending: 0 };
  const treeSize = cp.treeSize;
  const root = toHex(cp.root);
  const mine = await db.ledgerEntry.findMany({
    where: { communityId: member.communityId, account, seq: { lte: treeSize } },
    orderBy: { seq: "asc" },
    include: { run: { select: { periodStart: true, periodEnd: true } } },
  });
  // The siblings come from stored subtree hashes: O(log n) rows per entry, not every leaf.
  const proofs = await storedInclusionProofs(db, member.communityId, mine.map((e) => Number(e.seq - 1n)), Number(treeSize));
  const entries = mine.map((e, k): ProvenEntry => {
    const fields = {
      communityId: e.communityId,
      seq: e.seq,
      runId: e.runId,
      periodStart: dateToIso(e.run.periodStart),
      periodEnd: dateToIso(e.run.periodEnd),
      kind: e.kind as EntryKind,
      account: e.account,
      amountCents: e.amountCents,
      energyMWh: e.energyMWh,
      reversesSeq: e.reversesSeq,
      prevHash: new Uint8Array(e.prevHash),
    };
    const storedHash = toHex(new Uint8Array(e.hash));
    return {
      ...fields,
      seq: e.seq.toString(),
      amountCents: e.amountCents.toString(),
      energyMWh: e.energyMWh.toString(),
      reversesSeq: e.reversesSeq?.toString() ?? null,
      prevHash: toHex(fields.prevHash),
      line: entryLine(fields),
      storedHash,
      proof: { type: "inclusion", leafIndex: Number(e.seq - 1n), treeSize: Number(treeSize), leafHash: storedHash, proof: proofs[k]!.map(toHex), root },
    };
  });
  const [{ note }, pending] = await Promise.all([signedCheckpoint(db, c, log, treeSize), db.ledgerEntry.count({ where: { communityId: member.communityId, account, seq: { gt: treeSize } } })]);
  return { community, checkpoint: { treeSize: treeSize.toString(), root, createdAt: cp.createdAt.toISOString(), runId: cp.runId, note }, policy, account, entries, pending };
}
