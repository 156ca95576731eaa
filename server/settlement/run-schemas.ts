// The JSON columns of a settlement run, read back through zod: the rule snapshot (what the run was
// computed with), the accepted gaps (missing meter data a person chose to settle anyway) and the
// totals. Pure, no server imports: the console pages and the resident's pages import it too.
// finalize-run.ts writes these columns; run-computation.ts computes them with these very types
// (ruleSnapshot(), GapRow = AcceptedGap, RunTotals = StoredRunTotals).
import { z } from "zod";
import { dynamicRule, itCerRule, staticRule, type RuleKind } from "@/server/communities/schemas";

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
};

/** "Dynamic pro-rata, 0.12 € per kWh of shared energy": the rule a run used, in a line. */
export function ruleSummary(rule: RuleSnapshot): string {
  const label = RULE_LABELS[rule.kind];
  if (rule.kind === "IT_CER") return label;
  return `${label}, ${trimZeros(rule.priceEurPerKWh)} € per kWh of shared energy`;
}

const trimZeros = (decimalText: string) => decimalText.replace(/(\.\d*?[1-9])0+$|\.0+$/, "$1");
