// Communities: created by a municipality's administrator, served by zero or more ESCOs.
import type { Community, Prisma } from "@/generated/prisma/client";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { formatDecimal } from "@/server/settlement/decimal";
import { decimalToScaled } from "@/server/shared/validation";
import { ruleParamsSchema, type CommunityInput } from "./schemas";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The seller must be the owning municipality or an ESCO serving the community. */
function assertBillingOrg(billingOrgId: string | null, municipalityId: string, escoIds: string[]) {
  if (billingOrgId !== null && billingOrgId !== municipalityId && !escoIds.includes(billingOrgId)) {
    throw new AppError("BAD_REQUEST", "The invoicing organization must be the municipality or an ESCO serving the community.", [{ where: "billingOrgId", message: "Choose the municipality or a serving ESCO." }]);
  }
}

export interface CommunityDto {
  id: string;
  municipalityId: string;
  municipalityName: string;
  name: string;
  slug: string;
  timeZone: string;
  intervalMinutes: number;
  rule: CommunityInput["rule"];
  priceEurPerKWh: string;
  privacyThreshold: number;
  vatChargesPercent: string;
  vatCreditsPercent: string;
  paymentTermsDays: number;
  billingOrgId: string | null;
  feeCreditsPercent: string;
  feeFixedEur: string;
  co2GramsPerKWh: number;
  escos: { id: string; name: string }[];
  memberCount: number;
  meteringPointCount: number;
}

const include = {
  municipality: { select: { name: true } },
  escos: { select: { esco: { select: { id: true, name: true } } } },
  _count: { select: { members: true, meteringPoints: true } },
} satisfies Prisma.CommunityInclude;

type Loaded = Prisma.CommunityGetPayload<{ include: typeof include }>;

function toDto(c: Loaded): CommunityDto {
  return {
    id: c.id,
    municipalityId: c.municipalityId,
    municipalityName: c.municipality.name,
    name: c.name,
    slug: c.slug,
    timeZone: c.timeZone,
    intervalMinutes: c.intervalMinutes,
    rule: ruleParamsSchema.parse({ ...(isObject(c.ruleParams) ? c.ruleParams : {}), kind: c.ruleKind }),
    priceEurPerKWh: c.priceEurPerKWh.toFixed(5),
    privacyThreshold: c.privacyThreshold,
    vatChargesPercent: c.vatChargesPercent.toFixed(2),
    vatCreditsPercent: c.vatCreditsPercent.toFixed(2),
    paymentTermsDays: c.paymentTermsDays,
    billingOrgId: c.billingOrgId,
    feeCreditsPercent: formatDecimal(BigInt(c.feeCreditsBp), 2),
    feeFixedEur: formatDecimal(BigInt(c.feeFixedCents), 2),
    co2GramsPerKWh: c.co2GramsPerKWh,
    escos: c.escos.map((e) => e.esco).sort((a, b) => a.name.localeCompare(b.name)),
    memberCount: c._count.members,
    meteringPointCount: c._count.meteringPoints,
  };
}

function columns(input: CommunityInput) {
  const { kind, ...params } = input.rule;
  return {
    name: input.name,
    slug: input.slug,
    timeZone: input.timeZone,
    intervalMinutes: input.intervalMinutes,
    ruleKind: kind,
    ruleParams: params as Prisma.InputJsonObject,
    priceEurPerKWh: input.priceEurPerKWh,
    privacyThreshold: input.privacyThreshold,
    vatChargesPercent: input.vatChargesPercent,
    vatCreditsPercent: input.vatCreditsPercent,
    paymentTermsDays: input.paymentTermsDays,
    billingOrgId: input.billingOrgId,
    feeCreditsBp: Number(decimalToScaled(input.feeCreditsPercent, 2)),
    feeFixedCents: Number(decimalToScaled(input.feeFixedEur, 2)),
    co2GramsPerKWh: input.co2GramsPerKWh,
  };
}

function auditView(c: Community) {
  return { ...c, priceEurPerKWh: c.priceEurPerKWh.toFixed(5), vatChargesPercent: c.vatChargesPercent.toFixed(2), vatCreditsPercent: c.vatCreditsPercent.toFixed(2) };
}

/** Communities the user can see: owned by a municipality they belong to, or served by their ESCO. */
export async function listCommunitiesForUser(db: Tx, userId: string): Promise<(CommunityDto & { access: "municipality" | "esco" })[]> {
  const memberships = await db.orgMembership.findMany({ where: { userId }, select: { orgId: true } });
  const orgIds = memberships.map((m) => m.orgId);
  const rows = await db.community.findMany({
    where: { OR: [{ municipalityId: { in: orgIds } }, { escos: { some: { escoId: { in: orgIds } } } }] },
    include,
    orderBy: { name: "asc" },
  });
  return rows.map((c) => ({ ...toDto(c), access: orgIds.includes(c.municipalityId) ? ("municipality" as const) : ("esco" as const) }));
}

/** Communities an organization owns (a municipality) or serves (an ESCO), by slug: what its API tokens reach. */
export async function communitiesOfOrganization(db: Tx, orgId: string) {
  const rows = await db.community.findMany({
    where: { OR: [{ municipalityId: orgId }, { escos: { some: { escoId: orgId } } }] },
    include: { municipality: { select: { name: true } } },
    orderBy: { slug: "asc" },
  });
  return rows.map((c) => ({
    slug: c.slug,
    name: c.name,
    municipality: c.municipality.name,
    timeZone: c.timeZone,
    intervalMinutes: c.intervalMinutes,
    relation: c.municipalityId === orgId ? ("owner" as const) : ("esco" as const),
  }));
}

export async function getCommunity(db: Tx, communityId: string): Promise<CommunityDto> {
  const c = await db.community.findUnique({ where: { id: communityId }, include });
  if (!c) throw notFound("Community");
  return toDto(c);
}

async function assertSlugFree(db: Tx, slug: string, exceptId?: string) {
  const taken = await db.community.findUnique({ where: { slug }, select: { id: true } });
  if (taken && taken.id !== exceptId) {
    throw new AppError("CONFLICT", "This public address is already taken.", [{ where: "slug", message: `"${slug}" is already used by another community.` }]);
  }
}

export async function createCommunity(db: Db, actor: Actor, municipalityId: string, input: CommunityInput): Promise<CommunityDto> {
  const org = await db.organization.findUnique({ where: { id: municipalityId }, select: { kind: true } });
  if (!org) throw notFound("Organization");
  if (org.kind !== "MUNICIPALITY") throw new AppError("FORBIDDEN", "Only a municipality can own a community.");
  await assertSlugFree(db, input.slug);
  assertBillingOrg(input.billingOrgId, municipalityId, []);
  const created = await db.$transaction(async (tx) => {
    const c = await tx.community.create({ data: { ...columns(input), municipalityId } });
    await recordAudit(tx, actor, { orgId: municipalityId, communityId: c.id, action: "community.create", objectType: "community", objectId: c.id, after: auditView(c) });
    return c;
  });
  return getCommunity(db, created.id);
}

export async function updateCommunity(db: Db, actor: Actor, communityId: string, input: CommunityInput): Promise<CommunityDto> {
  await assertSlugFree(db, input.slug, communityId);
  await db.$transaction(async (tx) => {
    const before = await tx.community.findUniqueOrThrow({ where: { id: communityId }, include: { escos: { select: { escoId: true } } } });
    assertBillingOrg(input.billingOrgId, before.municipalityId, before.escos.map((e) => e.escoId));
    const after = await tx.community.update({ where: { id: communityId }, data: columns(input) });
    await recordAudit(tx, actor, { orgId: before.municipalityId, communityId, action: "community.update", objectType: "community", objectId: communityId, before: auditView(before), after: auditView(after) });
  });
  return getCommunity(db, communityId);
}

/** Replaces the set of ESCOs serving the community. */
export async function setCommunityEscos(db: Db, actor: Actor, communityId: string, escoIds: string[]): Promise<CommunityDto> {
  const unique = [...new Set(escoIds)];
  const escos = await db.organization.findMany({ where: { id: { in: unique }, kind: "ESCO" }, select: { id: true } });
  if (escos.length !== unique.length) throw new AppError("BAD_REQUEST", "Every serving organization must be an ESCO.", [{ where: "escoIds", message: "Unknown ESCO." }]);
  await db.$transaction(async (tx) => {
    const community = await tx.community.findUniqueOrThrow({ where: { id: communityId }, select: { municipalityId: true, billingOrgId: true, escos: { select: { escoId: true } } } });
    await tx.communityEsco.deleteMany({ where: { communityId } });
    await tx.communityEsco.createMany({ data: unique.map((escoId) => ({ communityId, escoId })) });
    // An ESCO that no longer serves the community no longer invoices for it: back to the default.
    const dropsSeller = community.billingOrgId !== null && community.billingOrgId !== community.municipalityId && !unique.includes(community.billingOrgId);
    if (dropsSeller) await tx.community.update({ where: { id: communityId }, data: { billingOrgId: null } });
    await recordAudit(tx, actor, {
      orgId: community.municipalityId,
      communityId,
      action: "community.set-escos",
      objectType: "community",
      objectId: communityId,
      before: { escoIds: community.escos.map((e) => e.escoId).sort(), billingOrgId: community.billingOrgId },
      after: { escoIds: unique.sort(), billingOrgId: dropsSeller ? null : community.billingOrgId },
    });
  });
  return getCommunity(db, communityId);
}

/** ESCOs a municipality may pick from when assigning service (names only). */
export async function listEscos(db: Tx) {
  return db.organization.findMany({ where: { kind: "ESCO" }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}
