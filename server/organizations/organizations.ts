// Organizations (tenants): municipalities own communities, ESCOs serve them.
import type { OrgKind } from "@/generated/prisma/client";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { missingForInvoices, type BillingIdentity } from "@/server/billing/billing-identity";
import { notFound } from "@/server/errors";

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

const IDENTITY = { name: true, legalName: true, vatId: true, street: true, postcode: true, city: true, countryCode: true, billingEmail: true, publicPhone: true } as const;

/** The organization's billing identity (the seller on invoices), and what it still lacks to issue them. */
export async function getBillingIdentity(db: Tx, orgId: string) {
  const o = await db.organization.findUnique({ where: { id: orgId }, select: IDENTITY });
  if (!o) throw notFound("Organization");
  return { ...o, missing: missingForInvoices(o) };
}

/** Replaces the billing identity (input already validated by `billingIdentityInput`); audited. */
export async function setBillingIdentity(db: Db, actor: Actor, orgId: string, input: BillingIdentity) {
  await db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: IDENTITY });
    const after = await tx.organization.update({ where: { id: orgId }, data: input, select: IDENTITY });
    await recordAudit(tx, actor, { orgId, action: "organization.billing-identity", objectType: "organization", objectId: orgId, before, after });
  });
  return getBillingIdentity(db, orgId);
}
