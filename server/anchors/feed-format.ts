// The signed checkpoint feed (`dajie-checkpoint-feed/1`, served at /c/<slug>/checkpoints.json) and
// its verifier. Isomorphic and pure: zod, WebCrypto (Ed25519, SHA-256) and the shared RFC 9162
// verifier, so a mirror, a browser or the CLI checks a feed the same way.
//
// Checkpoints oldest first. Each carries its canonical statement, the Ed25519 signature of the
// statement by the feed key (null while not yet signed) and, from the second on, the RFC 6962
// consistency proof from the previous checkpoint: the new tree extends the old one, nothing in it
// was rewritten. A mirror that keeps an earlier copy can check that the feed only ever grows.
import { z } from "zod";
import { fromHex } from "@/server/ledger/hex";
import { verifyConsistency, type Sha256, webCryptoSha256 } from "@/server/ledger/verify-proof";
import { verifyFeedSignature } from "./feed-signature";
import { checkpointStatement, statementBytes, STATEMENT_FORMAT } from "./statement";

export const FEED_FORMAT = "dajie-checkpoint-feed/1";

const hex32 = z.string().regex(/^[0-9a-f]{64}$/);

export const checkpointFeed = z.object({
  format: z.literal(FEED_FORMAT),
  statementFormat: z.literal(STATEMENT_FORMAT),
  community: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  /** The key that signs this community's checkpoints now (64 hex digits, raw Ed25519). */
  publicKey: hex32,
  checkpoints: z.array(
    z.object({
      treeSize: z.string().regex(/^\d+$/),
      root: hex32,
      createdAt: z.string(),
      statement: z.string(),
      signature: z.object({ publicKey: hex32, signature: z.string().regex(/^[0-9a-f]{128}$/), signedAt: z.string() }).nullable(),
      consistency: z.object({ fromSize: z.string().regex(/^\d+$/), fromRoot: hex32, proof: z.array(hex32) }).nullable(),
    }),
  ),
});
export type CheckpointFeed = z.infer<typeof checkpointFeed>;

export type FeedVerdict = { ok: true; checkpoints: number; signed: number } | { ok: false; treeSize: string | null; problem: string };

/** Checks a feed: statements, signatures (by `publicKey` when given), and each consistency proof. */
export async function verifyCheckpointFeed(input: unknown, publicKey?: string, sha256: Sha256 = webCryptoSha256): Promise<FeedVerdict> {
  const parsed = checkpointFeed.safeParse(input);
  if (!parsed.success) return { ok: false, treeSize: null, problem: `not a ${FEED_FORMAT} document: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
  const feed = parsed.data;
  const key = publicKey?.toLowerCase() ?? feed.publicKey;
  let signed = 0;
  let previous: { treeSize: string; root: string } | null = null;
  for (const c of feed.checkpoints) {
    const fail = (problem: string): FeedVerdict => ({ ok: false, treeSize: c.treeSize, problem });
    if (c.statement !== checkpointStatement({ communityId: feed.community.id, treeSize: BigInt(c.treeSize), root: c.root })) return fail("the statement is not this checkpoint's");
    if (c.signature) {
      const check = await verifyFeedSignature(statementBytes(c.statement), { sink: "feed", publicKey: c.signature.publicKey, signature: c.signature.signature }, key);
      if (check.ok !== true) return fail(check.problem);
      signed++;
    }
    if (previous) {
      if (BigInt(c.treeSize) <= BigInt(previous.treeSize)) return fail(`checkpoints must grow: ${c.treeSize} follows ${previous.treeSize}`);
      if (!c.consistency || c.consistency.fromSize !== previous.treeSize || c.consistency.fromRoot !== previous.root) return fail(`no consistency proof from the previous checkpoint (size ${previous.treeSize})`);
      const result = await verifyConsistency({ size1: BigInt(previous.treeSize), size2: BigInt(c.treeSize), root1: fromHex(previous.root), root2: fromHex(c.root), proof: c.consistency.proof.map(fromHex) }, sha256);
      if (!result.valid) return fail(`consistency proof from size ${previous.treeSize} fails: ${result.error}`);
    } else if (c.consistency) return fail("the first checkpoint has no predecessor to be consistent with");
    previous = c;
  }
  return { ok: true, checkpoints: feed.checkpoints.length, signed };
}
