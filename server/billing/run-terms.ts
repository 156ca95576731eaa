// Step 1 of a run's billing: its terms (VAT rates, community fee, payment terms, seller), copied from
// the community's settings once, in the transaction that finalizes the run (finalize-run.ts). Later
// changes of the settings apply to later runs only, and every download is a pure read.
import type { Db, Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { dateToIso, isoToDate } from "@/server/shared/validation";
import type { BillingTerms } from "./billing-lines";

const bp = (percent: { toFixed(n: number): string }) => Number(percent.toFixed(2).replace(".", ""));

/** The local calendar date of `now` in a time zone. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The seller of a community's invoices: the configured organization, else the only serving ESCO, else the municipality. */
export function sellerOf(c: { billingOrgId: string | null; municipalityId: string; escos: { escoId: string }[] }): string {
  return c.billingOrgId ?? (c.escos.length === 1 ? c.escos[0]!.escoId : c.municipalityId);
}

export interface RunBillingRow {
  runId: string;
  sellerOrgId: string;
  terms: BillingTerms;
  paymentTermsDays: number;
  fixedOn: string;
  /** Members whose credits are under reverse charge (VAT category AE) in this run. */
  reverseChargeMemberIds: string[];
}

type StoredTerms = { runId: string; communityId: string; sellerOrgId: string; vatChargesBp: number; vatCreditsBp: number; feeCreditsBp: number; feeFixedCents: number; paymentTermsDays: number; fixedOn: Date; reverseChargeMemberIds: string[] };

function toRow(r: StoredTerms): RunBillingRow {
  return {
    runId: r.runId,
    sellerOrgId: r.sellerOrgId,
    terms: { chargesBp: r.vatChargesBp, creditsBp: r.vatCreditsBp, feeCreditsBp: r.feeCreditsBp, feeFixedCents: r.feeFixedCents },
    paymentTermsDays: r.paymentTermsDays,
    fixedOn: dateToIso(r.fixedOn),
    reverseChargeMemberIds: r.reverseChargeMemberIds ?? [],
  };
}

/** One transaction at a time per run fixes its terms or issues its invoices. */
export async function lockRun(tx: Tx, runId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`dajie-billing:${runId}`}))`;
}

/**
 * Fixes the run's terms from the community's settings, inside the caller's transaction (finalize,
 * or fixRunTermsOnce for a run finalized before terms were fixed at finalize); fixed already → those.
 */
export async function fixRunTerms(tx: Tx, communityId: string, runId: string, now: Date): Promise<RunBillingRow> {
  const found = await tx.runBilling.findUnique({ where: { runId } });
  if (found) return toRow(found);
  const c = await tx.community.findUniqueOrThrow({ where: { id: communityId }, include: { escos: { select: { escoId: true } } } });
  // The members' VAT position is fixed with the rates: a later change applies to later runs only.
  const reverseCharge = await tx.member.findMany({ where: { communityId, vatStatus: "REVERSE_CHARGE", vatId: { not: null } }, select: { id: true }, orderBy: { id: "asc" } });
  const row = await tx.runBilling.create({
    data: {
      runId,
      communityId,
      sellerOrgId: sellerOf(c),
      vatChargesBp: bp(c.vatChargesPercent),
      vatCreditsBp: bp(c.vatCreditsPercent),
      feeCreditsBp: c.feeCreditsBp,
      feeFixedCents: c.feeFixedCents,
      paymentTermsDays: c.paymentTermsDays,
      fixedOn: isoToDate(localDate(now, c.timeZone)),
      reverseChargeMemberIds: reverseCharge.map((m) => m.id),
    },
  });
  return toRow(row);
}

/**
 * A POST's way to fix the terms of a run finalized before terms were fixed at finalize (the invoice
 * issue calls it): its own transaction, locked per run; the corrected run's terms too.
 */
export async function fixRunTermsOnce(db: Db, communityId: string, runId: string, now: Date): Promise<RunBillingRow> {
  return db.$transaction(async (tx) => {
    const run = await tx.settlementRun.findFirst({ where: { id: runId, communityId }, select: { correctsId: true } });
    if (!run) throw notFound("Settlement run");
    await lockRun(tx, runId);
    if (run.correctsId) await fixRunTerms(tx, communityId, run.correctsId, now);
    return fixRunTerms(tx, communityId, runId, now);
  });
}

/**
 * The run's fixed terms and, for a correction, those of the run it corrects (whose fee it takes
 * back). A pure read: a run finalized before terms were fixed at finalize, and not billed since,
 * answers CONFLICT naming the POST that fixes them — a download never writes.
 */
export async function runTerms(db: Tx, communityId: string, runId: string): Promise<{ billing: RunBillingRow; previous: RunBillingRow | null }> {
  const run = await db.settlementRun.findFirst({ where: { id: runId, communityId }, select: { correctsId: true } });
  if (!run) throw notFound("Settlement run");
  const ids = run.correctsId ? [runId, run.correctsId] : [runId];
  const rows = await db.runBilling.findMany({ where: { runId: { in: ids } } });
  const billing = rows.find((r) => r.runId === runId);
  const previous = run.correctsId ? rows.find((r) => r.runId === run.correctsId) : null;
  if (!billing || previous === undefined) {
    throw new AppError(
      "CONFLICT",
      "This run was finalized before billing terms were fixed at finalize, and its terms are not fixed yet. Issue its invoices (console: run page → Issue invoices; API: POST …/runs/{runId}/invoices) or run `npm run -s dajie -- billing-terms --community SLUG`, which fix them from the community's current settings; downloads never write.",
    );
  }
  return { billing: toRow(billing), previous: previous ? toRow(previous) : null };
}

/** Fixes the terms of every run of the community that has none (runs finalized before terms were fixed at finalize), oldest first. */
export async function fixMissingRunTerms(db: Db, communityId: string, now: Date): Promise<string[]> {
  const runs = await db.settlementRun.findMany({ where: { communityId, billing: null }, orderBy: [{ createdAt: "asc" }, { version: "asc" }], select: { id: true } });
  for (const r of runs) await fixRunTermsOnce(db, communityId, r.id, now);
  return runs.map((r) => r.id);
}
