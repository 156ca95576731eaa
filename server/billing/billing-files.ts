// Step 3 of a run's billing: its files rendered from the loaded lines (CSV, JSON) or from the issued
// invoices (UBL). Reads only; the download (run-downloads.ts) audits them.
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { BillingExportAudit } from "./billing-audit";
import { renderCsv, renderJson } from "./billing-lines";
import { loadBillingLines } from "./load-billing-lines";
import { issuedInvoices } from "./run-billing";
import { invoiceFileName, renderUbl } from "./ubl-invoice";
import { zip } from "./zip";

export type BillingFormat = "csv" | "json" | "ubl";
export const BILLING_FORMATS: readonly BillingFormat[] = ["csv", "json", "ubl"];

export interface RenderedFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

/**
 * The file and what its audit event says. `ubl` gives a ZIP of the run's issued invoices and credit
 * notes, or with `member` (a member reference) that member's one XML; downloads never issue invoices
 * (that is a POST, see run-billing.ts).
 */
export async function renderBillingFile(db: Tx, communityId: string, runId: string, format: BillingFormat, member?: string): Promise<{ file: RenderedFile; audit: BillingExportAudit }> {
  const { lines: x } = await loadBillingLines(db, communityId, runId);
  const base = `dajie-${x.run.communitySlug}-${x.run.periodStart}-v${x.run.version}`;
  let file: RenderedFile;
  let detail: Record<string, unknown> = { lines: x.lines.length };
  if (format === "csv") file = { fileName: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: renderCsv(x) };
  else if (format === "json") file = { fileName: `${base}.json`, contentType: "application/json; charset=utf-8", body: renderJson(x) };
  else {
    const invoices = await issuedInvoices(db, communityId, runId);
    if (invoices.length === 0) throw new AppError("CONFLICT", "The invoices of this run have not been issued yet. Issue them on the run page (or POST …/invoices in the API).");
    if (member !== undefined) {
      const one = invoices.find((i) => i.memberReference === member);
      if (!one) throw new AppError("NOT_FOUND", `No invoice of member ${member} in this run`);
      file = { fileName: invoiceFileName(one.document), contentType: "application/xml; charset=utf-8", body: renderUbl(one.document) };
      detail = { member, invoice: one.number };
    } else {
      file = { fileName: `${base}-invoices.zip`, contentType: "application/zip", body: zip(invoices.map((i) => ({ name: invoiceFileName(i.document), data: renderUbl(i.document) }))) };
      detail = { invoices: invoices.length, first: invoices[0]?.number ?? null, last: invoices.at(-1)?.number ?? null };
    }
  }
  return { file, audit: { format, fileName: file.fileName, detail, checkpoint: { size: x.run.checkpointSize, root: x.run.checkpointRoot } } };
}
