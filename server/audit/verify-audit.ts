// `dajie verify --audit`: re-hashes audit chains from the database, in pages, and names the first
// event that does not chain (server/audit/audit-chain.ts, docs/audit-log.md).
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { AUDIT_CHAIN_START, checkAuditChain, type AuditChainEvent, type AuditChainState } from "./audit-chain";

export type AuditVerification =
  | { ok: true; orgId: string | null; events: number; head: string }
  | { ok: false; orgId: string | null; seq: string; id: string; problem: string };

const PAGE = 5_000;

/** Verifies one chain: an organization's, or (orgId null) the one of events without an organization. */
export async function verifyAuditChain(db: Tx, orgId: string | null, page = PAGE): Promise<AuditVerification> {
  let state: AuditChainState = AUDIT_CHAIN_START;
  let events = 0;
  const chain = orgId === null ? Prisma.sql`org_id IS NULL` : Prisma.sql`org_id = ${orgId}::uuid`;
  for (;;) {
    const rows = await db.$queryRaw<(Omit<AuditChainEvent, "createdAt"> & { createdAt: Date })[]>`
      SELECT seq::text AS seq, encode(prev_hash, 'hex') AS "prevHash", encode(hash, 'hex') AS hash, id::text AS id,
             org_id::text AS "orgId", community_id::text AS "communityId", actor_user_id AS "actorUserId", action,
             object_type AS "objectType", object_id AS "objectId", created_at AS "createdAt", request_id AS "requestId",
             before::text AS before, after::text AS after
        FROM audit_event WHERE ${chain} AND audit_event.seq > ${state.seq} ORDER BY audit_event.seq LIMIT ${page}`;
    if (rows.length === 0) break;
    const next = checkAuditChain(state, rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })));
    if ("problem" in next) return { ok: false, orgId, ...next };
    events += rows.length;
    state = next;
  }
  return { ok: true, orgId, events, head: state.hash };
}

/** Every chain (or one organization's): the results, organizations by id, the chain without one first. */
export async function verifyAuditLog(db: Tx, opts: { orgId?: string } = {}): Promise<AuditVerification[]> {
  const chains: (string | null)[] = opts.orgId
    ? [opts.orgId]
    : (await db.$queryRaw<{ org: string | null }[]>`SELECT DISTINCT org_id::text AS org FROM audit_event ORDER BY org NULLS FIRST`).map((r) => r.org);
  const results: AuditVerification[] = [];
  for (const orgId of chains) results.push(await verifyAuditChain(db, orgId));
  return results;
}
