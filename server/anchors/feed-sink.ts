// The signed checkpoint feed as a sink: the receipt is Dajie's Ed25519 signature of the statement.
// Always on. Publishing happens at /c/<slug>/checkpoints(.json), which anyone can mirror.
import { statementBytes } from "./statement";
import type { FeedKey } from "./feed-key";
import type { FeedReceipt } from "./receipts";

export function signForFeed(key: FeedKey, statement: string): FeedReceipt {
  return { sink: "feed", publicKey: key.publicKey, signature: key.sign(statementBytes(statement)) };
}
