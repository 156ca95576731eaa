// The formats of a final run's downloads, shared by the console's session route and the API route:
// which access each needs, and the service that builds it. Every one of them is audited.
import type { CommunityAccess, CommunityScope } from "@/server/access/scope";
import type { ApiScope } from "@/server/api-tokens/scopes";
import type { Actor } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { exportRun } from "./exports";
import { paymentFile } from "./payment-files";
import { runStatements } from "./run-statements";

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

export async function runDownload(db: Db, actor: Actor, scope: CommunityScope, runId: string, req: RunDownloadRequest): Promise<DownloadFile> {
  switch (req.format) {
    case "csv":
    case "json":
      return exportRun(db, actor, scope, runId, req.format);
    case "ubl":
      return exportRun(db, actor, scope, runId, "ubl", { member: req.member });
    case "pain008":
    case "pain001":
    case "sepa-report":
      return paymentFile(db, actor, scope, runId, req.format);
    case "statements":
      return runStatements(db, actor, scope, runId);
    case "statement":
      return runStatements(db, actor, scope, runId, req.memberId!);
  }
}

export const downloadHeaders = (file: DownloadFile) => ({
  "Content-Type": file.contentType,
  "Content-Disposition": `attachment; filename="${file.fileName}"`,
  "Cache-Control": "no-store",
});
