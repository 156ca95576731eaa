// A resident's entry as a c2sp.org/tlog-proof file (docs/witnessing.md): only entries of the
// member's own PC account; the proof carries the cosigned checkpoint, so it verifies offline with
// `dajie proof verify-tlog`.
import type { Tx } from "@/server/db/client";
import { entryTlogProof } from "@/server/ledger/tlog";
import { communityLogFromEnv } from "@/server/witness/http";
import type { OwnMember } from "./own-member";
import { witnessedCheckpoint } from "./proofs";

/** The proof text, or null when the entry is not the member's or not yet under a checkpoint. */
export async function myEntryTlogProof(db: Tx, member: OwnMember, seq: bigint): Promise<string | null> {
  const entry = await db.ledgerEntry.findUnique({ where: { communityId_seq: { communityId: member.communityId, seq } }, select: { account: true } });
  if (!entry || entry.account !== `PC:${member.pseudonym}`) return null;
  const community = await db.community.findUniqueOrThrow({ where: { id: member.communityId }, select: { id: true, slug: true, logOrigin: true, witnessQuorum: true, witnesses: { select: { name: true, verifierKey: true } } } });
  // The checkpoint "Verify my credit" checks against: the newest the quorum has cosigned.
  const cp = await witnessedCheckpoint(db, community.id, community.witnesses, community.witnessQuorum);
  return entryTlogProof(db, community, await communityLogFromEnv(community), seq, cp?.treeSize);
}
