// The audit log's hash chain (docs/audit-log.md): the canonical bytes of an event and the check of a
// chain. Pure: no database, no clock. The database computes the same bytes in its insert trigger
// (dajie_audit_hash, migration *_audit_chain); this is the independent re-computation `verify` uses.
import { createHash } from "node:crypto";

export const AUDIT_FORMAT = "dajie-audit/1";
export const AUDIT_ZERO_HASH = "00".repeat(32);

/** An event as stored, every field as text (JSON fields in PostgreSQL's text form of the jsonb). */
export interface AuditChainEvent {
  seq: string;
  prevHash: string;
  hash: string;
  id: string;
  orgId: string | null;
  communityId: string | null;
  actorUserId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  /** ISO 8601, UTC, milliseconds: 2026-03-01T10:00:00.000Z */
  createdAt: string;
  requestId: string | null;
  before: string | null;
  after: string | null;
}

const encoder = new TextEncoder();

/** "-" for NULL, else the UTF-8 length, ":", the text; then a newline. Unambiguous whatever the text holds. */
function field(v: string | null): string {
  return v === null ? "-\n" : `${encoder.encode(v).length}:${v}\n`;
}

export function auditEventBytes(e: Omit<AuditChainEvent, "hash">): Uint8Array {
  const fields = [e.seq, e.prevHash, e.id, e.orgId, e.communityId, e.actorUserId, e.action, e.objectType, e.objectId, e.createdAt, e.requestId, e.before, e.after];
  return encoder.encode(`${AUDIT_FORMAT}\n${fields.map(field).join("")}`);
}

export function auditEventHash(e: Omit<AuditChainEvent, "hash">): string {
  return createHash("sha256").update(auditEventBytes(e)).digest("hex");
}

export interface AuditChainState {
  /** seq and hash of the last event checked: where the next one must continue. */
  seq: bigint;
  hash: string;
}

export const AUDIT_CHAIN_START: AuditChainState = { seq: 0n, hash: AUDIT_ZERO_HASH };

export type AuditChainProblem = { seq: string; id: string; problem: string };

/**
 * Checks `events` (in seq order) as the continuation of `state`. Returns the new state, or the first
 * event that does not belong: a gap or repeat in seq, a prev_hash that is not the previous hash, or
 * a hash that is not the hash of the event's contents (an edit).
 */
export function checkAuditChain(state: AuditChainState, events: readonly AuditChainEvent[]): AuditChainState | AuditChainProblem {
  let { seq, hash } = state;
  for (const e of events) {
    const bad = (problem: string): AuditChainProblem => ({ seq: e.seq, id: e.id, problem });
    if (BigInt(e.seq) !== seq + 1n) return bad(BigInt(e.seq) > seq + 1n ? `seq ${e.seq} follows ${seq}: events ${seq + 1n}…${BigInt(e.seq) - 1n} are missing` : `seq ${e.seq} follows ${seq}`);
    if (e.prevHash !== hash) return bad(`prev_hash ${e.prevHash} is not the hash of event ${seq} (${hash})`);
    const recomputed = auditEventHash(e);
    if (recomputed !== e.hash) return bad(`hash mismatch: stored ${e.hash} recomputed ${recomputed}`);
    seq = BigInt(e.seq);
    hash = e.hash;
  }
  return { seq, hash };
}
