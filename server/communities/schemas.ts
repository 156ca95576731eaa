import { z } from "zod";
import { decimalString, decimalToScaled, timeZone } from "@/server/shared/validation";
import { text } from "@/server/shared/text";

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const ruleKinds = ["DYNAMIC", "STATIC", "STATIC_REDISTRIBUTE", "IT_CER", "MARKET"] as const;
export type RuleKind = (typeof ruleKinds)[number];

/** Italy's electricity market zones (GME), for hourly zonal prices. */
export const MARKET_ZONES = ["NORD", "CNOR", "CSUD", "SUD", "CALA", "SICI", "SARD"] as const;

/** Parameters per settlement rule, stored now and used by the settlement engine. */
export const dynamicRule = z.object({ kind: z.literal("DYNAMIC") });

export const staticRule = z.object({
  kind: z.enum(["STATIC", "STATIC_REDISTRIBUTE"]),
  /** Shares per member pseudonym, decimal strings summing to at most 1. */
  shares: z.record(z.string(), decimalString(6, "share")).default({}),
});

export const itCerRule = z.object({
  kind: z.literal("IT_CER"),
  plantKw: decimalString(3, "plant size").refine((v) => Number(v) <= 1000, "Plants above 1 MW are not eligible."),
  zone: z.enum(["north", "centre", "south"]),
  pv: z.boolean(),
  grantFactor: decimalString(4, "grant factor").refine((v) => Number(v) <= 1, "At most 1."),
  areraEurPerMWh: decimalString(4, "price").default("8.2"),
  /** The market zone whose hourly price Pz applies (GME zones). */
  marketZone: z.enum(MARKET_ZONES).default("NORD"),
  /** How the incentive and the ARERA valorisation are shared: parts summing to exactly 1. */
  split: z
    .object({ producers: decimalString(6, "share"), consumers: decimalString(6, "share"), fund: decimalString(6, "share") })
    .default({ producers: "0", consumers: "0", fund: "1" })
    .refine((sp) => decimalToScaled(sp.producers, 6) + decimalToScaled(sp.consumers, 6) + decimalToScaled(sp.fund, 6) === 1_000_000n, "The shares must add up to exactly 1."),
});

/**
 * Parameters of the market rule (docs/market.md): retail tariff R and feed-in tariff F (EUR/kWh,
 * R ≥ F), a grid fee per kWh added to sellers' asks, and the pricing. Members' limits live in their
 * own table (MarketLimit).
 */
export const marketRuleParams = z
  .object({
    kind: z.literal("MARKET"),
    retailEurPerKWh: decimalString(6, "tariff"),
    feedInEurPerKWh: decimalString(6, "tariff"),
    gridFeeEurPerKWh: decimalString(6, "grid fee").default("0"),
    pricing: z.enum(["midpoint", "uniform"]).default("midpoint"),
  })
  .refine((v) => decimalToScaled(v.retailEurPerKWh, 6) >= decimalToScaled(v.feedInEurPerKWh, 6), {
    path: ["retailEurPerKWh"],
    message: "The retail tariff must be at least the feed-in tariff.",
  });

export type MarketRuleParams = z.infer<typeof marketRuleParams>;

export const ruleParamsSchema = z.discriminatedUnion("kind", [dynamicRule, staticRule, itCerRule, marketRuleParams]);

export const communityInput = z
  .object({
    name: text().trim().min(2, "Give the community a name.").max(120),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .min(3, "At least 3 characters.")
      .max(60)
      .regex(SLUG_PATTERN, "Use lowercase letters, digits and single hyphens."),
    timeZone,
    intervalMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]),
    rule: ruleParamsSchema,
    priceEurPerKWh: decimalString(5, "price"),
    privacyThreshold: z.number().int().min(2, "At least 2.").max(1000),
    /** Billing: VAT percent on charges to members and on credits to producers; payment terms in days. */
    vatChargesPercent: decimalString(2, "VAT rate").refine((v) => Number(v) <= 100, "At most 100 %.").default("0"),
    vatCreditsPercent: decimalString(2, "VAT rate").refine((v) => Number(v) <= 100, "At most 100 %.").default("0"),
    paymentTermsDays: z.number().int().min(0, "At least 0.").max(365, "At most 365 days.").default(30),
    /** The organization that issues the invoices; null: the serving ESCO if exactly one, else the municipality. */
    billingOrgId: z.uuid().nullable().default(null),
    /** The community fee: a percentage of the credits paid out to each member, and a fixed amount per member and period. */
    feeCreditsPercent: decimalString(2, "percentage").refine((v) => Number(v) <= 100, "At most 100 %.").default("0"),
    feeFixedEur: decimalString(2, "amount").refine((v) => Number(v) <= 1_000_000, "At most 1,000,000 €.").default("0"),
    /** Grams of CO₂ per kWh of grid electricity where the community is; shared energy avoids them. */
    co2GramsPerKWh: z.number({ error: "Give a whole number of grams." }).int("Give a whole number of grams.").min(0, "At least 0.").max(2000, "At most 2000 g/kWh.").default(250),
  })
  .superRefine((v, ctx) => {
    if (v.rule.kind === "STATIC" || v.rule.kind === "STATIC_REDISTRIBUTE") {
      // Exact sum in millionths: shares have at most 6 decimals.
      const sum = Object.values(v.rule.shares).reduce((acc, s) => acc + decimalToScaled(s, 6), 0n);
      if (sum > 1_000_000n) ctx.addIssue({ code: "custom", path: ["rule", "shares"], message: "Shares must sum to at most 1." });
    }
  });

export type CommunityInput = z.infer<typeof communityInput>;
