// Every download of a run's billing (CSV, JSON, the API's lines, invoices, statements) leaves one
// audit event of one shape: who, which run, which format and file, at which checkpoint. An append:
// the download itself stays a read of the run. (Payment files have their own, billing.payment-file,
// with the file's SHA-256: payment-files.ts.)
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Tx } from "@/server/db/client";

export interface BillingExportAudit {
  format: string;
  /** The file's name; absent for the API's JSON lines, which are not a file. */
  fileName?: string;
  /** Format-specific counts (lines, invoices, statements, member). */
  detail: Record<string, unknown>;
  checkpoint: { size: bigint; root: string };
}

export async function auditBillingExport(db: Tx, actor: Actor, scope: Pick<CommunityScope, "orgId" | "communityId">, runId: string, a: BillingExportAudit): Promise<void> {
  await recordAudit(db, actor, {
    orgId: scope.orgId,
    communityId: scope.communityId,
    action: "billing.export",
    objectType: "SettlementRun",
    objectId: runId,
    after: { format: a.format, ...(a.fileName === undefined ? {} : { fileName: a.fileName }), ...a.detail, checkpoint: a.checkpoint },
  });
}
