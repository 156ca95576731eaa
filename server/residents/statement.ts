// A member's statement for one settled period: the same figures as the portal's credit view, the
// ledger entries of that run on their PC account, the balance after them, and the checkpoint to
// verify them against.
import type { Tx } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { toHex } from "@/server/ledger/hex";
import { parseRuleSnapshot } from "@/server/settlement/run-schemas";
import { creditCalculation, type CreditCalculation } from "./credit-calculation";
import type { OwnMember } from "./own-member";
import { dateToIso } from "@/server/shared/validation";


export interface Statement {
  community: string;
  reference: string;
  pseudonym: string;
  account: string;
  run: { id: string; periodStart: string; periodEnd: string; version: number; finalizedAt: string; checkpointSize: string; checkpointRoot: string };
  calculation: CreditCalculation;
  entries: { seq: string; kind: string; amountCents: string; energyMWh: string; reversesSeq: string | null; hash: string }[];
  /** Balance of the PC account after this run's last entry. */
  balanceAfterCents: string;
}

export async function memberStatement(db: Tx, member: OwnMember, runId: string): Promise<Statement> {
  const row = await db.settlementRunMember.findUnique({ where: { runId_memberId: { runId, memberId: member.id } }, include: { run: true } });
  if (!row || row.run.communityId !== member.communityId) throw notFound("Statement");
  const account = `PC:${member.pseudonym}`;
  const [entries, balance] = await Promise.all([
    db.ledgerEntry.findMany({ where: { communityId: member.communityId, runId, account }, orderBy: { seq: "asc" } }),
    db.ledgerEntry.aggregate({ where: { communityId: member.communityId, account, seq: { lte: row.run.lastSeq } }, _sum: { amountCents: true } }),
  ]);
  const r = row.run;
  return {
    community: member.community.name,
    reference: member.reference,
    pseudonym: member.pseudonym,
    account,
    run: { id: r.id, periodStart: dateToIso(r.periodStart), periodEnd: dateToIso(r.periodEnd), version: r.version, finalizedAt: r.createdAt.toISOString(), checkpointSize: r.checkpointSize.toString(), checkpointRoot: r.checkpointRoot },
    calculation: creditCalculation(parseRuleSnapshot(r.ruleSnapshot), row),
    entries: entries.map((e) => ({ seq: e.seq.toString(), kind: e.kind, amountCents: e.amountCents.toString(), energyMWh: e.energyMWh.toString(), reversesSeq: e.reversesSeq?.toString() ?? null, hash: toHex(new Uint8Array(e.hash)) })),
    balanceAfterCents: (balance._sum.amountCents ?? 0n).toString(),
  };
}
