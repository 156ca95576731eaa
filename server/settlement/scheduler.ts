// What the scheduler does for one community: settle every period that closed (plus the grace days)
// and has no final run yet, and correct final periods whose readings changed since. Periods with
// gaps wait for a person (the console shows them as due, with the gap report).
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { duePeriods, localDate, periodUtc, type Period, type PeriodKind } from "./periods";
import { firstReadingAt, lastMatched, readingsChangedSince } from "./run-views";
import { finalizeRun } from "./finalize-run";
import { dateToIso } from "@/server/shared/validation";

export type DueOutcome = "finalized" | "corrected" | "unchanged" | "waiting-for-review" | "nothing-to-settle";

export interface DueResult {
  period: Period;
  outcome: DueOutcome;
  message?: string;
  runId?: string;
}


export async function settleDuePeriods(db: Db, communityId: string, now: Date): Promise<DueResult[]> {
  const c = await db.community.findUniqueOrThrow({ where: { id: communityId }, select: { timeZone: true, settlementPeriod: true, settlementGraceDays: true } });
  // Periods start from the community's first reading: there is nothing to settle before it.
  const first = await firstReadingAt(db, communityId);
  if (!first) return [];
  const since = localDate(first, c.timeZone);
  const runs = await db.settlementRun.findMany({ where: { communityId }, orderBy: { version: "desc" }, select: { periodStart: true, periodEnd: true, createdAt: true } });
  const results: DueResult[] = [];
  for (const period of duePeriods(c.settlementPeriod as PeriodKind, since, c.settlementGraceDays, now, c.timeZone)) {
    const latest = runs.find((r) => dateToIso(r.periodStart) === period.start && dateToIso(r.periodEnd) === period.end);
    if (latest) {
      const { from, to } = periodUtc(period, c.timeZone);
      if (!(await readingsChangedSince(db, communityId, from, to, await lastMatched(db, communityId, period, latest.createdAt)))) continue;
    }
    try {
      const out = await finalizeRun(db, communityId, period, { kind: "scheduler" }, { now });
      results.push({ period, outcome: !out.created ? "unchanged" : out.version > 1 ? "corrected" : "finalized", runId: out.runId });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      results.push({ period, outcome: e.code === "CONFLICT" ? "waiting-for-review" : "nothing-to-settle", message: e.message });
    }
  }
  return results;
}
