// A settlement run computed from plain data: the period's metered series (what run-inputs.ts reads),
// the community's rule and prices, and, for a correction, the entries of the run it replaces. Pure:
// no database, no clock, no randomness — the run id, the chain's tail and "now" come from the caller
// (finalize-run.ts), so the same inputs always give the same results, postings, entries and digest.
import { createHash } from "node:crypto";
import { AppError } from "@/server/errors";
import { chainPostings, ZERO_HASH, type ChainedEntry, type Posting } from "@/server/ledger/entry-encoding";
import { FRACTION_DECIMALS, type AllocationRule } from "./allocation";
import { compareCodePoints } from "./code-point-order";
import { parseDecimal } from "./decimal";
import type { DenseSeries } from "./dense-dynamic";
import { settle, settleDense, type SettlementInterval, type SettlementResult, type SettlementValuation } from "./engine";
import type { Zone } from "./it-cer";
import { marketDays, marketRuleFromSnapshot } from "./market-run";
import type { MarketRule } from "./market/settle-market";
import type { MemberFigures } from "./member-figures";
import type { Period } from "./periods";
import { cerPostings, flatPostings, marketPostings, reversalPostings, sumAmounts, type PostingMember } from "./postings";
import type { RunCommunity, RunInputs, Series } from "./run-inputs";
import { itCerParamsSchema, type AcceptedGap, type StoredRunTotals } from "./run-schemas";
import { PRICE_DECIMALS } from "./valuation";

/** A member's results of a run: who they are, their figures (member-figures.ts) and, under the market
 *  rule, their win: saving against R plus extra against F, cents (shown, not posted); null otherwise. */
export type MemberResult = { memberId: string; pseudonym: string; reference: string; kind: string } & MemberFigures & { winCents: bigint | null };

/** A metering point with missing intervals (stored as the run's accepted gaps). */
export type GapRow = AcceptedGap;

/** A run's totals as stored in settlement_run.totals. */
export type RunTotals = StoredRunTotals;

export interface Computation {
  inputs: RunInputs;
  members: MemberResult[];
  gaps: GapRow[];
  totals: Omit<RunTotals, "entries">;
  postings: Posting[];
}

/** What run-inputs.ts reads, before the digest: plain data (a golden fixture can hold it as JSON). */
export type RunData = Omit<RunInputs, "inputsDigest">;

/** Zonal prices (Pz) in micro-EUR/MWh by UTC hour ("YYYY-MM-DDTHH:00:00.000Z"). */
export type ZonalPrices = ReadonlyMap<string, bigint>;

export function ruleSnapshot(c: RunCommunity) {
  return { kind: c.ruleKind, params: c.ruleParams, priceEurPerKWh: c.priceEurPerKWh, intervalMinutes: c.intervalMinutes, timeZone: c.timeZone, ...(c.market ? { market: c.market } : {}) };
}

/** Stable JSON: object keys sorted, so the digest does not depend on key order in the database. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * SHA-256 (hex) of everything that affects the result, format "dajie-settlement-inputs/2": the
 * values the engine will see (not the query's text), so it changes only when the inputs do — each
 * window, then each interval's mWh as a little-endian int64, −1 if missing.
 */
export function inputsDigest(d: Pick<RunData, "community" | "period" | "intervalCount" | "series">): string {
  const digest = createHash("sha256");
  digest.update(`dajie-settlement-inputs/2\n${d.community.id}\n${d.period.start}/${d.period.end}\n${d.intervalCount}\n${stableJson(ruleSnapshot(d.community))}\n`);
  for (const s of d.series) {
    digest.update(`${s.meteringPointId}|${s.memberId}|${s.direction}|${s.fromIdx}|${s.toIdx}\n`);
    const values = new DataView(new ArrayBuffer(8 * (s.toIdx - s.fromIdx)));
    for (let k = s.fromIdx; k < s.toIdx; k++) values.setBigInt64(8 * (k - s.fromIdx), s.energy[k] ?? -1n, true);
    digest.update(new Uint8Array(values.buffer));
  }
  return digest.digest("hex");
}

/** The missing-interval count of a series' window, and the first missing index. */
export function missingOf(energy: readonly (bigint | undefined)[], fromIdx: number, toIdx: number): Pick<Series, "missing" | "firstMissingIdx"> {
  let missing = 0;
  let firstMissingIdx: number | null = null;
  for (let k = fromIdx; k < toIdx; k++) {
    if (energy[k] === undefined) {
      missing++;
      firstMissingIdx ??= k;
    }
  }
  return { missing, firstMissingIdx };
}

const SHARE_SCALE = 6;

/** A decimal string with up to `scale` decimals → parts per 10^12. */
function toFraction(text: string, scale: number): bigint {
  return parseDecimal(text, scale) * 10n ** BigInt(FRACTION_DECIMALS - scale);
}

/** The community's allocation rule, in the engine's terms. */
function ruleOf(inputs: RunData): AllocationRule | MarketRule {
  const { ruleKind, ruleParams } = inputs.community;
  if (ruleKind === "MARKET") {
    if (!inputs.community.market) throw new Error("market rule without its limits (run-inputs.ts loads them)");
    return marketRuleFromSnapshot(inputs.community.market);
  }
  // Italy CER shares energy virtually, hour by hour: dynamic pro-rata gives each member's part.
  if (ruleKind === "DYNAMIC" || ruleKind === "IT_CER") return { kind: "dynamic" };
  // Shares are stored per pseudonym with up to 6 decimals; the engine wants parts per 10^12.
  const byPseudonym = new Map(inputs.series.map((s) => [s.pseudonym, s.memberId]));
  const shares = new Map<string, bigint>();
  for (const [pseudonym, share] of Object.entries((ruleParams.shares ?? {}) as Record<string, string>)) {
    const id = byPseudonym.get(pseudonym);
    if (id) shares.set(id, toFraction(share, SHARE_SCALE));
  }
  return { kind: "static", shares, redistribute: ruleKind === "STATIC_REDISTRIBUTE" };
}

/** The Italy CER parameters of the community, read through their schema (defaults filled in). */
const cerParams = (c: RunCommunity) => (c.ruleKind === "IT_CER" ? itCerParamsSchema.parse(c.ruleParams) : null);

/** The community's valuation, in the engine's terms (none for the market: it values itself). */
function valuationOf(c: RunCommunity): SettlementValuation | undefined {
  if (c.ruleKind === "MARKET") return undefined;
  const cer = cerParams(c);
  if (!cer) return { kind: "flat", priceMicroEurPerKWh: parseDecimal(c.priceEurPerKWh, PRICE_DECIMALS) };
  const split = cer.split;
  return {
    kind: "it-cer",
    plantW: parseDecimal(cer.plantKw, 3),
    zone: cer.zone,
    pv: cer.pv,
    grantFactor: toFraction(cer.grantFactor, 4),
    arera: parseDecimal(cer.areraEurPerMWh, PRICE_DECIMALS),
    split: { producers: toFraction(split.producers, 6), consumers: toFraction(split.consumers, 6), fund: toFraction(split.fund, 6) },
  };
}

const hourOf = (start: string) => `${start.slice(0, 13)}:00:00.000Z`;

function intervalsOf(inputs: RunData): SettlementInterval[] {
  const slots: (SettlementInterval | undefined)[] = new Array(inputs.intervalCount);
  const base = inputs.from.getTime();
  const step = inputs.intervalSeconds * 1000;
  // Members in code-point order, so every interval's maps are built already sorted (the engine
  // then skips re-sorting them).
  const series = [...inputs.series].sort((a, b) => compareCodePoints(a.memberId, b.memberId));
  for (const s of series) {
    for (let k = s.fromIdx; k < s.toIdx; k++) {
      const e = s.energy[k];
      if (e === undefined) continue;
      const slot = (slots[k] ??= { start: new Date(base + k * step).toISOString(), consumption: new Map(), production: new Map() });
      const side = (s.direction === "CONSUMPTION" ? slot.consumption : slot.production) as Map<string, bigint>;
      side.set(s.memberId, (side.get(s.memberId) ?? 0n) + e);
    }
  }
  return slots.filter((s): s is SettlementInterval => s !== undefined);
}

/**
 * The zonal prices the run needs (Italy CER: Pz of each UTC hour with data; Italy's offsets are
 * whole hours), or null when the rule needs none. The caller loads them and passes them to computeRun.
 */
export function zonalPriceNeed(inputs: RunData): { zone: string; from: string; to: string } | null {
  const cer = cerParams(inputs.community);
  if (!cer) return null;
  const intervals = intervalsOf(inputs);
  if (intervals.length === 0) return null;
  return { zone: cer.marketZone, from: hourOf(intervals[0]!.start), to: intervals[intervals.length - 1]!.start };
}

function withZonalPrices(intervals: SettlementInterval[], zone: string, prices: ZonalPrices): SettlementInterval[] {
  const missing = [...new Set(intervals.map((iv) => hourOf(iv.start)).filter((h) => !prices.has(h)))];
  if (missing.length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      `No zonal price (Pz, zone ${zone}) for ${missing.length} hour(s) of this period, from ${missing[0]}. Load them with \`npm run -s dajie -- zonal-prices import FILE --zone ${zone}\`.`,
      missing.slice(0, 20).map((h) => ({ where: h, message: "no zonal price" })),
    );
  }
  return intervals.map((iv) => ({ ...iv, zonalPrice: prices.get(hourOf(iv.start))! }));
}

const denseSeries = (inputs: RunData): DenseSeries[] =>
  inputs.series.map((s) => ({ memberId: s.memberId, side: s.direction === "CONSUMPTION" ? "consumption" : "production", fromIdx: s.fromIdx, toIdx: s.toIdx, energy: s.energy }));

const sum = (m: ReadonlyMap<string, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);
const byReference = (a: { reference: string }, b: { reference: string }) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0);

/** Settles a period: per-member results, gaps, totals and balanced postings. */
export function computeRun(inputs: RunInputs, zonalPrices: ZonalPrices = new Map()): Computation {
  const need = zonalPriceNeed(inputs);
  const problem = { rule: ruleOf(inputs), participation: new Map<string, bigint>(), valuation: valuationOf(inputs.community) };
  // The dense fast path when the rule allows it (engine.ts: settleDense), else per-interval maps.
  const result =
    (need ? null : settleDense(problem, denseSeries(inputs), inputs.intervalCount)) ??
    settle({ ...problem, intervals: need ? withZonalPrices(intervalsOf(inputs), need.zone, zonalPrices) : intervalsOf(inputs) }, { keepIntervals: false });

  const info = new Map<string, PostingMember & { reference: string; kind: string }>();
  for (const s of inputs.series) info.set(s.memberId, { memberId: s.memberId, pseudonym: s.pseudonym, reference: s.reference, kind: s.memberKind });
  const t = result.totals;
  const money = moneyOf(result, info, inputs.community.timeZone);
  const { debits, credits, valueCents } = money;
  const members = [...info.values()]
    .map((m) => ({
      memberId: m.memberId,
      pseudonym: m.pseudonym,
      reference: m.reference,
      kind: m.kind,
      consumptionMWh: t.consumption.get(m.memberId) ?? 0n,
      injectionMWh: t.production.get(m.memberId) ?? 0n,
      allocatedMWh: t.allocated.get(m.memberId) ?? 0n,
      deliveredMWh: t.delivered.get(m.memberId) ?? 0n,
      surplusMWh: t.surplus.get(m.memberId) ?? 0n,
      debitCents: debits.get(m.memberId) ?? 0n,
      creditCents: credits.get(m.memberId) ?? 0n,
      pcCents: (credits.get(m.memberId) ?? 0n) - (debits.get(m.memberId) ?? 0n),
      winCents: money.win ? (money.win.get(m.memberId) ?? 0n) : null,
    }))
    .sort(byReference);

  const postings = money.postings;
  if (sumAmounts(postings) !== 0n) throw new Error("postings do not balance"); // the engine guarantees it

  const gaps: GapRow[] = inputs.series
    .filter((s) => s.missing > 0)
    .map((s) => ({
      meteringPointId: s.meteringPointId,
      code: s.code,
      direction: s.direction,
      pseudonym: s.pseudonym,
      reference: s.reference,
      expectedIntervals: s.toIdx - s.fromIdx,
      missingIntervals: s.missing,
      firstMissing: s.firstMissingIdx === null ? null : new Date(inputs.from.getTime() + s.firstMissingIdx * inputs.intervalSeconds * 1000).toISOString(),
    }))
    .sort((a, b) => b.missingIntervals - a.missingIntervals || (a.code < b.code ? -1 : 1));
  return {
    inputs,
    members,
    gaps,
    postings,
    totals: {
      members: members.length,
      consumptionMWh: sum(t.consumption).toString(),
      injectionMWh: sum(t.production).toString(),
      sharedMWh: t.shared.toString(),
      surplusMWh: sum(t.surplus).toString(),
      valueCents: valueCents.toString(),
      communityCreditCents: sum(credits).toString(),
      fundCents: money.fundCents.toString(),
      ...(money.market ? { market: money.market } : {}),
    },
  };
}

/**
 * Per member what they pay (flat, market: energy bought) and what they are credited (flat, market:
 * energy delivered, after the grid fee; CER: their part of the incentive), and the postings. The
 * fund's part (CER) stays with the community; the grid fee (market) goes to GRID_FEE.
 */
function moneyOf(result: SettlementResult, info: ReadonlyMap<string, PostingMember>, timeZone: string) {
  const t = result.totals;
  const mv = result.market;
  if (mv) {
    const win = mv.win;
    let winTotal = 0n;
    for (const w of win.values()) winTotal += w;
    return {
      debits: mv.debits as ReadonlyMap<string, bigint>,
      credits: mv.credits as ReadonlyMap<string, bigint>,
      valueCents: mv.valueCents,
      fundCents: 0n,
      win: win as ReadonlyMap<string, bigint> | null,
      postings: marketPostings(mv, t.allocated, t.delivered, info),
      market: { gridFeeCents: mv.feeCents.toString(), winCents: winTotal.toString(), days: marketDays(result.trades ?? [], timeZone) },
    };
  }
  const v = result.valuation!;
  const valueCents = v.kind === "flat" ? v.valueCents : v.incentive.totalCents + v.arera.totalCents;
  return {
    debits: (v.kind === "flat" ? v.debits : new Map()) as ReadonlyMap<string, bigint>,
    credits: v.credits as ReadonlyMap<string, bigint>,
    valueCents,
    fundCents: v.kind === "it-cer" ? v.fundCents : 0n,
    win: null,
    postings: v.kind === "flat" ? flatPostings(v, t.allocated, t.delivered, info) : cerPostings(v.credits, v.fundCents, valueCents, v.shared, info),
    market: undefined,
  };
}

/**
 * Refuses a finalize that must wait: a period that has not ended at `now`, or one with gaps that
 * nobody accepted (the scheduler never accepts: a person decides).
 */
export function finalizeRefusal(c: Computation, now: Date, acceptGaps: boolean): AppError | null {
  if (c.inputs.to.getTime() > now.getTime()) {
    return new AppError("CONFLICT", `This period has not ended yet: it ends at ${c.inputs.to.toISOString()} (midnight in ${c.inputs.community.timeZone}).`);
  }
  if (c.gaps.length > 0 && !acceptGaps) {
    const missing = c.gaps.reduce((a, g) => a + g.missingIntervals, 0);
    return new AppError(
      "CONFLICT",
      `${c.gaps.length} metering point(s) miss ${missing} interval(s) in this period. Review the gaps and confirm to settle anyway.`,
      c.gaps.slice(0, 20).map((g) => ({ where: g.code, message: `${g.missingIntervals} of ${g.expectedIntervals} intervals missing` })),
    );
  }
  return null;
}

const RESULT_FIELDS = ["consumptionMWh", "injectionMWh", "allocatedMWh", "deliveredMWh", "surplusMWh", "debitCents", "creditCents", "pcCents", "winCents"] as const;

/**
 * Whether a stored run holds exactly these results: the same per-member figures and the same
 * postings (kind, account, amount, energy, in order; its reversals left out). Inputs can differ
 * without changing results (e.g. a reading re-sent with the same value in a new batch); then no
 * correction run is needed.
 */
export function sameResults(
  stored: { members: readonly (Pick<MemberResult, (typeof RESULT_FIELDS)[number] | "memberId">)[]; postings: readonly (Pick<Posting, "account" | "amountCents" | "energyMWh"> & { kind: string })[] },
  c: Computation,
): boolean {
  if (stored.members.length !== c.members.length || stored.postings.length !== c.postings.length) return false;
  const byId = new Map(stored.members.map((m) => [m.memberId, m]));
  for (const m of c.members) {
    const s = byId.get(m.memberId);
    if (!s || RESULT_FIELDS.some((f) => s[f] !== m[f])) return false;
  }
  return stored.postings.every((e, k) => {
    const p = c.postings[k]!;
    return e.kind === p.kind && e.account === p.account && e.amountCents === p.amountCents && e.energyMWh === p.energyMWh;
  });
}

/** An entry of the run being corrected, as much as its reversal needs. */
export type ReversibleEntry = { seq: bigint; account: string; memberId: string | null; amountCents: bigint; energyMWh: bigint };

export interface RunRecords {
  runId: string;
  version: number;
  /** Reversals of the corrected run's entries, then this run's postings, numbered and hashed. */
  entries: ChainedEntry[];
  firstSeq: bigint;
  lastSeq: bigint;
  totals: RunTotals;
}

/**
 * The ledger entries a finalize appends: for a correction, the reversal of every entry of the
 * latest run, then the new postings, chained after the community's last entry (`tail`).
 */
export function runRecords(
  c: Computation,
  args: { runId: string; latest: { version: number; entries: readonly ReversibleEntry[] } | null; tail: { seq: bigint; hash: Uint8Array } | null },
): RunRecords {
  const reversals = args.latest ? reversalPostings(args.latest.entries) : [];
  const entries = chainPostings(
    { communityId: c.inputs.community.id, runId: args.runId, periodStart: c.inputs.period.start, periodEnd: c.inputs.period.end },
    [...reversals, ...c.postings],
    args.tail?.seq ?? 0n,
    args.tail?.hash ?? ZERO_HASH,
  );
  if (entries.length === 0) throw new AppError("BAD_REQUEST", "Nothing to settle: no member has readings in this period.");
  return {
    runId: args.runId,
    version: (args.latest?.version ?? 0) + 1,
    entries,
    firstSeq: entries[0]!.seq,
    lastSeq: entries[entries.length - 1]!.seq,
    totals: { ...c.totals, entries: entries.length },
  };
}

/** The period's bounds as the run table stores them (dates at UTC midnight). */
export function periodBounds(period: Period): { start: Date; end: Date } {
  return { start: new Date(`${period.start}T00:00:00Z`), end: new Date(`${period.end}T00:00:00Z`) };
}
