// Verification of the signed checkpoint feed: Ed25519 over the statement's bytes, through WebCrypto,
// so that the same code runs in a browser and in node (≥ 20). Isomorphic: no node modules.
import { fromHex } from "@/server/ledger/hex";
import type { FeedReceipt, ReceiptCheck } from "./receipts";

export async function verifyFeedSignature(statement: Uint8Array, receipt: FeedReceipt, expectedPublicKey?: string): Promise<ReceiptCheck> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return { ok: null, problem: "WebCrypto (crypto.subtle) is not available here" };
  if (expectedPublicKey !== undefined && receipt.publicKey !== expectedPublicKey.toLowerCase()) {
    return { ok: false, problem: `signed by key ${receipt.publicKey.slice(0, 16)}…, not by the expected feed key ${expectedPublicKey.slice(0, 16)}…` };
  }
  const key = await subtle.importKey("raw", fromHex(receipt.publicKey) as Uint8Array<ArrayBuffer>, { name: "Ed25519" }, false, ["verify"]);
  const valid = await subtle.verify("Ed25519", key, fromHex(receipt.signature) as Uint8Array<ArrayBuffer>, statement as Uint8Array<ArrayBuffer>);
  return valid ? { ok: true, detail: `Ed25519 signature by ${receipt.publicKey.slice(0, 16)}… is valid` } : { ok: false, problem: "the Ed25519 signature does not match the statement" };
}
