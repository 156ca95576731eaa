// Anchoring checkpoints (service). One anchor row per checkpoint and enabled sink, written PENDING;
// each attempt publishes the row's statement through its sink and records the receipt (ANCHORED) or
// the error (FAILED, attempts + 1) — the job queue retries FAILED rows (server/jobs/queue.ts).
// Settlement never waits for any of this: finalize only asks for it after its commit.
import type { Db, Tx } from "@/server/db/client";
import { hex } from "@/server/ledger/merkle";
import { anchorReceipt, type AnchorReceipt, type PublishedAnchor, type ReceiptCheck, type SinkName } from "./receipts";
import { verifyReceipt, type AnchorSetup, type VerifyContext } from "./sinks";
import { checkpointStatement } from "./statement";

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 500);

/**
 * Writes PENDING rows for checkpoints that lack a row for an enabled sink (all of a community's, or
 * one checkpoint's), and returns the ids of every row not yet anchored in that scope — new ones and
 * earlier FAILED or PENDING ones — for the queue.
 */
export async function ensureAnchors(db: Db, setup: AnchorSetup, scope: { communityId?: string; treeSize?: bigint } = {}): Promise<string[]> {
  const sinks = setup.sinks.map((s) => s.name);
  const missing = await db.$queryRaw<{ community_id: string; tree_size: bigint; root: string; sink: SinkName }[]>`
    SELECT c.community_id::text AS community_id, c.tree_size, encode(c.root, 'hex') AS root, s.sink
    FROM ledger_checkpoint c CROSS JOIN unnest(${sinks}::text[]) AS s(sink)
    WHERE (${scope.communityId ?? null}::uuid IS NULL OR c.community_id = ${scope.communityId ?? null}::uuid)
      AND (${scope.treeSize ?? null}::bigint IS NULL OR c.tree_size = ${scope.treeSize ?? null}::bigint)
      AND NOT EXISTS (SELECT 1 FROM anchor a WHERE a.community_id = c.community_id AND a.tree_size = c.tree_size AND a.sink = s.sink)`;
  if (missing.length > 0) {
    await db.anchor.createMany({
      data: missing.map((m) => ({
        communityId: m.community_id,
        treeSize: m.tree_size,
        sink: m.sink,
        statement: checkpointStatement({ communityId: m.community_id, treeSize: m.tree_size, root: m.root }),
      })),
      skipDuplicates: true,
    });
  }
  const open = await db.anchor.findMany({
    where: { status: { not: "ANCHORED" }, sink: { in: sinks }, ...(scope.communityId ? { communityId: scope.communityId } : {}), ...(scope.treeSize ? { treeSize: scope.treeSize } : {}) },
    select: { id: true },
    orderBy: [{ communityId: "asc" }, { treeSize: "asc" }],
  });
  return open.map((a) => a.id);
}

export type AttemptOutcome = "anchored" | "already-anchored";

/**
 * One attempt to anchor a row. Throws (after recording the error) when the sink fails, so that the
 * job queue retries it; a sink that is no longer enabled is an error too.
 */
export async function attemptAnchor(db: Db, setup: AnchorSetup, anchorId: string): Promise<AttemptOutcome> {
  const row = await db.anchor.findUnique({ where: { id: anchorId }, include: { checkpoint: { select: { root: true } } } });
  if (!row) throw new Error(`no anchor ${anchorId}`);
  if (row.status === "ANCHORED") return "already-anchored";
  const fail = async (e: unknown): Promise<never> => {
    await db.anchor.update({ where: { id: row.id }, data: { status: "FAILED", attempts: { increment: 1 }, lastError: errorText(e), updatedAt: new Date() } });
    throw e;
  };
  // The statement is rebuilt from the checkpoint: a row whose text differs is never published.
  const expected = checkpointStatement({ communityId: row.communityId, treeSize: row.treeSize, root: hex(row.checkpoint.root) });
  if (row.statement !== expected) return fail(new Error("the row's statement does not match its checkpoint"));
  const sink = setup.sinks.find((s) => s.name === row.sink);
  if (!sink) return fail(new Error(`the ${row.sink} sink is not enabled here`));
  let receipt: AnchorReceipt;
  try {
    receipt = anchorReceipt.parse(await sink.anchor(row.statement));
  } catch (e) {
    return fail(e);
  }
  const now = new Date();
  const done = await db.anchor.updateMany({
    where: { id: row.id, status: { not: "ANCHORED" } },
    data: { status: "ANCHORED", receipt: receipt as object, anchoredAt: now, updatedAt: now, attempts: { increment: 1 }, lastError: null },
  });
  return done.count === 1 ? "anchored" : "already-anchored";
}

/** Anchored receipts of a community, oldest checkpoint first: the export's `anchors` and the public page. */
export async function publishedAnchors(db: Tx, communityId: string, upTo?: bigint): Promise<PublishedAnchor[]> {
  const rows = await db.anchor.findMany({
    where: { communityId, status: "ANCHORED", ...(upTo !== undefined ? { treeSize: { lte: upTo } } : {}) },
    orderBy: [{ treeSize: "asc" }, { sink: "asc" }],
    include: { checkpoint: { select: { root: true } } },
  });
  return rows.map((a) => ({
    treeSize: a.treeSize.toString(),
    root: hex(a.checkpoint.root),
    sink: a.sink as SinkName,
    statement: a.statement,
    anchoredAt: a.anchoredAt!.toISOString(),
    receipt: anchorReceipt.parse(a.receipt),
  }));
}

/** Status of every anchor row of a community (the public page shows pending and failed ones too). */
export async function anchorStatuses(db: Tx, communityId: string) {
  const rows = await db.anchor.findMany({
    where: { communityId },
    orderBy: [{ treeSize: "desc" }, { sink: "asc" }],
    select: { treeSize: true, sink: true, status: true, attempts: true, anchoredAt: true, receipt: true },
  });
  return rows.map((r) => ({
    treeSize: r.treeSize.toString(),
    sink: r.sink as SinkName,
    status: r.status,
    attempts: r.attempts,
    anchoredAt: r.anchoredAt?.toISOString() ?? null,
    receipt: r.receipt === null ? null : anchorReceipt.parse(r.receipt),
  }));
}

export interface AnchorCheck {
  treeSize: string;
  sink: SinkName;
  check: ReceiptCheck;
}

/**
 * Checks published receipts: each statement must be the canonical statement of the checkpoint it
 * names (community, size, root as given by the caller's source of truth), then the receipt itself.
 */
export async function checkAnchors(communityId: string, anchors: readonly PublishedAnchor[], roots: ReadonlyMap<string, string>, ctx: VerifyContext): Promise<AnchorCheck[]> {
  const out: AnchorCheck[] = [];
  for (const a of anchors) {
    const root = roots.get(a.treeSize);
    let check: ReceiptCheck;
    if (root === undefined) check = { ok: false, problem: `no checkpoint of size ${a.treeSize} to compare with` };
    else if (a.statement !== checkpointStatement({ communityId, treeSize: BigInt(a.treeSize), root })) check = { ok: false, problem: "the anchored statement is not this checkpoint's (community, size or root differ)" };
    else if (a.receipt.sink !== a.sink) check = { ok: false, problem: `a ${a.receipt.sink} receipt listed as ${a.sink}` };
    else check = await verifyReceipt(a.statement, a.receipt, ctx);
    out.push({ treeSize: a.treeSize, sink: a.sink, check });
  }
  return out;
}
