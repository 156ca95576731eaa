// Node-only: the Ed25519 seeds of the communities' log keys and of this instance's witness key,
// from a configured seed or derived from BETTER_AUTH_SECRET with HKDF-SHA256 under their own labels
// (like the feed key, server/anchors/feed-key.ts). Deriving means a fresh install signs with stable
// keys and no configuration; rotating the auth secret would change every key, so production sets
// DAJIE_LOG_KEY and DAJIE_WITNESS_KEY (docs/witnessing.md).
import { hkdfSync } from "node:crypto";
import { SIG_COSIGNATURE_V1, SIG_ED25519, signerFromSeed, type SignerKey } from "./c2sp/signed-note";

export interface KeyConfig {
  authSecret: string;
  appUrl: string;
  logKey?: string;
  witnessKey?: string;
  witnessName?: string;
}

function derive(ikm: string | Buffer, info: string): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", ikm, "dajie", info, 32));
}

/** The origin line of a community's log: its override, else APP_URL's host + "/c/" + slug. */
export function logOrigin(appUrl: string, community: { slug: string; logOrigin: string | null }): string {
  return community.logOrigin ?? `${new URL(appUrl).host}/c/${community.slug}`;
}

/**
 * The community's log signer: key name = origin, Ed25519 (0x01). One seed per community, derived
 * from the master seed and the community id (not the origin, so changing the origin keeps the key
 * material; the key ID still changes with the name).
 */
export function communityLogSigner(config: KeyConfig, community: { id: string; slug: string; logOrigin: string | null }): Promise<SignerKey> {
  const master = config.logKey ? Buffer.from(config.logKey, "hex") : config.authSecret;
  return signerFromSeed(logOrigin(config.appUrl, community), SIG_ED25519, derive(master, `dajie-log-key/1/${community.id}`));
}

/** This instance's witness: name DAJIE_WITNESS_NAME (default APP_URL's host), cosignature/v1 (0x04). */
export function witnessSigner(config: KeyConfig): Promise<SignerKey> {
  const seed = config.witnessKey ? new Uint8Array(Buffer.from(config.witnessKey, "hex")) : derive(config.authSecret, "dajie-witness-key/1");
  return signerFromSeed(config.witnessName ?? new URL(config.appUrl).host, SIG_COSIGNATURE_V1, seed);
}

export function keyConfigFromEnv(e: { BETTER_AUTH_SECRET: string; APP_URL: string; DAJIE_LOG_KEY?: string; DAJIE_WITNESS_KEY?: string; DAJIE_WITNESS_NAME?: string }): KeyConfig {
  return { authSecret: e.BETTER_AUTH_SECRET, appUrl: e.APP_URL, logKey: e.DAJIE_LOG_KEY, witnessKey: e.DAJIE_WITNESS_KEY, witnessName: e.DAJIE_WITNESS_NAME };
}
