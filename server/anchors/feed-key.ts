// The signed feed's Ed25519 key (node only). DAJIE_FEED_KEY (64 hex digits, the private seed) when
// set; otherwise derived from BETTER_AUTH_SECRET with HKDF-SHA256 under its own label, so that the
// demo and a fresh install sign with a stable key and no configuration. Rotating the auth secret then
// changes the feed key: production should set DAJIE_FEED_KEY (docs/anchors.md).
import { createPrivateKey, createPublicKey, hkdfSync, sign, type KeyObject } from "node:crypto";
import { toHex } from "@/server/ledger/hex";

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): SEQUENCE { 0, { id-Ed25519 }, OCTET STRING { OCTET STRING seed } }.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface FeedKey {
  publicKey: string;
  derived: boolean;
  sign(data: Uint8Array): string;
}

export function feedKeyFromSeed(seed: Uint8Array, derived = false): FeedKey {
  if (seed.length !== 32) throw new RangeError("an Ed25519 seed is 32 bytes");
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return { publicKey: toHex(new Uint8Array(spki.subarray(spki.length - 32))), derived, sign: (data) => toHex(new Uint8Array(sign(null, data, privateKey))) };
}

export function feedKeyFrom(config: { feedKey?: string; authSecret: string }): FeedKey {
  if (config.feedKey) return feedKeyFromSeed(Buffer.from(config.feedKey, "hex"));
  return feedKeyFromSeed(new Uint8Array(hkdfSync("sha256", config.authSecret, "dajie", "dajie-feed-key/1", 32)), true);
}
