// A resident's own market limits (docs/market.md), in plain terms: one price per side for the whole
// day, in ct/kWh, valid from today (local). And a preview: the previous month of the community run
// through the market again with the resident's proposed limits, returning only the resident's own
// figures (what they would have bought, sold, paid, earned and won) — never anyone else's.
import { z } from "zod";
import type { Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { OwnMember } from "@/server/residents/own-member";
import { averagePriceEurPerKWh } from "@/server/residents/credit-calculation";
import { formatDecimal, formatDecimalTrimmed } from "@/server/settlement/decimal";
import { addDays, localDate, periodContaining, type Period } from "@/server/settlement/periods";
import { computeRun, type MemberResult } from "@/server/settlement/run-computation";
import { loadRunInputs } from "@/server/settlement/run-inputs";
import type { MarketSnapshot } from "@/server/settlement/run-schemas";
import { dateToIso, decimalString, decimalToScaled } from "@/server/shared/validation";
import { marketSide, setMarketLimits, tariffsOf, type MarketTariffs } from "./limits";

/** A price in ct/kWh with up to 4 decimals: exactly the engine's micro-EUR/kWh. */
const ctPrice = decimalString(4, "price");
const CT_SCALE = 4;
const ct = (microEur: bigint) => formatDecimalTrimmed(microEur, CT_SCALE, 0);

export const myLimitInput = z.object({ memberId: z.uuid(), side: marketSide, priceCtPerKWh: ctPrice });
export const myLimitPreviewInput = z.object({ memberId: z.uuid(), buyCtPerKWh: ctPrice.nullable(), sellCtPerKWh: ctPrice.nullable() });

export interface MyMarketLimits {
  /** ct/kWh */
  retailCt: string;
  feedInCt: string;
  gridFeeCt: string;
  pricing: "midpoint" | "uniform";
  /** Today in the community's time zone: a change applies from this date. */
  today: string;
  /** The version in force today per side (null: none, so R for buying and F for selling). */
  buy: { validFrom: string; bands: { from: string; to: string; priceCt: string }[] } | null;
  sell: { validFrom: string; bands: { from: string; to: string; priceCt: string }[] } | null;
}

async function marketTariffsOf(db: Tx, member: OwnMember): Promise<MarketTariffs> {
  const c = await db.community.findUniqueOrThrow({ where: { id: member.communityId }, select: { ruleKind: true } });
  if (c.ruleKind !== "MARKET") throw new AppError("BAD_REQUEST", "Your community does not settle as a market.", [{ where: "memberId", message: "not a market community" }]);
  return tariffsOf(db, member.communityId);
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

export async function myMarketLimits(db: Tx, member: OwnMember, now: Date): Promise<MyMarketLimits> {
  const t = await marketTariffsOf(db, member);
  const today = localDate(now, member.community.timeZone);
  const rows = await db.marketLimit.findMany({
    where: { memberId: member.id, validFrom: { lte: new Date(`${today}T00:00:00Z`) } },
    orderBy: [{ side: "asc" }, { validFrom: "desc" }, { startMinute: "asc" }],
  });
  const current = (side: "BUY" | "SELL") => {
    const mine = rows.filter((r) => r.side === side);
    if (mine.length === 0) return null;
    const validFrom = mine[0]!.validFrom.getTime();
    return {
      validFrom: dateToIso(mine[0]!.validFrom),
      bands: mine.filter((r) => r.validFrom.getTime() === validFrom).map((r) => ({ from: hhmm(r.startMinute), to: hhmm(r.endMinute), priceCt: ct(decimalToScaled(r.priceEurPerKWh.toFixed(6), 6)) })),
    };
  };
  return { retailCt: ct(t.retail), feedInCt: ct(t.feedIn), gridFeeCt: ct(t.gridFee), pricing: t.pricing, today, buy: current("BUY"), sell: current("SELL") };
}

function rangeCheck(t: MarketTariffs, priceMicro: bigint, where: string): void {
  if (priceMicro < t.feedIn || priceMicro > t.retail) {
    throw new AppError("BAD_REQUEST", `Give a price between ${ct(t.feedIn)} and ${ct(t.retail)} ct/kWh (the feed-in and the retail tariff).`, [
      { where, message: `between ${ct(t.feedIn)} and ${ct(t.retail)} ct/kWh` },
    ]);
  }
}

/** Sets the resident's limit for one side, the whole day, from today on (audited like any limit change). */
export async function setMyMarketLimit(db: Db, actor: Actor, member: OwnMember, input: z.infer<typeof myLimitInput>, now: Date) {
  const t = await marketTariffsOf(db, member);
  const price = decimalToScaled(input.priceCtPerKWh, CT_SCALE);
  rangeCheck(t, price, "priceCtPerKWh");
  const community = await db.community.findUniqueOrThrow({ where: { id: member.communityId }, select: { municipalityId: true } });
  const validFrom = localDate(now, member.community.timeZone);
  await setMarketLimits(db, actor, { communityId: member.communityId, orgId: community.municipalityId }, {
    communityId: member.communityId,
    memberId: member.id,
    side: input.side,
    validFrom,
    bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: formatDecimal(price, 6) }],
  });
  return myMarketLimits(db, member, now);
}

export interface MyFigures {
  boughtMWh: string;
  soldMWh: string;
  paidCents: string;
  earnedCents: string;
  winCents: string;
  /** Averages, EUR/kWh (null when nothing was bought / sold). */
  buyPriceEurPerKWh: string | null;
  sellPriceEurPerKWh: string | null;
}

export interface MyLimitPreview {
  period: Period;
  /** null: the resident had no readings in that month. */
  current: MyFigures | null;
  proposed: MyFigures | null;
}

const figures = (m: MemberResult | undefined): MyFigures | null =>
  m
    ? {
        boughtMWh: m.allocatedMWh.toString(),
        soldMWh: m.deliveredMWh.toString(),
        paidCents: m.debitCents.toString(),
        earnedCents: m.creditCents.toString(),
        winCents: (m.winCents ?? 0n).toString(),
        buyPriceEurPerKWh: averagePriceEurPerKWh(m.debitCents, m.allocatedMWh),
        sellPriceEurPerKWh: averagePriceEurPerKWh(m.creditCents, m.deliveredMWh),
      }
    : null;

/**
 * What the proposed limits would have meant in the previous calendar month: the community's readings
 * and everyone else's limits as they were, the resident's limits replaced (whole day, whole month)
 * by the proposal (a side left null keeps its current limits). Only the resident's figures leave.
 */
export async function previewMyLimits(db: Tx, member: OwnMember, input: z.infer<typeof myLimitPreviewInput>, now: Date): Promise<MyLimitPreview> {
  const t = await marketTariffsOf(db, member);
  const proposals: ["BUY" | "SELL", bigint][] = [];
  if (input.buyCtPerKWh !== null) proposals.push(["BUY", decimalToScaled(input.buyCtPerKWh, CT_SCALE)]);
  if (input.sellCtPerKWh !== null) proposals.push(["SELL", decimalToScaled(input.sellCtPerKWh, CT_SCALE)]);
  for (const [side, price] of proposals) rangeCheck(t, price, side === "BUY" ? "buyCtPerKWh" : "sellCtPerKWh");
  const thisMonth = periodContaining("MONTH", localDate(now, member.community.timeZone));
  const period = periodContaining("MONTH", addDays(thisMonth.start, -1));
  const inputs = await loadRunInputs(db, member.communityId, period);
  if (!inputs.series.some((s) => s.memberId === member.id)) return { period, current: null, proposed: null };
  const snapshot = inputs.community.market!;
  const replaced = new Set(proposals.map(([side]) => side));
  const market: MarketSnapshot = {
    ...snapshot,
    limits: [
      ...snapshot.limits.filter((v) => !(v.member === member.id && replaced.has(v.side))),
      ...proposals.map(([side, price]) => ({ member: member.id, side, validFrom: period.start, bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: formatDecimal(price, 6) }] })),
    ],
  };
  const mine = (rows: MemberResult[]) => rows.find((m) => m.memberId === member.id);
  const current = computeRun(inputs);
  const proposed = computeRun({ ...inputs, community: { ...inputs.community, market } });
  return { period, current: figures(mine(current.members)), proposed: figures(mine(proposed.members)) };
}
