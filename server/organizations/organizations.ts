// Organizations (tenants): municipalities own communities, ESCOs serve them.
import type { OrgKind } from "@/generated/prisma/client";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";

export async function listOrganizations(db: Tx) {
  const rows = await db.organization.findMany({ include: { _count: { select: { memberships: true, communities: true } } }, orderBy: { name: "asc" } });
  return rows.map((o) => ({ id: o.id, name: o.name, kind: o.kind, users: o._count.memberships, communities: o._count.communities }));
}

export async function createOrganization(db: Db, actor: Actor, input: { name: string; kind: OrgKind }) {
  return db.$transaction(async (tx) => {
    const org = await tx.organization.create({ data: input });
    await recordAudit(tx, actor, { orgId: org.id, action: "organization.create", objectType: "organization", objectId: org.id, after: org });
    return { id: org.id, name: org.name, kind: org.kind };
  });
}

/** The organizations a user belongs to, with their role. */
export async function myOrganizations(db: Tx, userId: string) {
  const rows = await db.orgMembership.findMany({ where: { userId }, include: { org: true }, orderBy: { org: { name: "asc" } } });
  return rows.map((m) => ({ id: m.org.id, name: m.org.name, kind: m.org.kind, role: m.role }));
}

export async function listOrgUsers(db: Tx, orgId: string) {
  const rows = await db.orgMembership.findMany({ where: { orgId }, include: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: m.role }));
}
