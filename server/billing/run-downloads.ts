// Step 4 of a run's billing: the downloads of a final run, shared by the console's session route and
// the API routes: which access each format needs, the renderer that builds it, and one audit event.
// A download is a read of the run (its terms were fixed when it was finalized) plus that append.
import type { CommunityAccess, CommunityScope } from "@/server/access/scope";
import type { ApiScope } from "@/server/api-tokens/scopes";
import type { Actor } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { auditBillingExport, type BillingExportAudit } from "./billing-audit";
import { renderBillingFile } from "./billing-files";
import { renderJson } from "./billing-lines";
import { loadBillingLines } from "./load-billing-lines";
import { paymentFile } from "./payment-files";
import { renderStatements } from "./run-statements";

export const RUN_DOWNLOAD_FORMATS = ["csv", "json", "ubl", "pain008", "pain001", "sepa-report", "statements", "statement"] as const;
export type RunDownloadFormat = (typeof RUN_DOWNLOAD_FORMATS)[number];

const isFormat = (f: string): f is RunDownloadFormat => (RUN_DOWNLOAD_FORMATS as readonly string[]).includes(f);
const PAYMENTS = new Set<RunDownloadFormat>(["pain008", "pain001", "sepa-report"]);

export interface RunDownloadRequest {
  format: RunDownloadFormat;
  /** One member's statement (format=statement). */
  memberId: string | null;
  /** One member's invoice, by member reference (format=ubl); the ZIP of all without it. */
  member?: string;
}

/** Reads ?format= (csv by default), ?memberId= (one member's statement) and ?member= (one member's invoice); BAD_REQUEST otherwise. */
export function parseRunDownload(params: URLSearchParams): RunDownloadRequest {
  const format = params.get("format") ?? "csv";
  if (!isFormat(format)) throw new AppError("BAD_REQUEST", `format must be one of ${RUN_DOWNLOAD_FORMATS.join(", ")}`);
  const memberId = params.get("memberId");
  if (format === "statement" && !memberId) throw new AppError("BAD_REQUEST", "format=statement needs memberId");
  if (memberId !== null && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(memberId)) throw new AppError("NOT_FOUND", "Statement not found");
  const member = params.get("member") ?? undefined;
  if (member !== undefined && (format !== "ubl" || member.length > 100)) throw new AppError("BAD_REQUEST", "member goes with format=ubl");
  return { format, memberId, member };
}

/** Payment files name members and IBANs: a permission of their own (see ADR 0008). */
export const accessFor = (format: RunDownloadFormat): CommunityAccess => (PAYMENTS.has(format) ? "payments" : "read");
export const apiScopeFor = (format: RunDownloadFormat): ApiScope => (PAYMENTS.has(format) ? "payments:read" : "exports:read");

export interface DownloadFile {
  fileName: string;
  contentType: string;
  body: string | Uint8Array;
}

/** The file of a download, audited (payment files by paymentFile itself, with their digest). */
export async function downloadRunFile(db: Db, actor: Actor, scope: CommunityScope, runId: string, req: RunDownloadRequest): Promise<DownloadFile> {
  let out: { file: DownloadFile; audit: BillingExportAudit };
  switch (req.format) {
    case "csv":
    case "json":
      out = await renderBillingFile(db, scope.communityId, runId, req.format);
      break;
    case "ubl":
      out = await renderBillingFile(db, scope.communityId, runId, "ubl", req.member);
      break;
    case "pain008":
    case "pain001":
    case "sepa-report":
      return paymentFile(db, actor, scope, runId, req.format);
    case "statements":
      out = await renderStatements(db, scope, runId);
      break;
    case "statement":
      out = await renderStatements(db, scope, runId, req.memberId!);
      break;
  }
  await auditBillingExport(db, actor, scope, runId, out.audit);
  return out.file;
}

/** The name the download routes used before the billing chain was named after its steps. */
export const runDownload = downloadRunFile;

/** The API's JSON lines of a run (GET …/runs/{runId}/lines): the JSON export's document, audited as format "api-lines". */
export async function downloadRunLines(db: Db, actor: Actor, scope: Pick<CommunityScope, "orgId" | "communityId">, runId: string): Promise<unknown> {
  const { lines: x } = await loadBillingLines(db, scope.communityId, runId);
  await auditBillingExport(db, actor, scope, runId, { format: "api-lines", detail: { lines: x.lines.length }, checkpoint: { size: x.run.checkpointSize, root: x.run.checkpointRoot } });
  return JSON.parse(renderJson(x));
}

export const downloadHeaders = (file: DownloadFile) => ({
  "Content-Type": file.contentType,
  "Content-Disposition": `attachment; filename="${file.fileName}"`,
  "Cache-Control": "no-store",
});
