// Members' market limits in the database (docs/market.md): set or delete a version (all bands of one
// member, side and valid-from date at once), list them, and load them for a run in the engine's form.
// Limits outside [F, R] of the community's tariffs are refused naming the field, never clamped.
// Every change is audited in the same transaction.
import { z } from "zod";
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import { marketRuleParams } from "@/server/communities/schemas";
import type { Db, Tx } from "@/server/db/client";
import { AppError, notFound, type FieldProblem } from "@/server/errors";
import { formatDecimal } from "@/server/settlement/decimal";
import { limitProblems, limitRangeMessage, MAX_BANDS, type LimitVersion, type MarketLimits } from "@/server/settlement/market/limits";
import type { MarketRule } from "@/server/settlement/market/settle-market";
import { dateToIso, decimalString, decimalToScaled, isoDate, isoToDate } from "@/server/shared/validation";

const PRICE_SCALE = 6; // micro-EUR/kWh, the engine's price unit

const clockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "Use HH:MM, e.g. 10:00 (24:00 for the end of the day).");
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

export const marketSide = z.enum(["BUY", "SELL"]);

export const marketLimitVersionKey = z.object({ communityId: z.uuid(), memberId: z.uuid(), side: marketSide, validFrom: isoDate });

export const marketLimitInput = marketLimitVersionKey.extend({
  bands: z
    .array(z.object({ from: clockTime, to: clockTime, priceEurPerKWh: decimalString(PRICE_SCALE, "price") }))
    .min(1, "Give at least one time band.")
    .max(MAX_BANDS, `At most ${MAX_BANDS} time bands.`),
});
export type MarketLimitInput = z.infer<typeof marketLimitInput>;

export interface MarketTariffs {
  /** micro-EUR/kWh */
  retail: bigint;
  feedIn: bigint;
  gridFee: bigint;
  pricing: "midpoint" | "uniform";
}

/** The market tariffs in a community's stored rule parameters, or null if they are not market ones. */
export function marketTariffs(ruleParams: unknown): MarketTariffs | null {
  const r = marketRuleParams.safeParse({ ...(ruleParams && typeof ruleParams === "object" ? ruleParams : {}), kind: "MARKET" });
  if (!r.success) return null;
  return {
    retail: decimalToScaled(r.data.retailEurPerKWh, PRICE_SCALE),
    feedIn: decimalToScaled(r.data.feedInEurPerKWh, PRICE_SCALE),
    gridFee: decimalToScaled(r.data.gridFeeEurPerKWh, PRICE_SCALE),
    pricing: r.data.pricing,
  };
}

export interface MarketLimitVersionDto {
  memberId: string;
  pseudonym: string;
  side: "BUY" | "SELL";
  validFrom: string;
  bands: { from: string; to: string; priceEurPerKWh: string }[];
}

export async function tariffsOf(db: Tx, communityId: string): Promise<MarketTariffs> {
  const c = await db.community.findUnique({ where: { id: communityId }, select: { ruleKind: true, ruleParams: true } });
  if (!c) throw notFound("Community");
  const t = c.ruleKind === "MARKET" ? marketTariffs(c.ruleParams) : null;
  if (!t) throw new AppError("BAD_REQUEST", "This community has no market tariffs: set the market rule (retail and feed-in tariff) first.", [{ where: "rule", message: "no market tariffs" }]);
  return t;
}

async function memberOf(db: Tx, scope: Pick<CommunityScope, "communityId">, memberId: string) {
  // Filtered by community: a member of another community is simply not found.
  const m = await db.member.findFirst({ where: { id: memberId, communityId: scope.communityId }, select: { id: true, pseudonym: true } });
  if (!m) throw notFound("Member");
  return m;
}

async function versionRows(db: Tx, key: { memberId: string; side: "BUY" | "SELL"; validFrom: string }) {
  const rows = await db.marketLimit.findMany({ where: { memberId: key.memberId, side: key.side, validFrom: isoToDate(key.validFrom) }, orderBy: { startMinute: "asc" } });
  return rows.map((r) => ({ from: hhmm(r.startMinute), to: hhmm(r.endMinute), priceEurPerKWh: r.priceEurPerKWh.toFixed(PRICE_SCALE) }));
}

/**
 * Sets one version of a member's limits (replacing that version's bands if it exists). Refuses,
 * naming the field: a price outside [F, R] (`bands[k].priceEurPerKWh`), a band that is empty or
 * overlaps another (`bands`).
 */
export async function setMarketLimits(db: Db, actor: Actor, scope: Pick<CommunityScope, "communityId" | "orgId">, input: MarketLimitInput): Promise<MarketLimitVersionDto> {
  return db.$transaction(async (tx) => {
    const tariffs = await tariffsOf(tx, scope.communityId);
    const member = await memberOf(tx, scope, input.memberId);
    const bands = input.bands.map((b) => ({ startMinute: minutes(b.from), endMinute: minutes(b.to), price: decimalToScaled(b.priceEurPerKWh, PRICE_SCALE) }));
    const problems: FieldProblem[] = [];
    bands.forEach((b, k) => {
      if (b.price < tariffs.feedIn || b.price > tariffs.retail) {
        problems.push({ where: `bands[${k}].priceEurPerKWh`, message: limitRangeMessage(member.pseudonym, input.side, b.price, tariffs.feedIn, tariffs.retail) });
      }
    });
    // The shape of the bands (order, overlap) by the engine's own check, prices already covered above.
    const version: LimitVersion = { member: member.pseudonym, side: input.side, validFrom: input.validFrom, bands: bands.map((b) => ({ ...b, price: tariffs.feedIn })) };
    for (const p of limitProblems({ timeZone: "UTC", versions: [version] }, tariffs.feedIn, tariffs.retail)) problems.push({ where: "bands", message: p.message });
    if (problems.length > 0) throw new AppError("BAD_REQUEST", problems.map((p) => `${p.where}: ${p.message}`).join("; "), problems);

    const key = { memberId: member.id, side: input.side, validFrom: input.validFrom };
    const before = await versionRows(tx, key);
    await tx.marketLimit.deleteMany({ where: { memberId: member.id, side: input.side, validFrom: isoToDate(input.validFrom) } });
    await tx.marketLimit.createMany({
      data: input.bands.map((b, k) => ({
        communityId: scope.communityId,
        memberId: member.id,
        side: input.side,
        validFrom: isoToDate(input.validFrom),
        startMinute: bands[k]!.startMinute,
        endMinute: bands[k]!.endMinute,
        priceEurPerKWh: b.priceEurPerKWh,
      })),
    });
    const after = await versionRows(tx, key);
    await recordAudit(tx, actor, {
      orgId: scope.orgId,
      communityId: scope.communityId,
      action: "market.limits.set",
      objectType: "market_limit",
      objectId: `${member.id}:${input.side}:${input.validFrom}`,
      before: before.length > 0 ? { side: input.side, validFrom: input.validFrom, bands: before } : undefined,
      after: { side: input.side, validFrom: input.validFrom, bands: after },
    });
    return { memberId: member.id, pseudonym: member.pseudonym, side: input.side, validFrom: input.validFrom, bands: after };
  });
}

/** Removes one version (the previous one, if any, applies again from that date). */
export async function deleteMarketLimits(db: Db, actor: Actor, scope: CommunityScope, key: z.infer<typeof marketLimitVersionKey>): Promise<void> {
  await db.$transaction(async (tx) => {
    const member = await memberOf(tx, scope, key.memberId);
    const before = await versionRows(tx, key);
    if (before.length === 0) throw notFound("Market limit version");
    await tx.marketLimit.deleteMany({ where: { memberId: member.id, side: key.side, validFrom: isoToDate(key.validFrom) } });
    await recordAudit(tx, actor, {
      orgId: scope.orgId,
      communityId: scope.communityId,
      action: "market.limits.delete",
      objectType: "market_limit",
      objectId: `${member.id}:${key.side}:${key.validFrom}`,
      before: { side: key.side, validFrom: key.validFrom, bands: before },
    });
  });
}

/** Every version of the community (or of one member), by member pseudonym, side and date. */
export async function listMarketLimits(db: Tx, scope: CommunityScope, memberId?: string): Promise<MarketLimitVersionDto[]> {
  const rows = await db.marketLimit.findMany({
    where: { communityId: scope.communityId, ...(memberId ? { memberId } : {}) },
    include: { member: { select: { pseudonym: true } } },
    orderBy: [{ member: { pseudonym: "asc" } }, { side: "asc" }, { validFrom: "asc" }, { startMinute: "asc" }],
  });
  const out: MarketLimitVersionDto[] = [];
  for (const r of rows) {
    const validFrom = dateToIso(r.validFrom);
    let v = out[out.length - 1];
    if (!v || v.memberId !== r.memberId || v.side !== r.side || v.validFrom !== validFrom) {
      v = { memberId: r.memberId, pseudonym: r.member.pseudonym, side: r.side, validFrom, bands: [] };
      out.push(v);
    }
    v.bands.push({ from: hhmm(r.startMinute), to: hhmm(r.endMinute), priceEurPerKWh: r.priceEurPerKWh.toFixed(PRICE_SCALE) });
  }
  return out;
}

/**
 * The community's limits for a run of the period ending (exclusive) at the local date `until`, in
 * the engine's form, keyed by member id (as the run's series are). Versions starting on or after
 * `until` cannot apply and are left out, so later changes do not alter a recomputed period.
 */
export async function loadMarketLimits(db: Tx, communityId: string, timeZone: string, until: string): Promise<MarketLimits> {
  const rows = await db.marketLimit.findMany({
    where: { communityId, validFrom: { lt: isoToDate(until) } },
    orderBy: [{ memberId: "asc" }, { side: "asc" }, { validFrom: "asc" }, { startMinute: "asc" }],
  });
  const versions: LimitVersion[] = [];
  for (const r of rows) {
    const validFrom = dateToIso(r.validFrom);
    let v = versions[versions.length - 1] as (LimitVersion & { bands: LimitVersion["bands"][number][] }) | undefined;
    if (!v || v.member !== r.memberId || v.side !== r.side || v.validFrom !== validFrom) {
      v = { member: r.memberId, side: r.side, validFrom, bands: [] };
      versions.push(v);
    }
    v.bands.push({ startMinute: r.startMinute, endMinute: r.endMinute, price: decimalToScaled(r.priceEurPerKWh.toFixed(PRICE_SCALE), PRICE_SCALE) });
  }
  return { timeZone, versions };
}

/**
 * Everything a run of the market rule needs from the database: the community's tariffs and the
 * members' limits for the period ending (exclusive) at the local date `until`. Refuses (where: rule)
 * when the community has no market tariffs.
 */
export async function loadMarketRule(db: Tx, communityId: string, timeZone: string, until: string): Promise<MarketRule> {
  const tariffs = await tariffsOf(db, communityId);
  return { kind: "market", ...tariffs, limits: await loadMarketLimits(db, communityId, timeZone, until) };
}

/**
 * The rule as plain JSON (decimal strings, versions in a fixed order) for a run's rule snapshot and
 * its inputs digest: a changed limit or tariff changes the digest.
 */
export function marketRuleSnapshot(rule: MarketRule) {
  const eur = (micro: bigint) => formatDecimal(micro, PRICE_SCALE);
  return {
    retailEurPerKWh: eur(rule.retail),
    feedInEurPerKWh: eur(rule.feedIn),
    gridFeeEurPerKWh: eur(rule.gridFee),
    pricing: rule.pricing,
    timeZone: rule.limits.timeZone,
    limits: [...rule.limits.versions]
      .sort((a, b) => (a.member !== b.member ? (a.member < b.member ? -1 : 1) : a.side !== b.side ? (a.side < b.side ? -1 : 1) : a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0))
      .map((v) => ({
        member: v.member,
        side: v.side,
        validFrom: v.validFrom,
        bands: [...v.bands].sort((x, y) => x.startMinute - y.startMinute).map((b) => ({ from: hhmm(b.startMinute), to: hhmm(b.endMinute), priceEurPerKWh: eur(b.price) })),
      })),
  };
}

