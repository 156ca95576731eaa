// Builds a community's signed checkpoint feed (format in feed-format.ts) from the database: the
// checkpoints, the feed sink's stored signatures and a consistency proof between consecutive
// checkpoints, built from the ledger's stored subtree hashes (tree-node-store.ts). Read-only.
import type { Tx } from "@/server/db/client";
import { hex } from "@/server/ledger/merkle";
import { storedConsistencyProofs } from "@/server/ledger/tree-node-store";
import { feedReceipt } from "./receipts";
import { FEED_FORMAT, type CheckpointFeed } from "./feed-format";
import { checkpointStatement, STATEMENT_FORMAT } from "./statement";

export async function buildCheckpointFeed(db: Tx, community: { id: string; slug: string; name: string }, publicKey: string): Promise<CheckpointFeed> {
  const checkpoints = await db.ledgerCheckpoint.findMany({ where: { communityId: community.id }, orderBy: { treeSize: "asc" }, select: { treeSize: true, root: true, createdAt: true } });
  const signatures = await db.anchor.findMany({ where: { communityId: community.id, sink: "feed", status: "ANCHORED" }, select: { treeSize: true, receipt: true, anchoredAt: true } });
  const bySize = new Map(signatures.map((s) => [s.treeSize, s]));
  // Every consecutive pair's proof from stored subtree hashes, read in one query (O(log n) rows a pair).
  const proofs = await storedConsistencyProofs(db, community.id, checkpoints.slice(1).map((c, i) => [Number(checkpoints[i]!.treeSize), Number(c.treeSize)] as const));
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
        consistency: prev ? { fromSize: prev.treeSize.toString(), fromRoot: hex(prev.root), proof: proofs[i - 1]!.map(hex) } : null,
      };
    }),
  };
}
