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
export type CommunityAccess = "read" | "import" | "settle" | "manage" | "configure" | "payments";

export interface CommunityScope {
  communityId: string;
  municipalityId: string;
  /** How the caller relates to the community. */
  via: "municipality" | "esco";
  /** The organization through which the caller acts (for the audit log). */
  orgId: string;
  role: OrgRole;
  /** May finalize settlement runs: a municipality ADMIN, or a member of a serving ESCO. */
  canSettle?: boolean;
}

export async function resolveCommunityScope(db: Tx, userId: string, communityId: string, need: CommunityAccess): Promise<CommunityScope> {
  const community = await db.community.findUnique({
    where: { id: communityId },
    select: { id: true, municipalityId: true, escos: { select: { escoId: true } } },
  });
  if (!community) throw notFound("Community");
  const memberships = await db.orgMembership.findMany({ where: { userId }, select: { orgId: true, role: true } });
  const municipal = memberships.find((m) => m.orgId === community.municipalityId);
  const esco = memberships.find((m) => community.escos.some((e) => e.escoId === m.orgId));
  if (!municipal && !esco) throw notFound("Community");

  if (municipal) {
    if (need === "configure" && municipal.role !== "ADMIN") {
      throw new AppError("FORBIDDEN", "Only an administrator of the municipality can change this community's settings.");
    }
    if (need === "settle" && municipal.role !== "ADMIN" && !esco) {
      throw new AppError("FORBIDDEN", "Only an administrator of the municipality or a serving ESCO can finalize settlement.");
    }
    return { communityId, municipalityId: community.municipalityId, via: "municipality", orgId: municipal.orgId, role: municipal.role, canSettle: municipal.role === "ADMIN" || esco !== undefined };
  }
  if (need !== "read" && need !== "import" && need !== "settle" && need !== "payments") {
    throw new AppError("FORBIDDEN", "An ESCO serving this community can read it, import meter data, settle it and build its payment files, but not change it.");
  }
  return { communityId, municipalityId: community.municipalityId, via: "esco", orgId: esco!.orgId, role: esco!.role, canSettle: true };
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
  const members = await db.member.findMany({ where: { userId }, select: { id: true } });
  return members.map((m) => m.id);
}
