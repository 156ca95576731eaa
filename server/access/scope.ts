// Who may see or change what. Every tRPC procedure builder resolves its caller's scope here, and
// services filter every query by it. A caller with no relation to an object gets NOT_FOUND (its
// existence is not revealed); a caller who can see it but not change it gets FORBIDDEN.
import type { OrgKind, OrgRole } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";

/** read: see the community; import: bring in meter data (the municipality and serving ESCOs);
 *  settle: finalize settlement runs (the municipality's administrators and serving ESCOs);
 *  manage: day-to-day changes (members, metering points, invitations); configure: settings and
 *  which ESCOs serve it; payments: SEPA payment files, which disclose members' names and IBANs
 *  (the municipality and serving ESCOs — the ESCO collects and pays out; every file is audited). */
export const COMMUNITY_ACCESS = ["read", "import", "settle", "manage", "configure", "payments"] as const;
export type CommunityAccess = (typeof COMMUNITY_ACCESS)[number];

/** What a caller may do in a community, one flag per access level (sent to the console by community.get). */
export type CommunityPermissions = Record<CommunityAccess, boolean>;

/** The one rule. `municipalRole`: the caller's role in the owning municipality (null: not a member);
 *  `esco`: the caller belongs to an ESCO serving the community. Pure. */
export function communityPermissions(municipalRole: OrgRole | null, esco: boolean): CommunityPermissions {
  const municipal = municipalRole !== null;
  const admin = municipalRole === "ADMIN";
  return {
    read: municipal || esco,
    import: municipal || esco,
    settle: admin || esco,
    manage: municipal,
    configure: admin,
    payments: municipal || esco,
  };
}

export interface CommunityScope {
  communityId: string;
  municipalityId: string;
  /** How the caller relates to the community. */
  via: "municipality" | "esco";
  /** The organization through which the caller acts (for the audit log). */
  orgId: string;
  role: OrgRole;
}

/** A person's scope: also everything they may do here (communityPermissions), not only what this call needed.
 *  (API tokens and the CLI build a plain CommunityScope of their own.) */
export interface ResolvedCommunityScope extends CommunityScope {
  permissions: CommunityPermissions;
}

/** Why a municipality's user may not (the only levels they can lack), and why a serving ESCO may not. */
const MUNICIPAL_FORBIDDEN: Partial<Record<CommunityAccess, string>> = {
  configure: "Only an administrator of the municipality can change this community's settings.",
  settle: "Only an administrator of the municipality or a serving ESCO can finalize settlement.",
};
const ESCO_FORBIDDEN = "An ESCO serving this community can read it, import meter data, settle it and build its payment files, but not change it.";

export async function resolveCommunityScope(db: Tx, userId: string, communityId: string, need: CommunityAccess): Promise<ResolvedCommunityScope> {
  const community = await db.community.findUnique({
    where: { id: communityId },
    select: { id: true, municipalityId: true, escos: { select: { escoId: true } } },
  });
  if (!community) throw notFound("Community");
  const memberships = await db.orgMembership.findMany({ where: { userId }, select: { orgId: true, role: true } });
  const municipal = memberships.find((m) => m.orgId === community.municipalityId);
  const esco = memberships.find((m) => community.escos.some((e) => e.escoId === m.orgId));
  if (!municipal && !esco) throw notFound("Community");
  const permissions = communityPermissions(municipal?.role ?? null, esco !== undefined);
  if (!permissions[need]) throw new AppError("FORBIDDEN", (municipal && MUNICIPAL_FORBIDDEN[need]) || ESCO_FORBIDDEN);
  // The municipality's membership speaks for the caller when they have both.
  const via = municipal ?? esco!;
  return { communityId, municipalityId: community.municipalityId, via: municipal ? "municipality" : "esco", orgId: via.orgId, role: via.role, permissions };
}

export interface OrgScope {
  orgId: string;
  kind: OrgKind;
  role: OrgRole;
}

export async function resolveOrgScope(db: Tx, userId: string, orgId: string, needAdmin: boolean): Promise<OrgScope> {
  const membership = await db.orgMembership.findUnique({
    where: { orgId_userId: { orgId, userId } },
    select: { role: true, org: { select: { kind: true } } },
  });
  if (!membership) throw notFound("Organization");
  if (needAdmin && membership.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only an administrator of this organization can do this.");
  return { orgId, kind: membership.org.kind, role: membership.role };
}

export async function isPlatformAdmin(db: Tx, userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { platformAdmin: true } });
  return user?.platformAdmin === true;
}

/** The members (in any community) that this user is the resident of. */
export async function residentMemberIds(db: Tx, userId: string): Promise<string[]> {
  // Raw: every resident call runs this (a Prisma query costs ~0.8 ms of CPU, this ~0.5 ms).
  const members = await db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM member WHERE user_id = ${userId} ORDER BY id`;
  return members.map((m) => m.id);
}

/** Whether this user is the resident of at least one member. */
export async function isResident(db: Tx, userId: string): Promise<boolean> {
  return (await db.member.count({ where: { userId } })) > 0;
}
