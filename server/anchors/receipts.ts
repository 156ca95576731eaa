// What each anchor sink gives back, as stored in anchor.receipt and published in the export and the
// feed. Pure (zod only). Hex is lowercase; numbers that can exceed 2^53 are strings.
import { z } from "zod";

export const SINKS = ["tsa", "evm", "feed"] as const;
export type SinkName = (typeof SINKS)[number];

const hex = (bytes?: number) => z.string().regex(bytes ? new RegExp(`^[0-9a-f]{${bytes * 2}}$`) : /^(?:[0-9a-f]{2})+$/, bytes ? `${bytes * 2} lowercase hex digits` : "lowercase hex");

/** RFC 3161: the TimeStampToken (DER, CMS SignedData over a TSTInfo) and what was asked. */
export const tsaReceipt = z.object({
  sink: z.literal("tsa"),
  /** Where the token was requested (for the reader; the token's signature is what counts). */
  url: z.string(),
  /** The nonce sent in the request, echoed in the token. */
  nonce: hex(),
  /** The TSA's time (TSTInfo.genTime, ISO 8601) and serial number, copied from the token for display. */
  genTime: z.string(),
  serial: hex(),
  /** The TimeStampToken, DER, base64. */
  token: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, "base64"),
});

/** A transaction on an EVM chain whose input data is the statement's bytes. */
export const evmReceipt = z.object({
  sink: z.literal("evm"),
  chainId: z.number().int().positive(),
  txHash: hex(32),
  from: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  to: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  blockNumber: z.string().regex(/^\d+$/),
  blockHash: hex(32),
});

/** Dajie's own signed feed: an Ed25519 signature of the statement's bytes. */
export const feedReceipt = z.object({
  sink: z.literal("feed"),
  publicKey: hex(32),
  signature: hex(64),
});

export const anchorReceipt = z.discriminatedUnion("sink", [tsaReceipt, evmReceipt, feedReceipt]);
export type TsaReceipt = z.infer<typeof tsaReceipt>;
export type EvmReceipt = z.infer<typeof evmReceipt>;
export type FeedReceipt = z.infer<typeof feedReceipt>;
export type AnchorReceipt = z.infer<typeof anchorReceipt>;

/** A receipt together with what it anchors, as in the export's `anchors` array. */
export const publishedAnchor = z.object({
  treeSize: z.string().regex(/^\d+$/),
  root: hex(32),
  sink: z.enum(SINKS),
  statement: z.string(),
  anchoredAt: z.string(),
  receipt: anchorReceipt,
});
export type PublishedAnchor = z.infer<typeof publishedAnchor>;

/** The outcome of checking one receipt. */
export type ReceiptCheck = { ok: true; detail: string } | { ok: false; problem: string } | { ok: null; problem: string };
