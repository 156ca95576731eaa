// The JSON columns of a settlement run, read back through zod: the rule snapshot (what the run was
// computed with), the accepted gaps (missing meter data a person chose to settle anyway) and the
// totals. Pure, no server imports: the console pages and the resident's pages import it too.
// finalize-run.ts writes these columns; run-computation.ts computes them with these very types
// (ruleSnapshot(), GapRow = AcceptedGap, RunTotals = StoredRunTotals).
import { z } from "zod";
import { dynamicRule, itCerRule, staticRule, type RuleKind } from "@/server/communities/schemas";

const marketBandSchema = z.object({ from: z.string(), to: z.string(), priceEurPerKWh: z.string() });
export const marketSnapshotSchema = z.object({
  retailEurPerKWh: z.string(),
  feedInEurPerKWh: z.string(),
  gridFeeEurPerKWh: z.string(),
  pricing: z.enum(["midpoint", "uniform"]),
  timeZone: z.string(),
  limits: z.array(z.object({ member: z.string(), side: z.enum(["BUY", "SELL"]), validFrom: z.string(), bands: z.array(marketBandSchema) })),
});
export type MarketSnapshot = z.infer<typeof marketSnapshotSchema>;

const snapshotCommon = {
  /** The community price (EUR/kWh, 5 decimals) of flat rules. */
  priceEurPerKWh: z.string(),
  intervalMinutes: z.number().int(),
  timeZone: z.string(),
};

/** A community's stored Italy CER parameters (community.rule_params, the snapshot's params);
 *  run-computation.ts reads community.ruleParams through it. */
export const itCerParamsSchema = itCerRule.omit({ kind: true });

export const ruleSnapshotSchema = z.discriminatedUnion("kind", [
  z.object({ kind: dynamicRule.shape.kind, params: dynamicRule.omit({ kind: true }), ...snapshotCommon }),
  z.object({ kind: staticRule.shape.kind, params: staticRule.omit({ kind: true }), ...snapshotCommon }),
  z.object({ kind: itCerRule.shape.kind, params: itCerParamsSchema, ...snapshotCommon }),
  // The market rule as the run used it (server/market/limits.ts: marketRuleSnapshot): tariffs,
  // pricing and every member's limits (by member id) in force for the period.
  z.object({ kind: z.literal("MARKET"), params: z.record(z.string(), z.unknown()), market: marketSnapshotSchema, ...snapshotCommon }),
]);
export type RuleSnapshot = z.infer<typeof ruleSnapshotSchema>;

export const parseRuleSnapshot = (json: unknown): RuleSnapshot => ruleSnapshotSchema.parse(json);

/** A metering point with missing intervals in the run's period. */
export const acceptedGapSchema = z.object({
  meteringPointId: z.string(),
  code: z.string(),
  direction: z.string(),
  pseudonym: z.string(),
  reference: z.string(),
  expectedIntervals: z.number().int(),
  missingIntervals: z.number().int(),
  /** UTC instant of the first missing interval. */
  firstMissing: z.string().nullable(),
});
export type AcceptedGap = z.infer<typeof acceptedGapSchema>;

export const acceptedGapsSchema = z.array(acceptedGapSchema);
export const parseAcceptedGaps = (json: unknown): AcceptedGap[] => acceptedGapsSchema.parse(json);

const decimal = z.string().regex(/^-?\d+$/);

export const runTotalsSchema = z.object({
  members: z.number().int(),
  consumptionMWh: decimal,
  injectionMWh: decimal,
  sharedMWh: decimal,
  surplusMWh: decimal,
  /** Value of the shared energy: what consumers pay and producers are credited. */
  valueCents: decimal,
  /** Community Credit: the sum of the credits posted to members' PC accounts. */
  communityCreditCents: decimal,
  /** Italy CER: the part of incentive and valorisation kept by the community fund (0 for flat rules). */
  fundCents: decimal.default("0"),
  /** Market rule: the grid fee, the value kept in the community (Σ win) and each local day's trades. */
  market: z
    .object({
      gridFeeCents: decimal,
      winCents: decimal,
      days: z.array(z.object({ date: z.string(), tradedMWh: decimal, priceEurPerKWh: z.string() })),
    })
    .optional(),
  entries: z.number().int(),
});
export type StoredRunTotals = z.infer<typeof runTotalsSchema>;
export const parseRunTotals = (json: unknown): StoredRunTotals => runTotalsSchema.parse(json);

/** Console label of a settlement rule. */
export const RULE_LABELS: Record<RuleKind, string> = {
  DYNAMIC: "Dynamic pro-rata",
  STATIC: "Static keys",
  STATIC_REDISTRIBUTE: "Static keys, unused shares redistributed",
  IT_CER: "Italy CER",
  MARKET: "Neighbourhood market",
};

/** "Dynamic pro-rata, 0.12 € per kWh of shared energy": the rule a run used, in a line. */
export function ruleSummary(rule: RuleSnapshot): string {
  const label = RULE_LABELS[rule.kind];
  if (rule.kind === "IT_CER") return label;
  if (rule.kind === "MARKET") {
    const m = rule.market;
    const fee = m.gridFeeEurPerKWh === "0.000000" || trimZeros(m.gridFeeEurPerKWh) === "0" ? "" : `, grid fee ${trimZeros(m.gridFeeEurPerKWh)} €/kWh`;
    return `${label} (${m.pricing}), retail ${trimZeros(m.retailEurPerKWh)} €/kWh, feed-in ${trimZeros(m.feedInEurPerKWh)} €/kWh${fee}`;
  }
  return `${label}, ${trimZeros(rule.priceEurPerKWh)} € per kWh of shared energy`;
}

const trimZeros = (decimalText: string) => decimalText.replace(/(\.\d*?[1-9])0+$|\.0+$/, "$1");
