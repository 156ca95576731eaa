// Test factories: every call makes unique ids, so test files run in parallel on one database.
import { randomUUID } from "node:crypto";
import type { OrgKind, OrgRole } from "@/generated/prisma/client";
import { createCaller } from "@/server/api/root";
import { createCommunity } from "@/server/communities/communities";
import type { CommunityInput } from "@/server/communities/schemas";
import { db } from "@/server/db/client";

export const unique = (prefix = "t") => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function makeUser(opts: { platformAdmin?: boolean; email?: string; name?: string } = {}) {
  return db().user.create({
    data: { id: randomUUID(), email: opts.email ?? `${unique("user")}@example.test`, name: opts.name ?? "Test User", emailVerified: true, platformAdmin: opts.platformAdmin ?? false },
  });
}

export async function makeOrg(kind: OrgKind, name = unique(kind.toLowerCase())) {
  return db().organization.create({ data: { name, kind } });
}

export async function addToOrg(userId: string, orgId: string, role: OrgRole) {
  return db().orgMembership.create({ data: { userId, orgId, role } });
}

export function communityInput(overrides: Partial<CommunityInput> = {}): CommunityInput {
  return {
    name: "Test community",
    slug: unique("c").toLowerCase(),
    timeZone: "Europe/Rome",
    intervalMinutes: 15,
    rule: { kind: "DYNAMIC" },
    priceEurPerKWh: "0.12000",
    privacyThreshold: 5,
    vatChargesPercent: "0",
    vatCreditsPercent: "0",
    paymentTermsDays: 30,
    billingOrgId: null,
    feeCreditsPercent: "0",
    feeFixedEur: "0",
    co2GramsPerKWh: 250,
    ...overrides,
  };
}

export async function makeCommunity(municipalityId: string, actorUserId: string, overrides: Partial<CommunityInput> = {}) {
  return createCommunity(db(), { userId: actorUserId }, municipalityId, communityInput(overrides));
}

export async function makeMember(communityId: string, opts: { userId?: string; reference?: string; joinedOn?: string } = {}) {
  return db().member.create({
    data: {
      communityId,
      pseudonym: unique("M").toUpperCase(),
      reference: opts.reference ?? unique("ref"),
      kind: "PROSUMER",
      joinedOn: new Date(`${opts.joinedOn ?? "2026-01-01"}T00:00:00Z`),
      userId: opts.userId ?? null,
      personal: { create: { name: "Resident Name", email: `${unique("res")}@example.test`, address: "Via Roma 1" } },
    },
  });
}

export async function makeMeteringPoint(communityId: string, memberId: string, code = unique("IT001E").toUpperCase()) {
  return db().meteringPoint.create({
    data: { communityId, memberId, code, direction: "CONSUMPTION", capacityKw: "3.000", validFrom: new Date("2026-01-01T00:00:00Z") },
  });
}

/** A tRPC caller acting as `user` (or anonymous), exactly as the HTTP handler would. */
export function callerAs(user: { id: string; email: string; name: string } | null) {
  return createCaller({ db: db(), user: user ? { id: user.id, email: user.email, name: user.name } : null, requestId: randomUUID() });
}

/**
 * Two municipalities, an ESCO serving the first one's community, and one user of every kind.
 * Used by access tests: everything of municipality B must stay invisible to A's users and vice versa.
 */
export async function makeWorld() {
  const [munA, munB, esco, otherEsco] = await Promise.all([makeOrg("MUNICIPALITY"), makeOrg("MUNICIPALITY"), makeOrg("ESCO"), makeOrg("ESCO")]);
  const [adminA, operatorA, adminB, escoUser, otherEscoUser, residentA1, residentA2, platformAdmin, nobody] = await Promise.all([
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser({ platformAdmin: true }),
    makeUser(),
  ]);
  await Promise.all([
    addToOrg(adminA.id, munA.id, "ADMIN"),
    addToOrg(operatorA.id, munA.id, "OPERATOR"),
    addToOrg(adminB.id, munB.id, "ADMIN"),
    addToOrg(escoUser.id, esco.id, "OPERATOR"),
    addToOrg(otherEscoUser.id, otherEsco.id, "ADMIN"),
  ]);
  const communityA = await makeCommunity(munA.id, adminA.id);
  const communityB = await makeCommunity(munB.id, adminB.id);
  await db().communityEsco.create({ data: { communityId: communityA.id, escoId: esco.id } });
  const memberA1 = await makeMember(communityA.id, { userId: residentA1.id });
  const memberA2 = await makeMember(communityA.id, { userId: residentA2.id });
  const memberB1 = await makeMember(communityB.id);
  const pointA1 = await makeMeteringPoint(communityA.id, memberA1.id);
  const pointA2 = await makeMeteringPoint(communityA.id, memberA2.id);
  const pointB1 = await makeMeteringPoint(communityB.id, memberB1.id);
  return { munA, munB, esco, otherEsco, adminA, operatorA, adminB, escoUser, otherEscoUser, residentA1, residentA2, platformAdmin, nobody, communityA, communityB, memberA1, memberA2, memberB1, pointA1, pointA2, pointB1 };
}
