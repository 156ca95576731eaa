// The audit log: who did what, when, to which object, with before/after snapshots (personal data
// redacted: see PERSONAL_KEYS).
// Written in the same transaction as the change it describes, so one never exists without the other.
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { actorLabels } from "@/server/shared/actor-names";
import { REDACTED, REDACTED_CHANGED } from "./audit-words";

export interface Actor {
  userId: string;
  requestId?: string;
}

export interface AuditInput {
  orgId: string | null;
  communityId?: string | null;
  action: string;
  objectType: string;
  objectId: string;
  before?: unknown;
  after?: unknown;
}

/** JSON-safe snapshot: Dates as ISO strings, Decimals and bigints as strings. */
export function snapshot(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as Prisma.InputJsonValue;
}

/**
 * Keys whose values are personal data. The audit log is append-only, so it must never hold what an
 * erasure has to remove: such values are written as markers that say only whether a value was there
 * and whether the event changed it. Everything under a `personal` key (a member's name, e-mail,
 * address…) counts, whatever its field names.
 */
const PERSONAL_KEYS = new Set(["personal", "email", "address", "iban", "bic", "accountHolder", "mandateReference"]);
// The markers are defined beside the words that show them in the reader's language (audit-words.ts).
export { REDACTED, REDACTED_CHANGED };

function marker(value: unknown, before: unknown, compare: boolean): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === "object" && !Array.isArray(value)) {
    const prior = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, marker(v, prior[k], compare)]));
  }
  return compare && JSON.stringify(value) !== JSON.stringify(before) ? REDACTED_CHANGED : REDACTED;
}

/** The snapshot with personal values replaced by markers; `before` (the other side of an update) marks changes. */
export function redactPersonal(value: unknown, before?: unknown, compare = false): unknown {
  if (Array.isArray(value)) return value.map((v, i) => redactPersonal(v, Array.isArray(before) ? before[i] : undefined, compare));
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const prior = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, PERSONAL_KEYS.has(k) ? marker(v, prior[k], compare) : redactPersonal(v, prior[k], compare)]),
  );
}

export async function recordAudit(tx: Tx, actor: Actor, event: AuditInput): Promise<void> {
  // Snapshot first (Dates and bigints to strings), so a changed value is compared as it is stored.
  const before = snapshot(event.before);
  const after = snapshot(event.after);
  await tx.auditEvent.create({
    data: {
      orgId: event.orgId,
      communityId: event.communityId ?? null,
      actorUserId: actor.userId,
      action: event.action,
      objectType: event.objectType,
      objectId: event.objectId,
      before: redactPersonal(before) as Prisma.InputJsonValue | undefined,
      after: redactPersonal(after, before, before !== undefined) as Prisma.InputJsonValue | undefined,
      requestId: actor.requestId ?? null,
    },
  });
}

export async function listAudit(db: Tx, orgId: string, opts: { cursor?: string; limit: number }) {
  const rows = await db.auditEvent.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
  });
  const names = await actorLabels(db, rows.map((r) => r.actorUserId));
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      actor: names.get(r.actorUserId ?? "") ?? "system",
      action: r.action,
      objectType: r.objectType,
      objectId: r.objectId,
      communityId: r.communityId,
      before: r.before ?? null,
      after: r.after ?? null,
    })),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]?.id : undefined,
  };
}
