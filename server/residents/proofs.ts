// "Verify my credit": for each entry of the resident's PC account, its canonical line and an RFC 6962
// inclusion proof against the community's latest checkpoint. The browser rebuilds the line from the
// fields it shows, hashes it and checks the proof itself (server/ledger/verify-proof.ts); nothing
// here is trusted by that check except the published checkpoint.
import type { Tx } from "@/server/db/client";
import { entryLine, type EntryKind } from "@/server/ledger/entry-line";
import { toHex } from "@/server/ledger/hex";
import { inclusionProofs } from "@/server/ledger/merkle";
import type { ShownEntry } from "@/server/ledger/verify-entry-proof";
import type { OwnMember } from "./own-member";
import { dateToIso } from "@/server/shared/validation";


/** An entry as the browser checks it (ShownEntry), plus the hash stored in the database. */
export interface ProvenEntry extends ShownEntry {
  /** The hash as stored in the database; the proof's leafHash. */
  storedHash: string;
}

export interface MyProofs {
  community: { slug: string; name: string };
  checkpoint: { treeSize: string; root: string; createdAt: string; runId: string } | null;
  account: string;
  entries: ProvenEntry[];
}

export async function myProofs(db: Tx, member: OwnMember): Promise<MyProofs> {
  const account = `PC:${member.pseudonym}`;
  const community = { slug: member.community.slug, name: member.community.name };
  const cp = await db.ledgerCheckpoint.findFirst({ where: { communityId: member.communityId }, orderBy: { treeSize: "desc" } });
  if (!cp) return { community, checkpoint: null, account, entries: [] };
  const treeSize = cp.treeSize;
  const root = toHex(cp.root);
  const [mine, leaves] = await Promise.all([
    db.ledgerEntry.findMany({
      where: { communityId: member.communityId, account, seq: { lte: treeSize } },
      orderBy: { seq: "asc" },
      include: { run: { select: { periodStart: true, periodEnd: true } } },
    }),
    // Every leaf up to the checkpoint: the proof's siblings cover the whole tree (O(n) per request;
    // an incremental frontier per checkpoint would avoid it, see ADR 0004).
    db.$queryRaw<{ hash: Uint8Array }[]>`SELECT hash FROM ledger_entry WHERE community_id = ${member.communityId}::uuid AND seq <= ${treeSize} ORDER BY seq`,
  ]);
  const proofs = inclusionProofs(leaves.map((l) => new Uint8Array(l.hash)), mine.map((e) => Number(e.seq - 1n)), Number(treeSize));
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
  return { community, checkpoint: { treeSize: treeSize.toString(), root, createdAt: cp.createdAt.toISOString(), runId: cp.runId }, account, entries };
}
