// SEPA payment files of a final run (pain.008 direct debits, pain.001 payouts) and the report of who
// is in them and who is excluded and why. The files name members and their IBANs, so they need the
// "payments" access (the municipality and serving ESCOs) and every download is audited with the
// file's SHA-256. The organization downloading is the creditor (pain.008) and the debtor (pain.001):
// its bank identity comes from organization_bank_account.
import { createHash } from "node:crypto";
import type { Db, Tx } from "@/server/db/client";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { CommunityScope } from "@/server/access/scope";
import { AppError, notFound } from "@/server/errors";
import { dateToIso } from "@/server/shared/validation";
import { formatDecimal } from "@/server/settlement/decimal";
import type { RunExport } from "./billing-lines";
import type { RenderedFile } from "./billing-files";
import { currentMandates } from "./bank-accounts";
import { loadBillingLines } from "./load-billing-lines";
import { exclusionText, messageId, sepaPlan, sumCents, type PlanMember, type SepaPlan, type SepaTransaction } from "./sepa-payments";
import { pain001, pain008, type SepaParty } from "./sepa-xml";

export type PaymentFormat = "pain008" | "pain001" | "sepa-report";

/**
 * The plan of a run's SEPA files, from the same billed lines as the CSV, JSON and invoices (community
 * fee included) and with the payment terms the run was billed with, so every format agrees.
 */
export async function loadSepaPlan(db: Db, communityId: string, runId: string): Promise<{ x: RunExport; plan: SepaPlan }> {
  const run = await db.settlementRun.findFirst({ where: { id: runId, communityId }, select: { createdAt: true } });
  if (!run) throw notFound("Settlement run");
  const { billing, lines: x } = await loadBillingLines(db, communityId, runId);
  const pseudonyms = [...new Set(x.lines.map((l) => l.memberPseudonym))];
  const rows = await db.member.findMany({ where: { communityId, pseudonym: { in: pseudonyms } }, select: { id: true, pseudonym: true, reference: true, bankAccount: true } });
  // The mandate in force now (its scheme is the pain.008 local instrument); revoked ones are history.
  const mandates = await currentMandates(db, rows.map((m) => m.id));
  const members = new Map<string, PlanMember>(
    rows.map((m) => {
      const mandate = mandates.get(m.id) ?? null;
      return [
        m.pseudonym,
        {
          reference: m.reference,
          bank: m.bankAccount
            ? { accountHolder: m.bankAccount.accountHolder, iban: m.bankAccount.iban, bic: m.bankAccount.bic, mandateReference: mandate?.reference ?? null, mandateSignedOn: mandate?.signedOn ?? null, mandateScheme: mandate?.scheme ?? null }
            : null,
        },
      ];
    }),
  );
  return { x, plan: sepaPlan(x, members, run.createdAt, billing.paymentTermsDays) };
}

const eur = (cents: bigint) => formatDecimal(cents, 2);

/** Who is in each file, who is not and why. No IBANs or names: references and pseudonyms only. */
export function sepaReport(plan: SepaPlan): string {
  const file = (kind: "DD" | "CT", txs: readonly SepaTransaction[]) => ({
    messageId: messageId(kind, plan.run.id, plan.run.version),
    transactions: txs.length,
    controlSumEur: eur(sumCents(txs)),
    members: txs.map((t) => ({ memberReference: t.memberReference, memberPseudonym: t.memberPseudonym, amountEur: eur(t.amountCents), endToEndId: t.endToEndId, mandateReference: t.mandate?.id ?? null, mandateScheme: t.mandate?.scheme ?? null, entries: t.entries })),
  });
  const r = plan.run;
  return `${JSON.stringify(
    {
      format: "dajie-sepa-report/1",
      run: { id: r.id, version: r.version, community: r.communitySlug, period: { start: r.periodStart, endExclusive: r.periodEnd }, checkpoint: { treeSize: r.checkpointSize.toString(), root: r.checkpointRoot } },
      createdAt: plan.createdAt,
      dueDate: plan.dueDate,
      "pain.008": file("DD", plan.directDebits),
      "pain.001": file("CT", plan.creditTransfers),
      excluded: plan.excluded.map((e) => ({ memberReference: e.memberReference, memberPseudonym: e.memberPseudonym, totalEur: eur(e.totalCents), file: e.file, reason: e.reason, why: exclusionText(e.reason) })),
    },
    null,
    2,
  )}\n`;
}

async function party(db: Tx, orgId: string, needCreditorId: boolean): Promise<SepaParty> {
  const b = await db.organizationBankAccount.findUnique({ where: { orgId }, include: { org: { select: { name: true } } } });
  if (!b) throw new AppError("BAD_REQUEST", "Your organization has no bank identity yet: an administrator sets IBAN, BIC and SEPA creditor identifier on the organization's page.");
  if (needCreditorId && !b.creditorId) throw new AppError("BAD_REQUEST", "Direct debits need your organization's SEPA creditor identifier: an administrator sets it on the organization's page.");
  return { name: b.accountHolder || b.org.name, iban: b.iban, bic: b.bic, creditorId: b.creditorId };
}

/** The file, and an audit event saying who downloaded which run's payment file, with its digest. */
export async function paymentFile(db: Db, actor: Actor, scope: CommunityScope, runId: string, format: PaymentFormat): Promise<RenderedFile & { body: string }> {
  const { plan } = await loadSepaPlan(db, scope.communityId, runId);
  const base = `dajie-${plan.run.communitySlug}-${plan.run.periodStart}-v${plan.run.version}`;
  let file: RenderedFile & { body: string };
  let transactions = 0;
  if (format === "sepa-report") {
    file = { fileName: `${base}-sepa-report.json`, contentType: "application/json; charset=utf-8", body: sepaReport(plan) };
  } else {
    const dd = format === "pain008";
    const txs = dd ? plan.directDebits : plan.creditTransfers;
    if (txs.length === 0) {
      const excluded = plan.excluded.filter((e) => e.file === (dd ? "pain.008" : "pain.001")).length;
      throw new AppError("CONFLICT", `No member of this run is ${dd ? "collected by direct debit" : "paid out by credit transfer"}${excluded ? ` (${excluded} excluded for missing bank data: see the SEPA report)` : ""}.`);
    }
    const p = await party(db, scope.orgId, dd);
    transactions = txs.length;
    file = dd
      ? { fileName: `${base}-pain.008.xml`, contentType: "application/xml; charset=utf-8", body: pain008(plan, p) }
      : { fileName: `${base}-pain.001.xml`, contentType: "application/xml; charset=utf-8", body: pain001(plan, p) };
  }
  await recordAudit(db, actor, {
    orgId: scope.orgId,
    communityId: scope.communityId,
    action: "billing.payment-file",
    objectType: "SettlementRun",
    objectId: runId,
    after: { format, fileName: file.fileName, sha256: createHash("sha256").update(file.body).digest("hex"), transactions, excluded: plan.excluded.length, checkpoint: { size: plan.run.checkpointSize, root: plan.run.checkpointRoot } },
  });
  return file;
}
