// The ESCO's and municipality's PDF statements of a final run: for each member, the very document the
// resident downloads from /me (memberStatement + statementPdf), one at a time or all in a ZIP. Both
// are byte-identical when produced again: the PDF's creation date is the run's finalize time and the
// ZIP's entries carry that time too, in a fixed order.
import type { Tx } from "@/server/db/client";
import type { CommunityScope } from "@/server/access/scope";
import { notFound } from "@/server/errors";
import type { BillingExportAudit } from "./billing-audit";
import { fileName } from "@/server/residents/download-access";
import type { OwnMember } from "@/server/residents/own-member";
import { memberStatement } from "@/server/residents/statement";
import { statementPdf } from "@/server/residents/statement-pdf";
import { zip, type ZipEntry } from "./zip";

export interface BinaryFile {
  fileName: string;
  contentType: string;
  body: Uint8Array;
}

async function runMembers(db: Tx, scope: CommunityScope, runId: string, memberId?: string) {
  const run = await db.settlementRun.findFirst({ where: { id: runId, communityId: scope.communityId }, select: { id: true, version: true, periodStart: true, createdAt: true, checkpointSize: true, checkpointRoot: true, community: { select: { id: true, name: true, slug: true, timeZone: true } } } });
  if (!run) throw notFound("Settlement run");
  const ids = await db.settlementRunMember.findMany({ where: { runId, ...(memberId ? { memberId } : {}) }, select: { memberId: true } });
  const rows = await db.member.findMany({ where: { id: { in: ids.map((r) => r.memberId) }, communityId: scope.communityId }, select: { id: true, pseudonym: true, reference: true, kind: true, communityId: true } });
  if (memberId && rows.length === 0) throw notFound("Statement");
  const members: OwnMember[] = rows.map((m) => ({ ...m, community: run.community })).sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  return { run, members };
}

const statementName = (m: OwnMember, periodStart: string, version: number) => `${fileName("dajie-statement", m.reference, periodStart, `v${version}`)}.pdf`;

/** One member's statement of the run, or all of them in a ZIP, and what the download's audit event says. */
export async function renderStatements(db: Tx, scope: CommunityScope, runId: string, memberId?: string): Promise<{ file: BinaryFile; audit: BillingExportAudit }> {
  const { run, members } = await runMembers(db, scope, runId, memberId);
  const periodStart = run.periodStart.toISOString().slice(0, 10);
  const files: ZipEntry[] = [];
  for (const m of members) {
    const pdf = await statementPdf(await memberStatement(db, m, runId));
    let name = statementName(m, periodStart, run.version);
    if (files.some((f) => f.name === name)) name = name.replace(/\.pdf$/, `-${m.pseudonym}.pdf`);
    files.push({ name, data: new Uint8Array(pdf) });
  }
  const file: BinaryFile =
    memberId !== undefined
      ? { fileName: files[0]!.name, contentType: "application/pdf", body: files[0]!.data as Uint8Array }
      : { fileName: `dajie-${run.community.slug}-${periodStart}-v${run.version}-statements.zip`, contentType: "application/zip", body: zip(files, run.createdAt) };
  return {
    file,
    audit: { format: memberId ? "statement" : "statements", fileName: file.fileName, detail: { statements: members.length, memberId: memberId ?? null }, checkpoint: { size: run.checkpointSize, root: run.checkpointRoot } },
  };
}
