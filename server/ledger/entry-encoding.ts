// The canonical bytes of a ledger entry, and the hash that chains entries and makes the Merkle leaf.
// Pure: no database, no clock. The text itself is built in entry-line.ts (shared with the browser);
// the format is documented in docs/ledger.md.
import { type EntryFields, entryLine } from "./entry-line";
import { leafHash } from "./merkle";

export { ENTRY_FORMAT, ENTRY_KINDS, entryLine, type EntryFields, type EntryKind } from "./entry-line";
/** What entry 1 of a community chains to. */
export const ZERO_HASH = new Uint8Array(32);

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
