// Settlement runs against the database: preview (read the period, compute, write nothing) and
// finalize (one transaction: the run, its per-member results, its ledger entries, a checkpoint, the
// run's billing terms and an audit event). The arithmetic is run-computation.ts (pure); this file
// reads, locks and writes. Finalizing is idempotent: under a per-community advisory lock, a request
// whose inputs match the period's latest run returns that run; changed inputs make a correction run
// that reverses the latest run's entries and posts new ones.
import type { Db, Tx } from "@/server/db/client";
import { checkpointCommitted } from "@/server/anchors/checkpoint-hook";
import { recordAudit } from "@/server/audit/audit";
import { fixRunTerms } from "@/server/billing/run-terms";
import { AppError } from "@/server/errors";
import { forgetPublicStats } from "@/server/transparency/public-stats";
import { frontierProblem, hex, MerkleAccumulator, packFrontier, unpackFrontier } from "@/server/ledger/merkle";
import { writeTreeNodes } from "@/server/ledger/tree-node-store";
import type { CompletedNode } from "@/server/ledger/tree-nodes";
import { systemClock, type Clock } from "@/server/shared/clock";
import { lastDayOf } from "@/server/shared/iso-date";
import { dateToIso } from "@/server/shared/validation";
import { startedBy, type Finalizer } from "./finalizer";
import { checkRange, type Period } from "./periods";
import { computeRun, finalizeRefusal, periodBounds, ruleSnapshot, runRecords, sameResults, zonalPriceNeed, type Computation } from "./run-computation";
import { loadRunInputs, loadZonalPrices } from "./run-inputs";

export type { Finalizer } from "./finalizer";

export interface FinalizeOptions {
  /** The caller has seen the gap report and settles anyway. */
  acceptGaps?: boolean;
  /** The time of the request (tests pin it); a period can be finalized only after it ended. */
  now?: Date;
  /** Clock and id source; the system's by default. */
  clock?: Clock;
}

export interface FinalizeOutcome {
  runId: string;
  version: number;
  /** false when an identical run already existed (nothing was written). */
  created: boolean;
}

/** Computes a period without writing anything (the console's preview, the CLI without --finalize). */
export async function previewRun(db: Tx, communityId: string, period: Period): Promise<Computation> {
  const problem = checkRange(period);
  if (problem) throw new AppError("BAD_REQUEST", problem, [{ where: "period", message: problem }]);
  const inputs = await loadRunInputs(db, communityId, period);
  return computeRun(inputs, await loadZonalPrices(db, zonalPriceNeed(inputs)));
}

/**
 * How long the finalize transaction may wait for the lock and run. Prisma's default (5 s) is too short
 * for a large community's first run, whose entries and results are written in this one transaction
 * (docs/finalize-lock.md: 120 s would be reached around 10^7 entries). Not an option: no caller needs another.
 */
const FINALIZE_TIMEOUT_MS = 120_000;

function lockKey(communityId: string): string {
  return `dajie-ledger:${communityId}`;
}

/**
 * Finalizes a period. Safe to call any number of times at once: the per-community advisory lock
 * serialises writers, and under it the latest run of the period is compared by inputs digest.
 * The computation and the Merkle tree so far (the latest checkpoint's frontier) are read before the
 * lock; under it, only the entries written since are read (see docs/finalize-lock.md for the figures).
 */
export async function finalizeRun(db: Db, communityId: string, period: Period, by: Finalizer, options: FinalizeOptions = {}): Promise<FinalizeOutcome> {
  const clock = options.clock ?? systemClock;
  const now = options.now ?? clock.now();
  const c = await previewRun(db, communityId, period);
  const refusal = finalizeRefusal(c, now, options.acceptGaps ?? false);
  if (refusal) throw refusal;
  // The Merkle tree over the community's entries so far, read before the lock: entries are
  // append-only, so under the lock only the ones written since (by another finalize) are read.
  // (Skipped when the period's latest run has these very inputs: nothing will be written.)
  const { start, end } = periodBounds(period);
  const latestNow = await db.settlementRun.findFirst({ where: { communityId, periodStart: start, periodEnd: end }, orderBy: { version: "desc" }, select: { inputsDigest: true } });
  const tree = latestNow?.inputsDigest === c.inputs.inputsDigest ? new MerkleAccumulator() : await treeSoFar(db, communityId);
  const outcome = await db.$transaction(
    async (tx): Promise<FinalizeOutcome & { checkpointSize?: bigint }> => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey(communityId)}, 0))`;
      const runs = await tx.settlementRun.findMany({
        where: { communityId },
        select: { id: true, periodStart: true, periodEnd: true, version: true, inputsDigest: true },
        orderBy: { version: "desc" },
      });
      const same = runs.filter((r) => r.periodStart.getTime() === start.getTime() && r.periodEnd.getTime() === end.getTime());
      const overlapping = runs.find((r) => !same.includes(r) && r.periodStart < end && r.periodEnd > start);
      if (overlapping) {
        throw new AppError(
          "CONFLICT",
          `This period overlaps the settled period from ${dateToIso(overlapping.periodStart)} to ${lastDayOf(dateToIso(overlapping.periodEnd))} (last day included); energy can be settled only once.`,
        );
      }
      const latest = same[0];
      if (latest && (latest.inputsDigest === c.inputs.inputsDigest || (await storedResultsEqual(tx, latest.id, c)))) {
        // Nothing would change in the ledger: note that the run was checked against today's data.
        const key = { communityId, periodStart: start, periodEnd: end };
        const check = { runId: latest.id, inputsDigest: c.inputs.inputsDigest, checkedAt: now };
        await tx.settlementCheck.upsert({ where: { communityId_periodStart_periodEnd: key }, create: { ...key, ...check }, update: check });
        return { runId: latest.id, version: latest.version, created: false };
      }

      const previous = latest
        ? {
            version: latest.version,
            entries: await tx.ledgerEntry.findMany({ where: { communityId, runId: latest.id }, select: { seq: true, account: true, memberId: true, amountCents: true, energyMWh: true } }),
          }
        : null;
      const last = await tx.ledgerEntry.findFirst({ where: { communityId }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
      const r = runRecords(c, { runId: clock.newId(), latest: previous, tail: last ? { seq: last.seq, hash: new Uint8Array(last.hash) } : null });
      // The root covers every entry of the community: the tree read before the lock, the entries
      // written since, then the new ones.
      await pushLeafHashes(tx, communityId, tree);
      if (BigInt(tree.size) !== (last?.seq ?? 0n)) throw new Error(`ledger of ${communityId}: ${tree.size} hashes read for ${last?.seq ?? 0n} entries`);
      // The subtrees the new entries complete are stored, so proofs read O(log n) nodes (tree-node-store.ts).
      const nodes: CompletedNode[] = [];
      for (const e of r.entries) tree.pushLeafHash(e.hash, (level, index, hash) => nodes.push({ level, index, hash }));
      const root = tree.root();
      await writeRun(tx, c, r, { correctsId: latest?.id ?? null, root, frontier: packFrontier(tree.frontier()), startedBy: startedBy(by) });
      await writeTreeNodes(tx, communityId, nodes);
      // The run's billing terms are fixed now, so every download of its files is a pure read. A
      // correction takes back the corrected run's fee with that run's terms: fixed too if it was
      // finalized before terms were fixed at finalize.
      if (latest) await fixRunTerms(tx, communityId, latest.id, now);
      await fixRunTerms(tx, communityId, r.runId, now);
      await recordAudit(tx, { userId: startedBy(by), requestId: by.kind === "user" ? by.requestId : undefined }, {
        orgId: by.kind === "user" ? by.orgId : c.inputs.community.municipalityId,
        communityId,
        action: r.version === 1 ? "settlement.finalize" : "settlement.correct",
        objectType: "SettlementRun",
        objectId: r.runId,
        after: { period, version: r.version, totals: r.totals, checkpoint: { size: r.lastSeq, root: hex(root) }, acceptedGaps: c.gaps.length },
      });
      return { runId: r.runId, version: r.version, created: true, checkpointSize: r.lastSeq };
    },
    { timeout: FINALIZE_TIMEOUT_MS, maxWait: FINALIZE_TIMEOUT_MS },
  );
  // After the commit, never inside it: anchoring is queued, and a failure there is only logged.
  if (outcome.checkpointSize !== undefined) await checkpointCommitted(communityId, outcome.checkpointSize);
  if (outcome.created) forgetPublicStats(c.inputs.community.slug);
  return { runId: outcome.runId, version: outcome.version, created: outcome.created };
}

const HASH_PAGE = 50_000;

/**
 * The tree over the community's entries so far: resumed from the latest checkpoint's frontier
 * (O(log n) hashes) plus any entry after it; a ledger whose latest checkpoint has no frontier
 * (written before frontiers were stored) or one that does not fold to its root is read whole, once.
 */
async function treeSoFar(db: Tx, communityId: string): Promise<MerkleAccumulator> {
  const cp = await db.ledgerCheckpoint.findFirst({ where: { communityId }, orderBy: { treeSize: "desc" }, select: { treeSize: true, root: true, frontier: true } });
  const size = cp ? Number(cp.treeSize) : 0;
  const tree =
    cp?.frontier && frontierProblem(size, new Uint8Array(cp.frontier), new Uint8Array(cp.root)) === null
      ? MerkleAccumulator.fromFrontier(size, unpackFrontier(new Uint8Array(cp.frontier)))
      : new MerkleAccumulator();
  await pushLeafHashes(db, communityId, tree);
  return tree;
}

/** Pushes the hashes of the community's entries after the tree's size (seq = leaf index + 1), in pages by primary key. */
async function pushLeafHashes(db: Tx, communityId: string, tree: MerkleAccumulator): Promise<void> {
  for (;;) {
    const rows = await db.$queryRaw<{ hash: Uint8Array }[]>`
      SELECT hash FROM ledger_entry WHERE community_id = ${communityId}::uuid AND seq > ${BigInt(tree.size)} ORDER BY seq LIMIT ${HASH_PAGE}`;
    for (const row of rows) tree.pushLeafHash(new Uint8Array(row.hash));
    if (rows.length < HASH_PAGE) return;
  }
}

/** Whether the stored run already holds exactly these results (run-computation.ts: sameResults). */
async function storedResultsEqual(tx: Tx, runId: string, c: Computation): Promise<boolean> {
  const [members, postings] = await Promise.all([
    tx.settlementRunMember.findMany({ where: { runId } }),
    tx.ledgerEntry.findMany({ where: { runId, kind: { not: "REVERSAL" } }, orderBy: { seq: "asc" }, select: { kind: true, account: true, amountCents: true, energyMWh: true } }),
  ]);
  return sameResults({ members, postings }, c);
}

async function writeRun(tx: Tx, c: Computation, r: ReturnType<typeof runRecords>, extra: { correctsId: string | null; root: Uint8Array; frontier: Uint8Array; startedBy: string }): Promise<void> {
  const communityId = c.inputs.community.id;
  const { start, end } = periodBounds(c.inputs.period);
  await tx.settlementRun.create({
    data: {
      id: r.runId,
      communityId,
      periodStart: start,
      periodEnd: end,
      version: r.version,
      correctsId: extra.correctsId,
      ruleSnapshot: ruleSnapshot(c.inputs.community) as object,
      inputsDigest: c.inputs.inputsDigest,
      totals: r.totals as object,
      gaps: c.gaps as object[],
      firstSeq: r.firstSeq,
      lastSeq: r.lastSeq,
      checkpointSize: r.lastSeq,
      checkpointRoot: hex(extra.root),
      startedBy: extra.startedBy,
    },
  });
  // Many rows (a member per row, an entry per posting): one INSERT … SELECT FROM unnest of column
  // arrays, several times faster than createMany's per-value parameters (bench:settle: 1,000
  // members and 1,202 entries took 3.1 s through createMany on the busy bench machine).
  const text = (v: bigint | null) => (v === null ? null : v.toString());
  const ms = c.members;
  await tx.$executeRaw`
    INSERT INTO settlement_run_member (run_id, member_id, pseudonym, consumption_mwh, injection_mwh, allocated_mwh, delivered_mwh, surplus_mwh, debit_cents, credit_cents, pc_cents, win_cents)
    SELECT ${r.runId}::uuid, m, p, c::bigint, i::bigint, a::bigint, d::bigint, s::bigint, dc::bigint, cc::bigint, pc::bigint, w::bigint
    FROM unnest(${ms.map((m) => m.memberId)}::uuid[], ${ms.map((m) => m.pseudonym)}::text[], ${ms.map((m) => text(m.consumptionMWh))}::text[],
                ${ms.map((m) => text(m.injectionMWh))}::text[], ${ms.map((m) => text(m.allocatedMWh))}::text[], ${ms.map((m) => text(m.deliveredMWh))}::text[],
                ${ms.map((m) => text(m.surplusMWh))}::text[], ${ms.map((m) => text(m.debitCents))}::text[], ${ms.map((m) => text(m.creditCents))}::text[],
                ${ms.map((m) => text(m.pcCents))}::text[], ${ms.map((m) => text(m.winCents))}::text[]) AS x(m, p, c, i, a, d, s, dc, cc, pc, w)`;
  const es = r.entries;
  await tx.$executeRaw`
    INSERT INTO ledger_entry (community_id, seq, run_id, kind, account, member_id, amount_cents, energy_mwh, reverses_seq, prev_hash, hash)
    SELECT ${communityId}::uuid, q::bigint, ${r.runId}::uuid, k, a, m, am::bigint, e::bigint, rs::bigint, decode(ph, 'hex'), decode(h, 'hex')
    FROM unnest(${es.map((e) => e.seq.toString())}::text[], ${es.map((e) => e.kind)}::text[], ${es.map((e) => e.account)}::text[], ${es.map((e) => e.memberId)}::uuid[],
                ${es.map((e) => e.amountCents.toString())}::text[], ${es.map((e) => e.energyMWh.toString())}::text[], ${es.map((e) => text(e.reversesSeq))}::text[],
                ${es.map((e) => hex(e.prevHash))}::text[], ${es.map((e) => hex(e.hash))}::text[]) WITH ORDINALITY AS x(q, k, a, m, am, e, rs, ph, h, n)
    ORDER BY n`;
  await tx.ledgerCheckpoint.create({ data: { communityId, treeSize: r.lastSeq, root: Buffer.from(extra.root), frontier: Buffer.from(extra.frontier), runId: r.runId } });
}
