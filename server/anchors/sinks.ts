// Which anchor sinks are on, and one verifier for any receipt. The signed feed is always on; the
// timestamp authority and the EVM chain are on when configured (server/env.ts, docs/anchors.md).
// Services take an AnchorSetup, so tests pass their local stand-ins instead of the environment.
import { readFileSync } from "node:fs";
import { env } from "@/server/env";
import { anchorOnEvm, verifyEvmReceipt, type EvmConfig } from "./evm-sink";
import { feedKeyFrom, type FeedKey } from "./feed-key";
import { signForFeed } from "./feed-sink";
import { verifyFeedSignature } from "./feed-signature";
import type { AnchorReceipt, ReceiptCheck, SinkName } from "./receipts";
import { statementBytes } from "./statement";
import { anchorWithTsa, verifyTsaReceipt, type TsaConfig } from "./tsa-sink";

export interface Sink {
  name: SinkName;
  anchor(statement: string): Promise<AnchorReceipt>;
}

/** What a verifier trusts: the TSA's trust anchor, a chain's RPC endpoint, the feed's public key. */
export interface VerifyContext {
  tsaTrustPem?: string;
  evm?: Pick<EvmConfig, "rpcUrl" | "chainId">;
  feedPublicKey?: string;
}

export interface AnchorSetup {
  sinks: Sink[];
  verify: VerifyContext;
}

export function anchorSetup(opts: { feedKey: FeedKey; tsa?: TsaConfig; evm?: EvmConfig }): AnchorSetup {
  const sinks: Sink[] = [{ name: "feed", anchor: async (s) => signForFeed(opts.feedKey, s) }];
  const { tsa, evm } = opts;
  if (tsa) sinks.push({ name: "tsa", anchor: (s) => anchorWithTsa(tsa, s) });
  if (evm) sinks.push({ name: "evm", anchor: (s) => anchorOnEvm(evm, s) });
  return { sinks, verify: { tsaTrustPem: tsa?.trustPem, evm: evm && { rpcUrl: evm.rpcUrl, chainId: evm.chainId }, feedPublicKey: opts.feedKey.publicKey } };
}

export function feedKeyFromEnv(): FeedKey {
  const e = env();
  return feedKeyFrom({ feedKey: e.DAJIE_FEED_KEY, authSecret: e.BETTER_AUTH_SECRET });
}

/** A TSA whose trust anchor cannot be read is left off (and said so): the other sinks and settlement go on. */
function tsaTrustPem(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    console.error(`[anchors] timestamp authority off: cannot read DAJIE_TSA_CA_FILE ${file}: ${(err as Error).message}`);
    return undefined;
  }
}

export function anchorSetupFromEnv(): AnchorSetup {
  const e = env();
  const trustPem = e.DAJIE_TSA_URL ? tsaTrustPem(e.DAJIE_TSA_CA_FILE!) : undefined;
  return anchorSetup({
    feedKey: feedKeyFromEnv(),
    tsa: e.DAJIE_TSA_URL && trustPem ? { url: e.DAJIE_TSA_URL, trustPem } : undefined,
    evm: e.DAJIE_EVM_RPC_URL ? { rpcUrl: e.DAJIE_EVM_RPC_URL, chainId: e.DAJIE_EVM_CHAIN_ID!, privateKey: e.DAJIE_EVM_PRIVATE_KEY, to: e.DAJIE_EVM_TO } : undefined,
  });
}

/** Checks one receipt against its statement. ok: null when this verifier lacks what it needs. */
export async function verifyReceipt(statement: string, receipt: AnchorReceipt, ctx: VerifyContext): Promise<ReceiptCheck> {
  switch (receipt.sink) {
    case "feed":
      return verifyFeedSignature(statementBytes(statement), receipt, ctx.feedPublicKey);
    case "tsa":
      return ctx.tsaTrustPem ? verifyTsaReceipt(statement, receipt, ctx.tsaTrustPem) : { ok: null, problem: "no TSA trust anchor given (DAJIE_TSA_CA_FILE or --tsa-ca FILE)" };
    case "evm":
      return ctx.evm ? verifyEvmReceipt(statement, receipt, ctx.evm) : { ok: null, problem: `no RPC endpoint given for chain ${receipt.chainId} (DAJIE_EVM_RPC_URL or --evm-rpc URL)` };
  }
}
