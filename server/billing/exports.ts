// Downloads of a final run's billing (CSV, JSON, UBL invoices), each written to the audit log.
import type { Db } from "@/server/db/client";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { CommunityScope } from "@/server/access/scope";
import { AppError } from "@/server/errors";
import { loadRunExport } from "./load-run";
import { toCsv, toJson, type RunExport } from "./run-export";
import { ensureBillingOfRun, issuedInvoices } from "./run-billing";
import { invoiceFileName, renderUbl } from "./ubl-invoice";
import { zip } from "./zip";

/** A run's billing (fixed at its first export) and its export lines under those terms. */
export async function billedRun(db: Db, communityId: string, runId: string, now = new Date()) {
  const { billing, previous } = await ensureBillingOfRun(db, communityId, runId, now);
  return { billing, export: await loadRunExport(db, communityId, runId, billing.terms, previous?.terms ?? null) };
}

/** The run's export lines, with the run's billing terms (fixed at its first export). */
export async function billedRunExport(db: Db, communityId: string, runId: string, now = new Date()): Promise<RunExport> {
  return (await billedRun(db, communityId, runId, now)).export;
}

export type ExportFormat = "csv" | "json" | "ubl";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "json", "ubl"];

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

/**
 * The file, and an audit event saying who downloaded which run in which format. `ubl` gives a ZIP of
 * the run's issued invoices and credit notes, or with `member` (a member reference) that member's
 * one XML; downloads never issue invoices (that is a POST, see run-billing.ts).
 */
export async function exportRun(db: Db, actor: Actor, scope: CommunityScope, runId: string, format: ExportFormat, opts: { member?: string; now?: Date } = {}): Promise<ExportFile> {
  const x = await billedRunExport(db, scope.communityId, runId, opts.now);
  const base = `dajie-${x.run.communitySlug}-${x.run.periodStart}-v${x.run.version}`;
  let file: ExportFile;
  let detail: Record<string, unknown> = { lines: x.lines.length };
  if (format === "csv") file = { fileName: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: toCsv(x) };
  else if (format === "json") file = { fileName: `${base}.json`, contentType: "application/json; charset=utf-8", body: toJson(x) };
  else {
    const invoices = await issuedInvoices(db, scope.communityId, runId);
    if (invoices.length === 0) throw new AppError("CONFLICT", "The invoices of this run have not been issued yet. Issue them on the run page (or POST …/invoices in the API).");
    if (opts.member !== undefined) {
      const one = invoices.find((i) => i.memberReference === opts.member);
      if (!one) throw new AppError("NOT_FOUND", `No invoice of member ${opts.member} in this run`);
      file = { fileName: invoiceFileName(one.document), contentType: "application/xml; charset=utf-8", body: renderUbl(one.document) };
      detail = { member: opts.member, invoice: one.number };
    } else {
      file = { fileName: `${base}-invoices.zip`, contentType: "application/zip", body: zip(invoices.map((i) => ({ name: invoiceFileName(i.document), data: renderUbl(i.document) }))) };
      detail = { invoices: invoices.length, first: invoices[0]?.number ?? null, last: invoices.at(-1)?.number ?? null };
    }
  }
  await recordAudit(db, actor, {
    orgId: scope.orgId,
    communityId: scope.communityId,
    action: "billing.export",
    objectType: "SettlementRun",
    objectId: runId,
    after: { format, fileName: file.fileName, ...detail, checkpoint: { size: x.run.checkpointSize, root: x.run.checkpointRoot } },
  });
  return file;
}
