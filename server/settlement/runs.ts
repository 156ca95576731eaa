// Settlement runs: preview (compute, write nothing) and finalize (write the run, its per-member
// results, its ledger entries and a checkpoint, in one transaction). Finalizing is idempotent: under a
// per-community advisory lock, a request whose inputs match the period's latest run returns that run;
// changed inputs make a correction run that reverses the latest run's entries and posts new ones.
import type { Db, Tx } from "@/server/db/client";
import { checkpointCommitted } from "@/server/anchors/checkpoint-hook";
import { recordAudit } from "@/server/audit/audit";
import { AppError } from "@/server/errors";
import { chainPostings, ZERO_HASH, type Posting } from "@/server/ledger/entry-encoding";
import { rootFromLeafHashes, hex } from "@/server/ledger/merkle";
import { FRACTION_DECIMALS, type AllocationRule } from "./allocation";
import { compareCodePoints } from "./code-point-order";
import { parseDecimal } from "./decimal";
import { settle, type SettlementInterval, type SettlementResult, type SettlementValuation } from "./engine";
import type { Zone } from "./it-cer";
import { checkRange, type Period } from "./periods";
import { cerPostings, flatPostings, reversalPostings, sumAmounts, type PostingMember } from "./postings";
import { loadRunInputs, ruleSnapshot, type RunInputs } from "./run-inputs";
import { PRICE_DECIMALS } from "./valuation";
import { dateToIso } from "@/server/shared/validation";

export interface MemberResult {
  memberId: string;
  pseudonym: string;
  reference: string;
  kind: string;
  consumptionMWh: bigint;
  injectionMWh: bigint;
  allocatedMWh: bigint;
  deliveredMWh: bigint;
  surplusMWh: bigint;
  debitCents: bigint;
  creditCents: bigint;
  pcCents: bigint;
}

export interface GapRow {
  meteringPointId: string;
  code: string;
  direction: string;
  pseudonym: string;
  reference: string;
  expectedIntervals: number;
  missingIntervals: number;
  /** UTC instant of the first missing interval. */
  firstMissing: string | null;
}

export interface RunTotals {
  members: number;
  consumptionMWh: string;
  injectionMWh: string;
  sharedMWh: string;
  surplusMWh: string;
  /** Value of the shared energy: what consumers pay and producers are credited. */
  valueCents: string;
  /** Community Credit: the sum of the credits posted to members' PC accounts. */
  communityCreditCents: string;
  /** Italy CER: the part of incentive and valorisation kept by the community fund. */
  fundCents: string;
  entries: number;
}

export interface Computation {
  inputs: RunInputs;
  members: MemberResult[];
  gaps: GapRow[];
  totals: Omit<RunTotals, "entries">;
  postings: Posting[];
}

const SHARE_SCALE = 6;

function ruleOf(inputs: RunInputs): AllocationRule {
  const { ruleKind, ruleParams } = inputs.community;
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

/** A decimal string with up to `scale` decimals → parts per 10^12. */
function toFraction(text: string, scale: number): bigint {
  return parseDecimal(text, scale) * 10n ** BigInt(FRACTION_DECIMALS - scale);
}

interface CerParams {
  plantKw: string;
  zone: Zone;
  pv: boolean;
  grantFactor: string;
  areraEurPerMWh: string;
  marketZone?: string;
  split?: { producers: string; consumers: string; fund: string };
}

function cerValuation(params: CerParams): SettlementValuation {
  const split = params.split ?? { producers: "0", consumers: "0", fund: "1" };
  return {
    kind: "it-cer",
    plantW: parseDecimal(params.plantKw, 3),
    zone: params.zone,
    pv: params.pv,
    grantFactor: toFraction(params.grantFactor, 4),
    arera: parseDecimal(params.areraEurPerMWh, PRICE_DECIMALS),
    split: { producers: toFraction(split.producers, 6), consumers: toFraction(split.consumers, 6), fund: toFraction(split.fund, 6) },
  };
}

/** Pz of each interval's UTC hour (Italy's offsets are whole hours); every hour with data needs one. */
async function withZonalPrices(db: Tx, intervals: SettlementInterval[], zone: string): Promise<SettlementInterval[]> {
  if (intervals.length === 0) return intervals;
  const hour = (iv: SettlementInterval) => `${iv.start.slice(0, 13)}:00:00.000Z`;
  const rows = await db.zonalPrice.findMany({
    where: { zone, hourStart: { gte: new Date(hour(intervals[0]!)), lte: new Date(intervals[intervals.length - 1]!.start) } },
    select: { hourStart: true, eurPerMWh: true },
  });
  const prices = new Map(rows.map((r) => [r.hourStart.toISOString(), parseDecimal(r.eurPerMWh.toFixed(6), PRICE_DECIMALS)]));
  const missing = [...new Set(intervals.map(hour).filter((h) => !prices.has(h)))];
  if (missing.length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      `No zonal price (Pz, zone ${zone}) for ${missing.length} hour(s) of this period, from ${missing[0]}. Load them with \`npm run -s dajie -- zonal-prices import FILE --zone ${zone}\`.`,
      missing.slice(0, 20).map((h) => ({ where: h, message: "no zonal price" })),
    );
  }
  return intervals.map((iv) => ({ ...iv, zonalPrice: prices.get(hour(iv))! }));
}

function intervalsOf(inputs: RunInputs): SettlementInterval[] {
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

/** Computes a period without writing anything. */
export async function computeRun(db: Tx, communityId: string, period: Period): Promise<Computation> {
  const problem = checkRange(period);
  if (problem) throw new AppError("BAD_REQUEST", problem, [{ where: "period", message: problem }]);
  const inputs = await loadRunInputs(db, communityId, period);
  const cer = inputs.community.ruleKind === "IT_CER" ? (inputs.community.ruleParams as unknown as CerParams) : null;
  const intervals = cer ? await withZonalPrices(db, intervalsOf(inputs), cer.marketZone ?? "NORD") : intervalsOf(inputs);
  const result: SettlementResult = settle({
    rule: ruleOf(inputs),
    participation: new Map(),
    valuation: cer ? cerValuation(cer) : { kind: "flat", priceMicroEurPerKWh: parseDecimal(inputs.community.priceEurPerKWh, PRICE_DECIMALS) },
    intervals,
  }, { keepIntervals: false });

  const info = new Map<string, PostingMember & { reference: string; kind: string }>();
  for (const s of inputs.series) info.set(s.memberId, { memberId: s.memberId, pseudonym: s.pseudonym, reference: s.reference, kind: s.memberKind });
  const t = result.totals;
  // Per member: what they pay (flat) and what they are credited (flat: energy delivered; CER: their
  // part of the incentive); the fund's part (CER) stays with the community.
  const v = result.valuation!;
  const debits: ReadonlyMap<string, bigint> = v.kind === "flat" ? v.debits : new Map();
  const credits: ReadonlyMap<string, bigint> = v.credits;
  const valueCents = v.kind === "flat" ? v.valueCents : v.incentive.totalCents + v.arera.totalCents;
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
    }))
    .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));

  const postings = v.kind === "flat" ? flatPostings(v, t.allocated, t.delivered, info) : cerPostings(v.credits, v.fundCents, valueCents, v.shared, info);
  if (sumAmounts(postings) !== 0n) throw new Error("postings do not balance"); // the engine guarantees it

  const sum = (m: ReadonlyMap<string, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);
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
      fundCents: (v.kind === "it-cer" ? v.fundCents : 0n).toString(),
    },
  };
}

export type Finalizer = { kind: "user"; userId: string; requestId?: string; orgId: string } | { kind: "scheduler" };

export interface FinalizeOptions {
  /** The caller has seen the gap report and settles anyway. */
  acceptGaps?: boolean;
  /** Set by the scheduler and by tests; default 120 s. */
  timeoutMs?: number;
  /** The clock (tests pin it); a period can be finalized only after it ended. */
  now?: Date;
}

export interface FinalizeOutcome {
  runId: string;
  version: number;
  /** false when an identical run already existed (nothing was written). */
  created: boolean;
}

/**
 * Whether a run already holds exactly these results: the same per-member figures and the same
 * postings (kind, account, amount, energy, in order). Inputs can differ without changing results
 * (e.g. a reading re-sent with the same value in a new batch); then no correction run is needed.
 */
async function sameResults(tx: Tx, runId: string, c: Computation): Promise<boolean> {
  const [members, entries] = await Promise.all([
    tx.settlementRunMember.findMany({ where: { runId } }),
    tx.ledgerEntry.findMany({ where: { runId, kind: { not: "REVERSAL" } }, orderBy: { seq: "asc" }, select: { kind: true, account: true, amountCents: true, energyMWh: true } }),
  ]);
  if (members.length !== c.members.length || entries.length !== c.postings.length) return false;
  const stored = new Map(members.map((m) => [m.memberId, m]));
  const fields = ["consumptionMWh", "injectionMWh", "allocatedMWh", "deliveredMWh", "surplusMWh", "debitCents", "creditCents", "pcCents"] as const;
  for (const m of c.members) {
    const s = stored.get(m.memberId);
    if (!s || fields.some((f) => s[f] !== m[f])) return false;
  }
  return entries.every((e, k) => {
    const p = c.postings[k]!;
    return e.kind === p.kind && e.account === p.account && e.amountCents === p.amountCents && e.energyMWh === p.energyMWh;
  });
}

const lastDay = (exclusiveEnd: Date) => dateToIso(new Date(exclusiveEnd.getTime() - 86_400_000));

function lockKey(communityId: string): string {
  return `dajie-ledger:${communityId}`;
}

/**
 * Finalizes a period. Safe to call any number of times at once: the per-community advisory lock
 * serialises writers, and under it the latest run of the period is compared by inputs digest.
 */
export async function finalizeRun(db: Db, communityId: string, period: Period, by: Finalizer, options: FinalizeOptions = {}): Promise<FinalizeOutcome> {
  const c = await computeRun(db, communityId, period);
  if (c.inputs.to.getTime() > (options.now ?? new Date()).getTime()) {
    throw new AppError("CONFLICT", `This period has not ended yet: it ends at ${c.inputs.to.toISOString()} (midnight in ${c.inputs.community.timeZone}).`);
  }
  if (c.gaps.length > 0 && !options.acceptGaps) {
    const missing = c.gaps.reduce((a, g) => a + g.missingIntervals, 0);
    throw new AppError(
      "CONFLICT",
      `${c.gaps.length} metering point(s) miss ${missing} interval(s) in this period. Review the gaps and confirm to settle anyway.`,
      c.gaps.slice(0, 20).map((g) => ({ where: g.code, message: `${g.missingIntervals} of ${g.expectedIntervals} intervals missing` })),
    );
  }
  const outcome = await db.$transaction(
    async (tx): Promise<FinalizeOutcome & { checkpointSize?: bigint }> => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey(communityId)}, 0))`;
      const runs = await tx.settlementRun.findMany({
        where: { communityId },
        select: { id: true, periodStart: true, periodEnd: true, version: true, inputsDigest: true },
        orderBy: { version: "desc" },
      });
      const start = new Date(`${period.start}T00:00:00Z`);
      const end = new Date(`${period.end}T00:00:00Z`);
      const same = runs.filter((r) => r.periodStart.getTime() === start.getTime() && r.periodEnd.getTime() === end.getTime());
      const overlapping = runs.find((r) => !same.includes(r) && r.periodStart < end && r.periodEnd > start);
      if (overlapping) {
        throw new AppError(
          "CONFLICT",
          `This period overlaps the settled period from ${dateToIso(overlapping.periodStart)} to ${lastDay(overlapping.periodEnd)} (last day included); energy can be settled only once.`,
        );
      }
      const latest = same[0];
      if (latest && (latest.inputsDigest === c.inputs.inputsDigest || (await sameResults(tx, latest.id, c)))) {
        // Nothing would change in the ledger: note that the run was checked against today's data.
        const key = { communityId, periodStart: start, periodEnd: end };
        const check = { runId: latest.id, inputsDigest: c.inputs.inputsDigest, checkedAt: new Date() };
        await tx.settlementCheck.upsert({ where: { communityId_periodStart_periodEnd: key }, create: { ...key, ...check }, update: check });
        return { runId: latest.id, version: latest.version, created: false };
      }

      const reversals = latest
        ? reversalPostings(
            await tx.ledgerEntry.findMany({
              where: { communityId, runId: latest.id },
              select: { seq: true, account: true, memberId: true, amountCents: true, energyMWh: true },
            }),
          )
        : [];
      const postings = [...reversals, ...c.postings];
      const last = await tx.ledgerEntry.findFirst({ where: { communityId }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
      const runId = crypto.randomUUID();
      const entries = chainPostings(
        { communityId, runId, periodStart: period.start, periodEnd: period.end },
        postings,
        last?.seq ?? 0n,
        last ? new Uint8Array(last.hash) : ZERO_HASH,
      );
      if (entries.length === 0) throw new AppError("BAD_REQUEST", "Nothing to settle: no member has readings in this period.");
      const earlier = await tx.ledgerEntry.findMany({ where: { communityId }, orderBy: { seq: "asc" }, select: { hash: true } });
      const root = rootFromLeafHashes([...earlier.map((e) => new Uint8Array(e.hash)), ...entries.map((e) => e.hash)]);
      const firstSeq = entries[0]!.seq;
      const lastSeq = entries[entries.length - 1]!.seq;
      const version = (latest?.version ?? 0) + 1;
      const totals: RunTotals = { ...c.totals, entries: entries.length };

      await tx.settlementRun.create({
        data: {
          id: runId,
          communityId,
          periodStart: start,
          periodEnd: end,
          version,
          correctsId: latest?.id ?? null,
          ruleSnapshot: ruleSnapshot(c.inputs.community) as object,
          inputsDigest: c.inputs.inputsDigest,
          totals: totals as object,
          gaps: c.gaps as object[],
          firstSeq,
          lastSeq,
          checkpointSize: lastSeq,
          checkpointRoot: hex(root),
          startedBy: by.kind === "user" ? by.userId : "scheduler",
        },
      });
      await tx.settlementRunMember.createMany({
        data: c.members.map((m) => ({
          runId,
          memberId: m.memberId,
          pseudonym: m.pseudonym,
          consumptionMWh: m.consumptionMWh,
          injectionMWh: m.injectionMWh,
          allocatedMWh: m.allocatedMWh,
          deliveredMWh: m.deliveredMWh,
          surplusMWh: m.surplusMWh,
          debitCents: m.debitCents,
          creditCents: m.creditCents,
          pcCents: m.pcCents,
        })),
      });
      await tx.ledgerEntry.createMany({
        data: entries.map((e) => ({
          communityId,
          seq: e.seq,
          runId,
          kind: e.kind,
          account: e.account,
          memberId: e.memberId,
          amountCents: e.amountCents,
          energyMWh: e.energyMWh,
          reversesSeq: e.reversesSeq,
          prevHash: Buffer.from(e.prevHash),
          hash: Buffer.from(e.hash),
        })),
      });
      await tx.ledgerCheckpoint.create({ data: { communityId, treeSize: lastSeq, root: Buffer.from(root), runId } });
      await recordAudit(tx, { userId: by.kind === "user" ? by.userId : "scheduler", requestId: by.kind === "user" ? by.requestId : undefined }, {
        orgId: by.kind === "user" ? by.orgId : c.inputs.community.municipalityId,
        communityId,
        action: version === 1 ? "settlement.finalize" : "settlement.correct",
        objectType: "SettlementRun",
        objectId: runId,
        after: { period, version, totals, checkpoint: { size: lastSeq, root: hex(root) }, acceptedGaps: c.gaps.length },
      });
      return { runId, version, created: true, checkpointSize: lastSeq };
    },
    { timeout: options.timeoutMs ?? 120_000, maxWait: options.timeoutMs ?? 120_000 },
  );
  // After the commit, never inside it: anchoring is queued, and a failure there is only logged.
  if (outcome.checkpointSize !== undefined) await checkpointCommitted(communityId, outcome.checkpointSize);
  return { runId: outcome.runId, version: outcome.version, created: outcome.created };
}

