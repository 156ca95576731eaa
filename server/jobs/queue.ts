// The job queue: pg-boss keeps its jobs in PostgreSQL (schema "pgboss"), so no extra server is
// needed. A cron job fans out one settlement job per community; singleton keys keep one job per
// community queued at a time, and the advisory lock in finalizeRun makes overlapping workers safe.
// Anchoring: one job per anchor row (singleton key = the row's id), retried with backoff until its
// sink succeeds; finalize queues new checkpoints through the checkpoint hook, and a periodic sweep
// queues whatever is not anchored (a lost enqueue, a checkpoint settled from the CLI, a sink enabled
// later, a row whose retries ran out).
import PgBoss from "pg-boss";
import { attemptAnchor, ensureAnchors } from "@/server/anchors/anchors";
import { setCheckpointHook } from "@/server/anchors/checkpoint-hook";
import { anchorSetupFromEnv, type AnchorSetup } from "@/server/anchors/sinks";
import type { Db } from "@/server/db/client";
import { sendStatementMails } from "@/server/residents/statement-mails";
import { settleDuePeriods } from "@/server/settlement/scheduler";
import { askCommunityWitnesses, type PostText } from "@/server/witness/log-witnesses";

export const SETTLEMENT_TICK = "settlement-tick";
export const SETTLE_COMMUNITY = "settlement-community";
export const ANCHOR_CHECKPOINT = "anchor-checkpoint";
export const ANCHOR_SWEEP = "anchor-sweep";
/** One job per community: send its latest checkpoint to its witnesses (docs/witnessing.md). */
export const WITNESS_CHECKPOINT = "witness-checkpoint";
/** One job per final run: its "your statement is ready" e-mails (server/residents/statement-mails.ts). */
export const STATEMENT_MAILS = "statement-mails";
/** How far back the periodic sweep looks for runs whose statement e-mails are not all sent. */
export const STATEMENT_MAIL_SWEEP_DAYS = 7;

export interface JobQueue {
  boss: PgBoss;
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  /** pg-boss's schema; "pgboss" by default (tests that run workers give their own, to stay apart). */
  schema?: string;
  cron?: string;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Which communities a tick covers; all of them by default (tests narrow it to their own). */
  communityIds?: (db: Db) => Promise<string[]>;
  /** The anchor sinks; from the environment by default (tests pass their local stand-ins). */
  anchors?: AnchorSetup;
  /** Cron of the anchor sweep; every 10 minutes by default. */
  anchorSweepCron?: string;
  /** Retry policy of anchor jobs (tests shorten it): 10 retries, from 30 s, doubling. */
  anchorRetry?: { limit: number; delaySeconds: number; backoff: boolean };
  /** Which communities the sweep covers; all of them by default. */
  anchorCommunityId?: string;
  /** How witnesses are reached (tests pass their own) and the retry policy: 8 retries, from 30 s, doubling. */
  witnessPost?: PostText;
  witnessRetry?: { limit: number; delaySeconds: number; backoff: boolean };
  /** Retry policy of statement e-mail jobs while the SMTP server refuses (tests shorten it): 6 retries, from 60 s, doubling. */
  statementMailRetry?: { limit: number; delaySeconds: number; backoff: boolean };
}

async function allCommunityIds(db: Db): Promise<string[]> {
  return (await db.community.findMany({ select: { id: true } })).map((c) => c.id);
}

export async function startJobQueue(db: Db, connectionString: string, opts: JobQueueOptions = {}): Promise<JobQueue> {
  const boss = new PgBoss({ connectionString, schema: opts.schema ?? "pgboss", max: 3 });
  boss.on("error", (err) => console.error("[jobs]", err));
  await boss.start();
  await boss.createQueue(SETTLEMENT_TICK);
  await boss.createQueue(SETTLE_COMMUNITY, { name: SETTLE_COMMUNITY, retryLimit: 5, retryDelay: 60, retryBackoff: true });
  // Every hour at minute 7: periods close at local midnight, and grace is counted in days.
  await boss.schedule(SETTLEMENT_TICK, opts.cron ?? "7 * * * *");
  await boss.work(SETTLEMENT_TICK, { pollingIntervalSeconds: 1 }, async () => {
    for (const communityId of await (opts.communityIds ?? allCommunityIds)(db)) {
      await boss.send(SETTLE_COMMUNITY, { communityId }, { singletonKey: communityId });
    }
  });
  await boss.work<{ communityId: string }>(SETTLE_COMMUNITY, { batchSize: 5, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      const results = await settleDuePeriods(db, job.data.communityId, opts.now?.() ?? new Date());
      for (const r of results) console.log(`[jobs] ${job.data.communityId} ${r.period.start}–${r.period.end}: ${r.outcome}${r.message ? ` (${r.message})` : ""}`);
    }
  });

  const anchors = opts.anchors ?? anchorSetupFromEnv();
  const retry = opts.anchorRetry ?? { limit: 10, delaySeconds: 30, backoff: true };
  await boss.createQueue(ANCHOR_SWEEP);
  await boss.createQueue(ANCHOR_CHECKPOINT, { name: ANCHOR_CHECKPOINT, retryLimit: retry.limit, retryDelay: retry.delaySeconds, retryBackoff: retry.backoff });
  const enqueue = async (ids: string[]) => {
    for (const id of ids) await boss.send(ANCHOR_CHECKPOINT, { anchorId: id }, { singletonKey: id });
  };
  // Witnesses: after each finalize (the hook) and at every sweep for communities that have witnesses;
  // a witness that cannot be reached makes the job fail, and pg-boss retries it with back-off.
  const wRetry = opts.witnessRetry ?? { limit: 8, delaySeconds: 30, backoff: true };
  await boss.createQueue(WITNESS_CHECKPOINT, { name: WITNESS_CHECKPOINT, retryLimit: wRetry.limit, retryDelay: wRetry.delaySeconds, retryBackoff: wRetry.backoff });
  const askWitnesses = (communityId: string) => boss.send(WITNESS_CHECKPOINT, { communityId }, { singletonKey: communityId });
  await boss.work<{ communityId: string }>(WITNESS_CHECKPOINT, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    const outcomes = await askCommunityWitnesses(db, job!.data.communityId, { post: opts.witnessPost, now: opts.now?.() ?? new Date() });
    for (const o of outcomes) console.log(`[jobs] witness ${o.witness} of ${job!.data.communityId}: ${o.outcome}${o.detail ? ` (${o.detail})` : ""}`);
  });
  await boss.schedule(ANCHOR_SWEEP, opts.anchorSweepCron ?? "*/10 * * * *");
  await boss.work(ANCHOR_SWEEP, { pollingIntervalSeconds: 1 }, async () => {
    await enqueue(await ensureAnchors(db, anchors, { communityId: opts.anchorCommunityId }));
    // The sweep also asks the witnesses of every community that has some (a lost enqueue, a retry run out).
    const withWitnesses = await db.community.findMany({ where: { witnesses: { some: {} }, ...(opts.anchorCommunityId ? { id: opts.anchorCommunityId } : {}) }, select: { id: true } });
    for (const c of withWitnesses) await askWitnesses(c.id);
    // And the statement e-mails of the last week's runs where someone has them on (a run settled from
    // the CLI, a lost enqueue, retries run out); what was sent stays sent (one row per run and member).
    const since = new Date((opts.now?.() ?? new Date()).getTime() - STATEMENT_MAIL_SWEEP_DAYS * 86_400_000);
    const recent = await db.settlementRun.findMany({
      where: { createdAt: { gt: since }, community: { members: { some: { statementMailLocale: { not: null } } } }, ...(opts.anchorCommunityId ? { communityId: opts.anchorCommunityId } : {}) },
      select: { id: true },
    });
    for (const r of recent) await boss.send(STATEMENT_MAILS, { runId: r.id }, { singletonKey: r.id });
  });
  await boss.work<{ anchorId: string }>(ANCHOR_CHECKPOINT, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    const outcome = await attemptAnchor(db, anchors, job!.data.anchorId);
    console.log(`[jobs] anchor ${job!.data.anchorId}: ${outcome}`);
  });
  // Statement e-mails: one job per run; a failed send (SMTP refused) fails the job and pg-boss retries
  // it; the send log's unique row per run and member keeps a retried job from sending twice.
  const mRetry = opts.statementMailRetry ?? { limit: 6, delaySeconds: 60, backoff: true };
  await boss.createQueue(STATEMENT_MAILS, { name: STATEMENT_MAILS, retryLimit: mRetry.limit, retryDelay: mRetry.delaySeconds, retryBackoff: mRetry.backoff });
  await boss.work<{ runId: string }>(STATEMENT_MAILS, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    const o = await sendStatementMails(db, job!.data.runId);
    console.log(`[jobs] statement e-mails of run ${job!.data.runId}: ${o.sent} sent, ${o.failed} failed, ${o.notSent} not sent`);
    if (o.failed > 0) throw new Error(`${o.failed} statement e-mails failed; retrying`);
  });
  setCheckpointHook(async (communityId, treeSize) => {
    await enqueue(await ensureAnchors(db, anchors, { communityId, treeSize }));
    await askWitnesses(communityId);
    // The run this checkpoint closed (each final run writes one checkpoint).
    const run = await db.settlementRun.findFirst({ where: { communityId, checkpointSize: treeSize }, select: { id: true } });
    if (run) await boss.send(STATEMENT_MAILS, { runId: run.id }, { singletonKey: run.id });
  });
  return {
    boss,
    stop: async () => {
      setCheckpointHook(undefined);
      await boss.stop({ graceful: true, wait: true });
    },
  };
}
