// The public ledger export (`dajie-ledger-export/1`) and its verifier. Pure: no database, no clock.
//
// JSON Lines. Line 1 is the header: the community (its id is part of every entry's bytes), the runs
// (their periods are too, and each run records a checkpoint), the checkpoint rows and, later, the
// external anchor receipts. Every further line is one entry in seq order: the hashed fields as stored,
// its prev_hash and hash. Accounts carry pseudonyms only (`PC:M-…`); member ids, references and names
// are not in the ledger's bytes and are not in the file. Numbers that can exceed 2^53 are strings.
//
// Verifying rebuilds every entry's canonical bytes from the file alone and runs the same verifier as
// `dajie verify` (verify-ledger.ts): hashes, the chain, each run's balance and every checkpoint root.
import { z } from "zod";
import { publishedAnchor, type PublishedAnchor } from "@/server/anchors/receipts";
import { ENTRY_FORMAT, type EntryKind } from "./entry-encoding";
import { LedgerVerifier, type Checkpoint, type LedgerVerdict, type StoredEntry } from "./verify-ledger";

export const EXPORT_FORMAT = "dajie-ledger-export/1";

const digits = z.string().regex(/^\d{1,19}$/, "a whole number");
const signed = z.string().regex(/^-?\d{1,19}$/, "a whole number");
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits");
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

export const exportHeader = z.object({
  format: z.literal(EXPORT_FORMAT),
  entryFormat: z.literal(ENTRY_FORMAT),
  community: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  exportedAt: z.string(),
  /** Entries that follow the header. */
  entries: digits,
  runs: z.array(
    z.object({
      id: z.string(),
      periodStart: date,
      periodEnd: date,
      version: z.number().int(),
      firstSeq: digits,
      lastSeq: digits,
      /** As recorded in the run (settlement_run.checkpoint_size / checkpoint_root). */
      checkpoint: z.object({ size: digits, root: z.string() }),
    }),
  ),
  /** The checkpoint rows (ledger_checkpoint): tree size, root, the run that wrote it, when. */
  checkpoints: z.array(z.object({ treeSize: digits, root: z.string(), runId: z.string(), createdAt: z.string() })),
  /**
   * Receipts of the checkpoints published outside Dajie (timestamp authority, chain transaction,
   * signed feed): each names its checkpoint (size, root), the statement anchored and the receipt
   * (server/anchors/receipts.ts, docs/anchors.md). `verify-export` checks that each statement is its
   * checkpoint's and then the receipts it can check offline; `anchor verify --file` checks them all.
   */
  anchors: z.array(publishedAnchor),});
export type ExportHeader = z.infer<typeof exportHeader>;

export const exportEntry = z.object({
  seq: digits,
  runId: z.string(),
  kind: z.string(),
  account: z.string(),
  amountCents: signed,
  energyMWh: signed,
  reversesSeq: digits.nullable(),
  prevHash: hex64,
  hash: hex64,
});
export type ExportEntry = z.infer<typeof exportEntry>;

export type ExportVerdict = (LedgerVerdict | { ok: false; seq: bigint | null; problem: string }) & {
  community: string | null;
  runs: number;
  checkpointRows: number;
  anchors: number;
  /** The community's id, the anchor receipts and the checkpoint roots by tree size, to check the anchors. */
  communityId: string | null;
  anchorReceipts: PublishedAnchor[];
  checkpointRoots: Map<string, string>;
  /** The last checkpoint in the file: what to compare with the public page and the anchors. */
  latest: { size: string; root: string } | null;
};

function issues(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ");
}

/** Checkpoints to check: each run's own record, each checkpoint row, and a missing row as a problem. */
function checkpointsOf(h: ExportHeader): Checkpoint[] {
  const withRow = new Set(h.checkpoints.map((c) => c.runId));
  return [
    ...h.runs.map((r) => ({ size: BigInt(r.checkpoint.size), root: r.checkpoint.root.toLowerCase(), source: `run ${r.id}` })),
    ...h.checkpoints.map((c) => ({ size: BigInt(c.treeSize), root: c.root.toLowerCase(), source: `checkpoint row of run ${c.runId}` })),
    ...h.runs.filter((r) => !withRow.has(r.id)).map((r) => ({ size: BigInt(r.checkpoint.size), root: null, source: `checkpoint row of run ${r.id}` })),
  ];
}

const CHUNK = 1024;

/** Verifies an export given as its lines (a file read line by line). */
export async function verifyExport(lines: AsyncIterable<string> | Iterable<string>): Promise<ExportVerdict> {
  let header: ExportHeader | null = null;
  let verifier: LedgerVerifier | null = null;
  let periods = new Map<string, { periodStart: string; periodEnd: string }>();
  let chunk: StoredEntry[] = [];
  let lineNo = 0;
  let count = 0n;
  const base = () => ({
    community: header?.community.slug ?? null,
    runs: header?.runs.length ?? 0,
    checkpointRows: header?.checkpoints.length ?? 0,
    anchors: header?.anchors.length ?? 0,
    communityId: header?.community.id ?? null,
    anchorReceipts: header?.anchors ?? [],
    checkpointRoots: new Map((header?.checkpoints ?? []).map((c) => [c.treeSize, c.root.toLowerCase()])),
    latest: latestOf(header),
  });
  const fail = (seq: bigint | null, problem: string): ExportVerdict => ({ ok: false, seq, problem, ...base() });

  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (line === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return fail(null, `line ${lineNo} is not JSON`);
    }
    if (!header) {
      const h = exportHeader.safeParse(json);
      if (!h.success) return fail(null, `line ${lineNo} is not a ${EXPORT_FORMAT} header: ${issues(h.error)}`);
      header = h.data;
      periods = new Map(header.runs.map((r) => [r.id, { periodStart: r.periodStart, periodEnd: r.periodEnd }]));
      verifier = new LedgerVerifier(checkpointsOf(header));
      continue;
    }
    const e = exportEntry.safeParse(json);
    if (!e.success) return fail(count + 1n, `line ${lineNo} is not an entry: ${issues(e.error)}`);
    const period = periods.get(e.data.runId);
    if (!period) return fail(BigInt(e.data.seq), `entry ${e.data.seq} belongs to run ${e.data.runId}, which the header does not list`);
    count++;
    chunk.push({
      communityId: header.community.id,
      seq: BigInt(e.data.seq),
      runId: e.data.runId,
      ...period,
      kind: e.data.kind as EntryKind,
      account: e.data.account,
      amountCents: BigInt(e.data.amountCents),
      energyMWh: BigInt(e.data.energyMWh),
      reversesSeq: e.data.reversesSeq === null ? null : BigInt(e.data.reversesSeq),
      prevHash: Buffer.from(e.data.prevHash, "hex"),
      hash: Buffer.from(e.data.hash, "hex"),
    });
    if (chunk.length === CHUNK) {
      verifier!.pushInThread(chunk);
      chunk = [];
      if (verifier!.failed) break;
    }
  }
  if (!header || !verifier) return fail(null, "the file is empty");
  verifier.pushInThread(chunk);
  const verdict = verifier.finish();
  if (verdict.ok && count !== BigInt(header.entries)) return fail(count + 1n, `the header announces ${header.entries} entries, the file holds ${count}`);
  return { ...verdict, ...base() };
}

function latestOf(h: ExportHeader | null): ExportVerdict["latest"] {
  if (!h || h.checkpoints.length === 0) return null;
  const last = h.checkpoints.reduce((a, b) => (BigInt(b.treeSize) > BigInt(a.treeSize) ? b : a));
  return { size: last.treeSize, root: last.root };
}
