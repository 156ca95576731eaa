// Writes a community's public ledger export (format in export-format.ts) as JSON lines, streaming
// the entries in seq order. Read-only.
//
// Runs are read before the checkpoint rows and the entries: a run, its entries and its checkpoint are
// written in one transaction, so every run read has all its entries; the export ends at the largest
// checkpoint of those runs, so a run finalized meanwhile is simply not in it yet.
import type { Tx } from "@/server/db/client";
import { publishedAnchors } from "@/server/anchors/anchors";
import { hex } from "./merkle";
import { ENTRY_FORMAT } from "./entry-encoding";
import { EXPORT_FORMAT, type ExportEntry, type ExportHeader } from "./export-format";
import { dateToIso } from "@/server/shared/validation";
import { systemClock } from "@/server/shared/clock";

const BATCH = 4096;

type Row = { seq: bigint; run_id: string; kind: string; account: string; amount_cents: bigint; energy_mwh: bigint; reverses_seq: bigint | null; prev_hash: string; hash: string };

export async function* exportLedgerLines(db: Tx, community: { id: string; slug: string; name: string }, now = systemClock.now()): AsyncGenerator<string> {
  const runs = await db.settlementRun.findMany({
    where: { communityId: community.id },
    orderBy: { firstSeq: "asc" },
    select: { id: true, periodStart: true, periodEnd: true, version: true, firstSeq: true, lastSeq: true, checkpointSize: true, checkpointRoot: true },
  });
  const known = new Set(runs.map((r) => r.id));
  const rows = await db.ledgerCheckpoint.findMany({ where: { communityId: community.id }, orderBy: { treeSize: "asc" }, select: { treeSize: true, root: true, runId: true, createdAt: true } });
  const checkpoints = rows.filter((c) => known.has(c.runId));
  const last = runs.reduce((m, r) => (r.lastSeq > m ? r.lastSeq : m), 0n);
  const [counted] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM ledger_entry WHERE community_id = ${community.id}::uuid AND seq <= ${last}`;
  const n = counted?.n ?? 0n;

  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    entryFormat: ENTRY_FORMAT,
    community,
    exportedAt: now.toISOString(),
    entries: n.toString(),
    runs: runs.map((r) => ({
      id: r.id,
      periodStart: dateToIso(r.periodStart),
      periodEnd: dateToIso(r.periodEnd),
      version: r.version,
      firstSeq: r.firstSeq.toString(),
      lastSeq: r.lastSeq.toString(),
      checkpoint: { size: r.checkpointSize.toString(), root: r.checkpointRoot },
    })),
    checkpoints: checkpoints.map((c) => ({ treeSize: c.treeSize.toString(), root: hex(c.root), runId: c.runId, createdAt: c.createdAt.toISOString() })),
    anchors: await publishedAnchors(db, community.id, last),
  };
  yield `${JSON.stringify(header)}\n`;

  for (let after = 0n; after < last; ) {
    const batch = await db.$queryRaw<Row[]>`
      SELECT seq, run_id::text AS run_id, kind, account, amount_cents, energy_mwh, reverses_seq, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash
      FROM ledger_entry WHERE community_id = ${community.id}::uuid AND seq > ${after} AND seq <= ${last} ORDER BY seq LIMIT ${BATCH}`;
    if (batch.length === 0) break;
    // Only the hashed fields and the hashes: never member_id.
    yield batch
      .map((e) => {
        const entry: ExportEntry = {
          seq: e.seq.toString(),
          runId: e.run_id,
          kind: e.kind,
          account: e.account,
          amountCents: e.amount_cents.toString(),
          energyMWh: e.energy_mwh.toString(),
          reversesSeq: e.reverses_seq === null ? null : e.reverses_seq.toString(),
          prevHash: e.prev_hash,
          hash: e.hash,
        };
        return `${JSON.stringify(entry)}\n`;
      })
      .join("");
    after = batch[batch.length - 1]!.seq;
  }
}

/** Public checkpoints (tree size, root, when, the period of the run) for the public page, newest first. */
export async function publicCheckpoints(db: Tx, communityId: string) {
  const rows = await db.ledgerCheckpoint.findMany({
    where: { communityId },
    orderBy: { treeSize: "desc" },
    select: { treeSize: true, root: true, createdAt: true, run: { select: { periodStart: true, periodEnd: true, version: true } } },
  });
  return rows.map((c) => ({
    treeSize: c.treeSize.toString(),
    root: hex(c.root),
    createdAt: c.createdAt.toISOString(),
    periodStart: dateToIso(c.run.periodStart),
    periodEnd: dateToIso(c.run.periodEnd),
    version: c.run.version,
  }));
}
