// Settlement runs: preview (compute, write nothing) and finalize (write the run, its per-member
// results, its ledger entries and a checkpoint, in one transaction). Finalizing is idempotent: under a
// per-community advisory lock, a request whose inputs match the period's latest run returns that run;
// changed inputs make a correction run that reverses the latest run's entries and posts new ones.
import type { Db, Tx } from "@/server/db/client";
import { recordAudit } from "@/server/audit/audit";
import { AppError } from "@/server/errors";
import { chainPostings, ZERO_HASH, type Posting } from "@/server/ledger/entry-encoding";
import { rootFromLeafHashes, hex } from "@/server/ledger/merkle";
import { FRACTION_DECIMALS, type AllocationRule } from "./allocation";
import { compareCodePoints } from "./code-point-order";
import { parseDecimal } from "./decimal";
import { settle, type SettlementInterval, type SettlementResult } from "./engine";
import { checkRange, type Period } from "./periods";
import { flatPostings, reversalPostings, sumAmounts, type PostingMember } from "./postings";
import { loadRunInputs, ruleSnapshot, type RunInputs } from "./run-inputs";
import { PRICE_DECIMALS, type FlatValuation } from "./valuation";

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
  if (ruleKind === "DYNAMIC") return { kind: "dynamic" };
  if (ruleKind === "IT_CER") {
    throw new AppError(
      "BAD_REQUEST",
      "Runs for Italian CER communities need hourly zonal prices (Pz), which Dajie cannot import yet. Use `npm run -s dajie -- allocate` with the prices meanwhile.",
    );
  }
  // Shares are stored per pseudonym with up to 6 decimals; the engine wants parts per 10^12.
  const byPseudonym = new Map(inputs.series.map((s) => [s.pseudonym, s.memberId]));
  const shares = new Map<string, bigint>();
  for (const [pseudonym, share] of Object.entries((ruleParams.shares ?? {}) as Record<string, string>)) {
    const id = byPseudonym.get(pseudonym);
    if (id) shares.set(id, parseDecimal(share, SHARE_SCALE) * 10n ** BigInt(FRACTION_DECIMALS - SHARE_SCALE));
  }
  return { kind: "static", shares, redistribute: ruleKind === "STATIC_REDISTRIBUTE" };
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
  const priceMicro = parseDecimal(inputs.community.priceEurPerKWh, PRICE_DECIMALS);
  const result: SettlementResult = settle({
    rule: ruleOf(inputs),
    participation: new Map(),
    valuation: { kind: "flat", priceMicroEurPerKWh: priceMicro },
    intervals: intervalsOf(inputs),
  });
  const valuation = result.valuation as { kind: "flat" } & FlatValuation;

  const info = new Map<string, PostingMember & { reference: string; kind: string }>();
  for (const s of inputs.series) info.set(s.memberId, { memberId: s.memberId, pseudonym: s.pseudonym, reference: s.reference, kind: s.memberKind });
  const t = result.totals;
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
      debitCents: valuation.debits.get(m.memberId) ?? 0n,
      creditCents: valuation.credits.get(m.memberId) ?? 0n,
      pcCents: valuation.net.get(m.memberId) ?? 0n,
    }))
    .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));

  const postings = flatPostings(valuation, t.allocated, t.delivered, info);
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
      valueCents: valuation.valueCents.toString(),
      communityCreditCents: sum(valuation.credits).toString(),
    },
  };
}

export type Finalizer = { kind: "user"; userId: string; requestId?: string; orgId: string } | { kind: "scheduler" };

export interface FinalizeOptions {
  /** The caller has seen the gap report and settles anyway. */
  acceptGaps?: boolean;
  /** Set by the scheduler and by tests; default 120 s. */
  timeoutMs?: number;
}

export interface FinalizeOutcome {
  runId: string;
  version: number;
  /** false when an identical run already existed (nothing was written). */
  created: boolean;
}

function lockKey(communityId: string): string {
  return `dajie-ledger:${communityId}`;
}

/**
 * Finalizes a period. Safe to call any number of times at once: the per-community advisory lock
 * serialises writers, and under it the latest run of the period is compared by inputs digest.
 */
export async function finalizeRun(db: Db, communityId: string, period: Period, by: Finalizer, options: FinalizeOptions = {}): Promise<FinalizeOutcome> {
  const c = await computeRun(db, communityId, period);
  if (c.gaps.length > 0 && !options.acceptGaps) {
    const missing = c.gaps.reduce((a, g) => a + g.missingIntervals, 0);
    throw new AppError(
      "CONFLICT",
      `${c.gaps.length} metering point(s) miss ${missing} interval(s) in this period. Review the gaps and confirm to settle anyway.`,
      c.gaps.slice(0, 20).map((g) => ({ where: g.code, message: `${g.missingIntervals} of ${g.expectedIntervals} intervals missing` })),
    );
  }
  return db.$transaction(
    async (tx) => {
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
          `This period overlaps the settled period ${overlapping.periodStart.toISOString().slice(0, 10)} – ${overlapping.periodEnd.toISOString().slice(0, 10)}; energy can be settled only once.`,
        );
      }
      const latest = same[0];
      if (latest && latest.inputsDigest === c.inputs.inputsDigest) return { runId: latest.id, version: latest.version, created: false };

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
      return { runId, version, created: true };
    },
    { timeout: options.timeoutMs ?? 120_000, maxWait: options.timeoutMs ?? 120_000 },
  );
}

