// The audit log: who did what, when, to which object, with before/after snapshots.
// Written in the same transaction as the change it describes, so one never exists without the other.
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";

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

export async function recordAudit(tx: Tx, actor: Actor, event: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      orgId: event.orgId,
      communityId: event.communityId ?? null,
      actorUserId: actor.userId,
      action: event.action,
      objectType: event.objectType,
      objectId: event.objectId,
      before: snapshot(event.before),
      after: snapshot(event.after),
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
  const actorIds = [...new Set(rows.map((r) => r.actorUserId).filter((x): x is string => !!x))];
  const actors = await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true, name: true } });
  const byId = new Map(actors.map((a) => [a.id, a]));
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      actor: r.actorUserId ? (byId.get(r.actorUserId)?.email ?? r.actorUserId) : "system",
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
