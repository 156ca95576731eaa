// A resident's Prosumer Credit: per settled period the calculation (from the period's latest final
// run), and their PC account in the ledger with the running balance (reversals included).
import type { Tx } from "@/server/db/client";
import { memberLedger, type MemberLedger } from "@/server/ledger/ledger";
import { parseRuleSnapshot } from "@/server/settlement/run-schemas";
import { creditCalculation, type CreditCalculation } from "./credit-calculation";
import { keptFigure } from "./kept-figures";
import type { OwnMember } from "./own-member";
import { dateToIso } from "@/server/shared/validation";


export interface PeriodCredit extends CreditCalculation {
  runId: string;
  periodStart: string;
  periodEnd: string;
  /** > 1: the period was settled again (corrected); the ledger reverses the earlier version. */
  version: number;
  finalizedAt: string;
}

export interface MyCredits {
  pseudonym: string;
  periods: PeriodCredit[];
  ledger: MemberLedger;
}

/** Periods newest first; only the latest version of each period counts (earlier ones are reversed). */
export async function myPeriodCredits(db: Tx, member: OwnMember): Promise<PeriodCredit[]> {
  const rows = await db.settlementRunMember.findMany({
    where: { memberId: member.id, run: { communityId: member.communityId } },
    include: { run: { select: { id: true, periodStart: true, periodEnd: true, version: true, ruleSnapshot: true, createdAt: true } } },
  });
  const latest = await db.settlementRun.groupBy({
    by: ["periodStart", "periodEnd"],
    where: { communityId: member.communityId },
    _max: { version: true },
  });
  const latestVersion = new Map(latest.map((l) => [`${dateToIso(l.periodStart)}/${dateToIso(l.periodEnd)}`, l._max.version]));
  return rows
    .filter((r) => latestVersion.get(`${dateToIso(r.run.periodStart)}/${dateToIso(r.run.periodEnd)}`) === r.run.version)
    .map((r) => ({
      ...creditCalculation(parseRuleSnapshot(r.run.ruleSnapshot), r),
      runId: r.run.id,
      periodStart: dateToIso(r.run.periodStart),
      periodEnd: dateToIso(r.run.periodEnd),
      version: r.run.version,
      finalizedAt: r.run.createdAt.toISOString(),
    }))
    .sort((a, b) => (a.periodStart < b.periodStart ? 1 : a.periodStart > b.periodStart ? -1 : 0));
}

/**
 * Kept per member until the public data version moves (kept-figures.ts): runs and ledger entries are
 * written only by a finalize, which moves it; the pseudonym is part of the key (the account's name).
 */
export async function myCredits(db: Tx, member: OwnMember): Promise<MyCredits> {
  return keptFigure(db, member, `credits/${member.communityId}/${member.pseudonym}`, () => readMyCredits(db, member), { points: false });
}

async function readMyCredits(db: Tx, member: OwnMember): Promise<MyCredits> {
  const [periods, ledger] = await Promise.all([myPeriodCredits(db, member), memberLedger(db, member.communityId, member.id)]);
  return { pseudonym: member.pseudonym, periods, ledger };
}
