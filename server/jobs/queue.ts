// The job queue: pg-boss keeps its jobs in PostgreSQL (schema "pgboss"), so no extra server is
// needed. A cron job fans out one settlement job per community; singleton keys keep one job per
// community queued at a time, and the advisory lock in finalizeRun makes overlapping workers safe.
import PgBoss from "pg-boss";
import type { Db } from "@/server/db/client";
import { settleDuePeriods } from "@/server/settlement/scheduler";

export const SETTLEMENT_TICK = "settlement-tick";
export const SETTLE_COMMUNITY = "settlement-community";

export interface JobQueue {
  boss: PgBoss;
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  cron?: string;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Which communities a tick covers; all of them by default (tests narrow it to their own). */
  communityIds?: (db: Db) => Promise<string[]>;
}

async function allCommunityIds(db: Db): Promise<string[]> {
  return (await db.community.findMany({ select: { id: true } })).map((c) => c.id);
}

export async function startJobQueue(db: Db, connectionString: string, opts: JobQueueOptions = {}): Promise<JobQueue> {
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 3 });
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
  return { boss, stop: () => boss.stop({ graceful: true, wait: true }) };
}
