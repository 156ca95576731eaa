// Builds a community's signed checkpoint feed (format in feed-format.ts) from the database: the
// checkpoints, the feed sink's stored signatures and a consistency proof between consecutive
// checkpoints, computed from the ledger's leaf hashes. Read-only.
import type { Tx } from "@/server/db/client";
import { consistencyProof, hex } from "@/server/ledger/merkle";
import { feedReceipt } from "./receipts";
import { FEED_FORMAT, type CheckpointFeed } from "./feed-format";
import { checkpointStatement, STATEMENT_FORMAT } from "./statement";

export async function buildCheckpointFeed(db: Tx, community: { id: string; slug: string; name: string }, publicKey: string): Promise<CheckpointFeed> {
  const checkpoints = await db.ledgerCheckpoint.findMany({ where: { communityId: community.id }, orderBy: { treeSize: "asc" }, select: { treeSize: true, root: true, createdAt: true } });
  const signatures = await db.anchor.findMany({ where: { communityId: community.id, sink: "feed", status: "ANCHORED" }, select: { treeSize: true, receipt: true, anchoredAt: true } });
  const bySize = new Map(signatures.map((s) => [s.treeSize, s]));
  const last = checkpoints.at(-1)?.treeSize ?? 0n;
  const leaves = checkpoints.length > 1 ? (await db.ledgerEntry.findMany({ where: { communityId: community.id, seq: { lte: last } }, orderBy: { seq: "asc" }, select: { hash: true } })).map((e) => new Uint8Array(e.hash)) : [];
  return {
    format: FEED_FORMAT,
    statementFormat: STATEMENT_FORMAT,
    community,
    publicKey,
    checkpoints: checkpoints.map((c, i) => {
      const root = hex(c.root);
      const s = bySize.get(c.treeSize);
      const receipt = s ? feedReceipt.parse(s.receipt) : null;
      const prev = i > 0 ? checkpoints[i - 1]! : null;
      return {
        treeSize: c.treeSize.toString(),
        root,
        createdAt: c.createdAt.toISOString(),
        statement: checkpointStatement({ communityId: community.id, treeSize: c.treeSize, root }),
        signature: receipt && s ? { publicKey: receipt.publicKey, signature: receipt.signature, signedAt: s.anchoredAt!.toISOString() } : null,
        consistency: prev ? { fromSize: prev.treeSize.toString(), fromRoot: hex(prev.root), proof: consistencyProof(leaves, Number(prev.treeSize), Number(c.treeSize)).map(hex) } : null,
      };
    }),
  };
}
