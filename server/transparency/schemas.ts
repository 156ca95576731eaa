// What the public may receive, as zod schemas: the tRPC output is parsed through them, so a field
// that is not declared here (a member id, a hidden value) cannot leave even by mistake.
import { z } from "zod";
import { SLUG_PATTERN } from "@/server/communities/schemas";
import { SUPPRESSION_REASONS } from "./privacy";

export const publicSlug = z.object({ slug: z.string().trim().toLowerCase().max(60).regex(SLUG_PATTERN) });

// A hidden figure: a reason code and the numbers its words need (k, the 30 % share), never a value.
const hidden = z.object({
  shown: z.literal(false),
  reason: z.enum(SUPPRESSION_REASONS),
  params: z.strictObject({ k: z.number().int().optional(), maxSharePercent: z.number().optional() }),
});
const integer = z.string().regex(/^-?\d+$/);
const amount = z.discriminatedUnion("shown", [z.object({ shown: z.literal(true), value: integer }), hidden]);
const rate = z.discriminatedUnion("shown", [z.object({ shown: z.literal(true), percent: z.string().regex(/^\d+\.\d$/) }), hidden]);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const energyRow = z.object({
  key: z.string(),
  from: date,
  to: date,
  productionMWh: amount.nullable(),
  consumptionMWh: amount.nullable(),
  sharedMWh: amount.nullable(),
  surplusMWh: amount.nullable(),
  selfSufficiency: rate.nullable(),
  selfConsumption: rate.nullable(),
  avoidedCo2Micrograms: amount.nullable(),
});

export const publicStatsOutput = z.object({
  community: z.object({
    name: z.string(),
    slug: z.string(),
    municipality: z.string(),
    timeZone: z.string(),
    intervalMinutes: z.number(),
    ruleKind: z.enum(["DYNAMIC", "STATIC", "STATIC_REDISTRIBUTE", "IT_CER", "MARKET"]),
    privacyThreshold: z.number(),
    co2GramsPerKWh: z.number(),
  }),
  until: date,
  figures: z.object({
    privacy: z.object({ k: z.number(), maxSharePercent: z.number() }),
    sharedFrom: z.enum(["intervals", "settlement-runs"]),
    energy: z.object({ total: energyRow.nullable(), years: z.array(energyRow), months: z.array(energyRow), days: z.array(energyRow) }),
    periods: z.array(
      z.object({
        from: date,
        to: date,
        version: z.number(),
        sharedMWh: amount.nullable(),
        avoidedCo2Micrograms: amount.nullable(),
        communityCreditCents: amount,
        creditsPaidToDateCents: amount,
        market: z
          .object({
            valueKeptCents: amount,
            averagePriceEurPerKWh: z.discriminatedUnion("shown", [z.object({ shown: z.literal(true), value: z.string().regex(/^\d+\.\d+$/) }), hidden]).nullable(),
          })
          .nullable(),
      }),
    ),
    communityCreditTotalCents: amount.nullable(),
    valueKeptTotalCents: amount.nullable(),
    members: z.object({ total: amount, byKind: z.array(z.object({ kind: z.enum(["CONSUMER", "PRODUCER", "PROSUMER"]), count: amount })) }),
  }),
});

export const publicCheckpointsOutput = z.object({
  checkpoints: z.array(z.object({ treeSize: integer, root: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string(), periodStart: date, periodEnd: date, version: z.number() })),
});
