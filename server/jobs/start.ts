// Starts the job queue inside the app server (called from instrumentation.ts), once per process.
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { ANCHOR_SWEEP, startJobQueue, type JobQueue } from "./queue";

const globalForJobs = globalThis as typeof globalThis & { dajieJobs?: Promise<JobQueue | null> };

export function startJobsFromEnv(): Promise<JobQueue | null> {
  globalForJobs.dajieJobs ??= (async () => {
    const e = env();
    if (e.DAJIE_JOBS === "off") return null;
    try {
      // Under the browser tests (DAJIE_TEST=1) the hourly tick settles nothing: the tests finalize due
      // periods by hand, and a tick at minute 7 would race them (the scheduler is tested in scheduler.int).
      const queue = await startJobQueue(db(), e.DATABASE_URL, e.DAJIE_TEST === "1" ? { communityIds: async () => [] } : {});
      console.log("[jobs] settlement scheduler and anchoring started");
      // Anchor at once whatever waits (checkpoints settled from the CLI or the seed, sinks enabled since).
      await queue.boss.send(ANCHOR_SWEEP, {});
      return queue;
    } catch (err) {
      // The app still serves without the scheduler; settlement can be started by hand.
      console.error("[jobs] could not start the job queue:", err);
      return null;
    }
  })();
  return globalForJobs.dajieJobs;
}
