// Step 2 of a run's billing: the run, its ledger entries and its members, turned into billing lines
// (billing-lines.ts, pure) under the run's fixed terms (run-terms.ts). Reads only.
import type { Tx } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { parseRuleSnapshot } from "@/server/settlement/run-schemas";
import { dateToIso } from "@/server/shared/validation";
import { runTerms, type RunBillingRow } from "./run-terms";
import { billingLines, type BillingTerms, type ExportEntry, type ExportMember, type RunExport } from "./billing-lines";

export interface LoadedBillingLines {
  billing: RunBillingRow;
  lines: RunExport;
}

/**
 * The run's billing lines under its fixed terms (and, for a correction, the corrected run's, whose
 * fee it takes back); a run without fixed terms is a CONFLICT (run-terms.ts: runTerms).
 */
export async function loadBillingLines(db: Tx, communityId: string, runId: string): Promise<LoadedBillingLines> {
  const { billing, previous } = await runTerms(db, communityId, runId);
  const reverseCharge = { now: new Set(billing.reverseChargeMemberIds), corrected: previous ? new Set(previous.reverseChargeMemberIds) : null };
  return { billing, lines: await linesWithTerms(db, communityId, runId, billing.terms, previous?.terms ?? null, reverseCharge) };
}

async function linesWithTerms(
  db: Tx,
  communityId: string,
  runId: string,
  terms: BillingTerms,
  previous: BillingTerms | null,
  reverseCharge: { now: ReadonlySet<string>; corrected: ReadonlySet<string> | null },
): Promise<RunExport> {
  const run = await db.settlementRun.findFirst({ where: { id: runId, communityId }, include: { community: true } });
  if (!run) throw notFound("Settlement run");
  const entries = await db.ledgerEntry.findMany({ where: { communityId, runId }, orderBy: { seq: "asc" } });
  // Reversals name the entries they reverse (of an earlier run): their kinds label the lines.
  const reversed = entries.flatMap((e) => (e.reversesSeq === null ? [] : [e.reversesSeq]));
  const originals = reversed.length ? await db.ledgerEntry.findMany({ where: { communityId, seq: { in: reversed } } }) : [];
  const memberIds = [...new Set(entries.flatMap((e) => (e.memberId ? [e.memberId] : [])))];
  const members = await db.member.findMany({
    where: { id: { in: memberIds }, communityId },
    select: { id: true, reference: true, pseudonym: true, meteringPoints: { select: { code: true, direction: true }, orderBy: { code: "asc" } } },
  });
  const byId = new Map<string, ExportMember>(
    members.map((m) => [
      m.id,
      {
        reference: m.reference,
        pseudonym: m.pseudonym,
        consumptionPoints: [...new Set(m.meteringPoints.filter((p) => p.direction === "CONSUMPTION").map((p) => p.code))],
        injectionPoints: [...new Set(m.meteringPoints.filter((p) => p.direction === "INJECTION").map((p) => p.code))],
        reverseCharge: reverseCharge.now.has(m.id),
        ...(reverseCharge.corrected ? { reverseChargeInCorrected: reverseCharge.corrected.has(m.id) } : {}),
      },
    ]),
  );
  const toEntry = (e: (typeof entries)[number]): ExportEntry => ({
    seq: e.seq,
    kind: e.kind,
    account: e.account,
    memberId: e.memberId,
    amountCents: e.amountCents,
    energyMWh: e.energyMWh,
    reversesSeq: e.reversesSeq,
    hash: Buffer.from(e.hash).toString("hex"),
  });
  const snapshot = parseRuleSnapshot(run.ruleSnapshot);
  const wins =
    snapshot.kind === "MARKET"
      ? (await db.settlementRunMember.findMany({ where: { runId }, select: { memberId: true, winCents: true } }))
          // Members with no posting traded nothing: their win is 0.
          .filter((m) => byId.has(m.memberId))
          .map((m) => ({ memberReference: byId.get(m.memberId)!.reference, winCents: m.winCents ?? 0n }))
          .sort((a, b) => (a.memberReference < b.memberReference ? -1 : a.memberReference > b.memberReference ? 1 : 0))
      : undefined;
  return billingLines(
    {
      id: run.id,
      version: run.version,
      correctsId: run.correctsId,
      communitySlug: run.community.slug,
      periodStart: dateToIso(run.periodStart),
      periodEnd: dateToIso(run.periodEnd),
      checkpointSize: run.checkpointSize,
      checkpointRoot: run.checkpointRoot,
      // Italy CER and the market have no single price per kWh (the market's is per interval).
      priceEurPerKWh: snapshot.kind === "IT_CER" || snapshot.kind === "MARKET" ? null : snapshot.priceEurPerKWh,
      ...(wins ? { wins } : {}),
    },
    entries.map(toEntry),
    byId,
    terms,
    new Map(originals.map((e) => [e.seq, toEntry(e)])),
    previous,
  );
}

