// The canonical bytes of a ledger entry, and the hash that chains entries and makes the Merkle leaf.
// Pure: no database, no clock. The format is documented in docs/ledger.md; change it only with a new
// version tag, because every published root depends on these exact bytes.
import { leafHash } from "./merkle";

export const ENTRY_FORMAT = "dajie-ledger-entry/1";
/** What entry 1 of a community chains to. */
export const ZERO_HASH = new Uint8Array(32);

export const ENTRY_KINDS = [
  "SHARED_ENERGY_DEBIT",
  "SHARED_ENERGY_COLLECTED",
  "SHARED_ENERGY_CREDIT",
  "SHARED_ENERGY_PAID",
  "INCENTIVE_RECEIVABLE",
  "INCENTIVE_RECEIVED",
  "INCENTIVE_CREDIT",
  "INCENTIVE_PAID",
  "INCENTIVE_FUND",
  "REVERSAL",
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface EntryFields {
  communityId: string;
  seq: bigint;
  runId: string;
  /** Local calendar dates YYYY-MM-DD, [periodStart, periodEnd). */
  periodStart: string;
  periodEnd: string;
  kind: EntryKind;
  /** "PC:<pseudonym>", "CC", "FUND" or "GSE". */
  account: string;
  amountCents: bigint;
  energyMWh: bigint;
  reversesSeq: bigint | null;
  prevHash: Uint8Array;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ACCOUNT = /^(PC:[A-Za-z0-9-]{1,64}|CC|FUND|GSE)$/;
const KINDS = new Set<string>(ENTRY_KINDS);

function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** The entry as one line of text, fields separated by "|" (no field can contain "|" or a newline). */
export function entryLine(e: EntryFields): string {
  if (!UUID.test(e.communityId) || !UUID.test(e.runId)) throw new RangeError("community and run ids must be lowercase UUIDs");
  if (!isCalendarDate(e.periodStart) || !isCalendarDate(e.periodEnd)) throw new RangeError("period dates must be real dates YYYY-MM-DD");
  if (!KINDS.has(e.kind)) throw new RangeError(`unknown entry kind ${e.kind}`);
  if (!ACCOUNT.test(e.account)) throw new RangeError(`bad account ${e.account}`);
  if (e.seq < 1n) throw new RangeError("seq starts at 1");
  if (e.prevHash.length !== 32) throw new RangeError("prevHash must be 32 bytes");
  return [
    ENTRY_FORMAT,
    e.communityId,
    e.seq.toString(),
    e.runId,
    e.periodStart,
    e.periodEnd,
    e.kind,
    e.account,
    "EUR",
    e.amountCents.toString(),
    e.energyMWh.toString(),
    e.reversesSeq === null ? "-" : e.reversesSeq.toString(),
    hexOf(e.prevHash),
  ].join("|");
}

export function encodeEntry(e: EntryFields): Uint8Array {
  return new TextEncoder().encode(entryLine(e));
}

/**
 * The entry's hash: SHA-256(0x00 ‖ bytes), which is also its RFC 6962 leaf hash. Because the bytes
 * hold the previous entry's hash, one hash per entry serves both the chain and the Merkle tree.
 */
export function entryHash(bytes: Uint8Array): Uint8Array {
  return leafHash(bytes);
}

export type Posting = Pick<EntryFields, "kind" | "account" | "amountCents" | "energyMWh" | "reversesSeq"> & { memberId: string | null };

export interface ChainedEntry extends EntryFields {
  memberId: string | null;
  bytes: Uint8Array;
  hash: Uint8Array;
}

/** Numbers and hashes postings after the entry (lastSeq, lastHash) of the community's chain. */
export function chainPostings(
  run: { communityId: string; runId: string; periodStart: string; periodEnd: string },
  postings: readonly Posting[],
  lastSeq: bigint,
  lastHash: Uint8Array,
): ChainedEntry[] {
  let prevHash = lastHash;
  return postings.map((p, k) => {
    const fields: EntryFields = { ...run, ...p, seq: lastSeq + BigInt(k + 1), prevHash };
    const bytes = encodeEntry(fields);
    const hash = entryHash(bytes);
    prevHash = hash;
    return { ...fields, memberId: p.memberId, bytes, hash };
  });
}
