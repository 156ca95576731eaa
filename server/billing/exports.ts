// Loads a final run and its ledger entries for export, and writes each download to the audit log.
import type { Tx } from "@/server/db/client";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { CommunityScope } from "@/server/access/scope";
import { notFound } from "@/server/errors";
import { runExport, toCsv, toJson, type ExportEntry, type ExportMember, type RunExport } from "./run-export";
import { dateToIso } from "@/server/shared/validation";

const bp = (percent: { toFixed(n: number): string }) => Number(percent.toFixed(2).replace(".", ""));

export async function loadRunExport(db: Tx, communityId: string, runId: string): Promise<RunExport> {
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
  const snapshot = run.ruleSnapshot as { kind?: string; priceEurPerKWh?: string };
  return runExport(
    {
      id: run.id,
      version: run.version,
      correctsId: run.correctsId,
      communitySlug: run.community.slug,
      periodStart: dateToIso(run.periodStart),
      periodEnd: dateToIso(run.periodEnd),
      checkpointSize: run.checkpointSize,
      checkpointRoot: run.checkpointRoot,
      priceEurPerKWh: snapshot.kind === "IT_CER" ? null : (snapshot.priceEurPerKWh ?? null),
    },
    entries.map(toEntry),
    byId,
    { chargesBp: bp(run.community.vatChargesPercent), creditsBp: bp(run.community.vatCreditsPercent) },
    new Map(originals.map((e) => [e.seq, toEntry(e)])),
  );
}

export type ExportFormat = "csv" | "json";

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: string;
}

/** The file, and an audit event saying who downloaded which run in which format. */
export async function exportRun(db: Tx, actor: Actor, scope: CommunityScope, runId: string, format: ExportFormat): Promise<ExportFile> {
  const x = await loadRunExport(db, scope.communityId, runId);
  const base = `dajie-${x.run.communitySlug}-${x.run.periodStart}-v${x.run.version}`;
  const file =
    format === "csv"
      ? { fileName: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: toCsv(x) }
      : { fileName: `${base}.json`, contentType: "application/json; charset=utf-8", body: toJson(x) };
  await recordAudit(db, actor, {
    orgId: scope.orgId,
    communityId: scope.communityId,
    action: "billing.export",
    objectType: "SettlementRun",
    objectId: runId,
    after: { format, fileName: file.fileName, lines: x.lines.length, checkpoint: { size: x.run.checkpointSize, root: x.run.checkpointRoot } },
  });
  return file;
}
