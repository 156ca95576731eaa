// A run's invoices, issued once per member with numbers that are gapless per seller and year, under
// the terms fixed when the run was finalized (run-terms.ts).
import type { Db, Tx } from "@/server/db/client";
import { recordAudit, type Actor } from "@/server/audit/audit";
import { actorLabels } from "@/server/shared/actor-names";
import { AppError, notFound } from "@/server/errors";
import { dateToIso, isoToDate } from "@/server/shared/validation";
import { buyerParty, missingForInvoices, sellerParty } from "./billing-identity";
import { loadBillingLines } from "./load-billing-lines";
import { fixRunTermsOnce, localDate, lockRun } from "./run-terms";
import { formatDecimal } from "@/server/settlement/decimal";
import { parseInvoiceDocument, type InvoiceDocument } from "./invoice-document";
import { buildInvoiceDocument, invoiceFileName } from "./ubl-invoice";
import type { Prisma } from "@/generated/prisma/client";

export interface IssuedInvoice {
  id: string;
  number: string;
  type: "INVOICE" | "CREDIT_NOTE";
  memberId: string;
  memberReference: string;
  document: InvoiceDocument;
}

type InvoiceRow = Prisma.InvoiceGetPayload<{ include: { member: { select: { reference: true } } } }>;

const toIssued = (i: InvoiceRow): IssuedInvoice => ({ id: i.id, number: i.number, type: i.type, memberId: i.memberId, memberReference: i.member.reference, document: parseInvoiceDocument(i.document) });

/** The run's issued invoices, ordered by number; empty when they have not been issued. */
export async function issuedInvoices(db: Tx, communityId: string, runId: string): Promise<IssuedInvoice[]> {
  const rows = await db.invoice.findMany({ where: { runId, run: { communityId } }, include: { member: { select: { reference: true } } }, orderBy: { seqNo: "asc" } });
  return rows.map(toIssued);
}

/** A summary of issued invoices for the console and the API. */
export function invoiceSummary(i: IssuedInvoice) {
  const lines = i.document.lines.reduce((s, l) => s + BigInt(l.netCents), 0n);
  return { number: i.number, type: i.type, memberReference: i.memberReference, issueDate: i.document.issueDate, netEur: formatDecimal(lines, 2), fileName: invoiceFileName(i.document) };
}

/**
 * What issuing would produce, for the confirmation before it: one document per member with entries in
 * the run (as ensureInvoices: one per member with lines), and whether they are issued already.
 */
export async function invoicePlan(db: Tx, communityId: string, runId: string): Promise<{ documents: number; issued: number; issuedBy: string | null; issuedAt: string | null }> {
  const run = await db.settlementRun.findFirst({ where: { id: runId, communityId }, select: { id: true } });
  if (!run) throw notFound("Settlement run");
  const [members, issued, event] = await Promise.all([
    db.ledgerEntry.findMany({ where: { communityId, runId, memberId: { not: null } }, distinct: ["memberId"], select: { memberId: true } }),
    db.invoice.count({ where: { runId } }),
    // Who issued them: the audit event written in the same transaction as the invoices.
    db.auditEvent.findFirst({ where: { communityId, action: "billing.invoices.issue", objectId: runId }, select: { actorUserId: true, createdAt: true } }),
  ]);
  const issuedBy = event ? ((await actorLabels(db, [event.actorUserId])).get(event.actorUserId ?? "") ?? null) : null;
  return { documents: members.length, issued, issuedBy, issuedAt: event?.createdAt.toISOString() ?? null };
}

/** Invoice numbers: the year, then the number within the seller's year, six digits (2026-000042). */
export const invoiceNumber = (year: number, seqNo: number) => `${year}-${String(seqNo).padStart(6, "0")}`;

/**
 * Issues the run's invoices (a POST: the console's "Issue invoices", the API's …/invoices), one per
 * member with lines, ordered by number; asked again, returns those issued. One transaction: the seller's counter row for the year is locked FOR UPDATE, numbers are taken in
 * member order, and the counter moves on only if every invoice is written — a failure rolls back
 * numbers and invoices together, so there are no gaps and no duplicates.
 */
export async function ensureInvoices(db: Db, actor: Actor, communityId: string, runId: string, now = new Date()): Promise<IssuedInvoice[]> {
  const include = { member: { select: { reference: true } } } as const;
  const existing = await db.invoice.findMany({ where: { runId, run: { communityId } }, include, orderBy: { seqNo: "asc" } });
  if (existing.length) return existing.map(toIssued);
  // A run finalized before terms were fixed at finalize gets them here (a POST), in a transaction of its own.
  await fixRunTermsOnce(db, communityId, runId, now);
  return db.$transaction(
    async (tx) => {
      await lockRun(tx, runId);
      const again = await tx.invoice.findMany({ where: { runId }, include, orderBy: { seqNo: "asc" } });
      if (again.length) return again.map(toIssued);
      const run = await tx.settlementRun.findFirstOrThrow({ where: { id: runId, communityId }, include: { community: { select: { timeZone: true, municipalityId: true } } } });
      const { billing, lines: x } = await loadBillingLines(tx, communityId, runId);
      const seller = await tx.organization.findUniqueOrThrow({ where: { id: billing.sellerOrgId } });
      const missing = missingForInvoices(seller);
      if (missing.length) {
        throw new AppError("BAD_REQUEST", `${seller.name} cannot issue invoices yet: its billing identity lacks ${missing.join(", ")}. An administrator of ${seller.name} can complete it in the console (organization → billing identity).`);
      }
      const byMember = new Map<string, typeof x.lines>();
      for (const l of x.lines) byMember.set(l.memberId, [...(byMember.get(l.memberId) ?? []), l]);
      const members = await tx.member.findMany({ where: { id: { in: [...byMember.keys()] }, communityId }, include: { personal: true }, orderBy: { reference: "asc" } });
      const preceding = run.correctsId ? await tx.invoice.findMany({ where: { runId: run.correctsId } }) : [];
      const issueDate = localDate(now, run.community.timeZone);
      const year = Number(issueDate.slice(0, 4));

      await tx.invoiceCounter.createMany({ data: [{ orgId: seller.id, year }], skipDuplicates: true });
      const [counter] = await tx.$queryRaw<{ next_number: number }[]>`SELECT next_number FROM invoice_counter WHERE org_id = ${seller.id}::uuid AND year = ${year} FOR UPDATE`;
      let next = counter!.next_number;
      const sellerData = sellerParty(seller);
      // BR-AE-02: a reverse-charge document names the buyer's VAT id; a member whose id was removed after
      // the run's terms were fixed cannot get one.
      const noVatId = members.filter((m) => !m.vatId && byMember.get(m.id)!.some((l) => l.vatCategory === "AE"));
      if (noVatId.length) {
        throw new AppError("BAD_REQUEST", `Credits under reverse charge need the member's VAT id, and ${noVatId.map((m) => m.reference).join(", ")} has none now. Set it on the member's page, then issue the invoices.`, noVatId.map((m) => ({ where: `member ${m.reference}`, message: "VAT id missing for a reverse-charge credit" })));
      }
      for (const m of members) {
        const lines = byMember.get(m.id)!;
        const prev = preceding.find((p) => p.memberId === m.id);
        const number = invoiceNumber(year, next);
        const document = buildInvoiceDocument({
          run: x.run,
          lines,
          number,
          issueDate,
          paymentTermsDays: billing.paymentTermsDays,
          seller: sellerData,
          buyer: buyerParty(m, sellerData.countryCode),
          buyerReference: m.reference,
          preceding: prev ? { number: prev.number, issueDate: dateToIso(prev.issueDate) } : null,
        });
        const net = lines.reduce((s, l) => s + l.netCents, 0n);
        const vat = lines.reduce((s, l) => s + l.vatCents, 0n);
        await tx.invoice.create({
          data: {
            sellerOrgId: seller.id,
            year,
            seqNo: next,
            number,
            type: document.typeCode === 381 ? "CREDIT_NOTE" : "INVOICE",
            runId,
            memberId: m.id,
            issueDate: isoToDate(issueDate),
            netCents: net,
            vatCents: vat,
            grossCents: net + vat,
            precedingId: prev?.id ?? null,
            document: document satisfies Prisma.InputJsonObject,
          },
        });
        next += 1;
      }
      await tx.invoiceCounter.update({ where: { orgId_year: { orgId: seller.id, year } }, data: { nextNumber: next } });
      await recordAudit(tx, actor, {
        orgId: seller.id,
        communityId,
        action: "billing.invoices.issue",
        objectType: "SettlementRun",
        objectId: runId,
        after: { invoices: members.length, first: invoiceNumber(year, counter!.next_number), last: invoiceNumber(year, next - 1) },
      });
      const issued = await tx.invoice.findMany({ where: { runId }, include, orderBy: { seqNo: "asc" } });
      return issued.map(toIssued);
    },
    { timeout: 60_000 },
  );
}
