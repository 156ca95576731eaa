// `npm run bench:finalize-lock`: how long finalize holds the community's advisory lock when the
// ledger already has many entries (the Merkle root of the new checkpoint covers every entry).
//
//   npm run bench:finalize-lock                            1,000,000 existing entries, 50 members
//   npm run bench:finalize-lock -- --entries 100000        a quick run
//   npm run bench:finalize-lock -- --no-frontier           checkpoints without a stored frontier (a
//                                                          ledger written before frontiers: read whole)
//
// 1. builds a ledger of N entries (weekly runs of flat postings from 2010, chained, with a
//    checkpoint per run) and loads it with COPY, as bench-verify does;
// 2. gives the community M members with one day of 15-minute readings (2026-03-02);
// 3. finalizes that day while a second connection polls pg_locks every ~2 ms: the time between the
//    first and the last sighting of the granted advisory lock is the time under the lock;
// 4. times, for comparison, reading every hash through Prisma and the root over them in memory
//    (what the lock used to cover);
// 5. proofs after the new run: inclusion proofs of one ledger member's entries (what me.proofs
//    builds) and a consistency proof between the last two checkpoints (the feed, the witnesses),
//    from every leaf hash (before) and from the stored subtree hashes, ledger_tree_node (after);
//    both must be equal.
// Uses a throwaway embedded PostgreSQL in a temporary folder removed at the end (or DATABASE_URL).
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { benchDatabase } from "./lib/database.ts";
import { flag } from "./lib/flags.ts";
import { chainPostings, ZERO_HASH, type ChainedEntry } from "../server/ledger/entry-encoding.ts";
import { nodesFor } from "../server/ledger/tree-nodes.ts";
import { consistencyProof, hex, inclusionProofs, inclusionRanges, MerkleAccumulator, packFrontier, rootFromLeafHashes } from "../server/ledger/merkle.ts";
import { flatPostings, type PostingMember } from "../server/settlement/postings.ts";
import { flatValuation } from "../server/settlement/valuation.ts";
import { addDays } from "../server/shared/iso-date.ts";

const ENTRIES = flag("entries", 1_000_000);
const MEMBERS = flag("members", 50);
const FRONTIER = !process.argv.includes("--no-frontier");
const LEDGER_MEMBERS = 1_000;
const DAY = { start: "2026-03-02", end: "2026-03-03" };
const now = () => performance.now();
const s = (ms: number) => +(ms / 1000).toFixed(3);

const database = await benchDatabase("dajie-bench-lock-");

const { db } = await import("../server/db/client.ts");
const { pgPool } = await import("../server/db/pg.ts");
const { settlementWorld, writeReadings } = await import("../server/settlement/test-settlement.ts");
const { finalizeRun, previewRun } = await import("../server/settlement/finalize-run.ts");
const { from: copyFrom } = await import("pg-copy-streams");
const { loadTreeNodes, storedConsistencyProofs, storedInclusionProofs } = await import("../server/ledger/tree-node-store.ts");
const { verifyCommunity } = await import("../server/ledger/verify-community.ts");

/** Weekly runs of flat postings (consumers pay, producers are credited) until `total` entries. */
function buildLedger(communityId: string, total: number) {
  const members = Array.from({ length: LEDGER_MEMBERS }, (_, k) => ({ memberId: randomUUID(), pseudonym: `L-${(0x10000000 + k * 7919).toString(16).toUpperCase()}` }));
  const info = new Map<string, PostingMember>(members.map((m) => [m.memberId, m]));
  const entries: ChainedEntry[] = [];
  const runs: { id: string; start: string; end: string; firstSeq: bigint; lastSeq: bigint; root: string; frontier: Uint8Array }[] = [];
  const tree = new MerkleAccumulator();
  // The complete subtrees, as finalize stores them in ledger_tree_node.
  const nodes: { level: number; index: number; hash: Uint8Array }[] = [];
  let start = "2000-01-03";
  while (entries.length < total) {
    // n consumers and one producer → n + 3 entries; sizes chosen so that exactly `total` are written.
    const left = total - entries.length;
    const full = LEDGER_MEMBERS + 2;
    const size = left === full || left >= full + 4 ? full : left < full ? left : left - 4;
    const n = size - 3;
    const allocated = new Map(members.slice(0, n).map((m, k) => [m.memberId, 1_000_000n + BigInt(k)]));
    let shared = 0n;
    for (const e of allocated.values()) shared += e;
    const delivered = new Map([[members[LEDGER_MEMBERS - 1]!.memberId, shared]]);
    const postings = flatPostings(flatValuation(allocated, delivered, 110_000n), allocated, delivered, info);
    const id = randomUUID();
    const end = addDays(start, 7);
    const last = entries[entries.length - 1];
    const chained = chainPostings({ communityId, runId: id, periodStart: start, periodEnd: end }, postings, last?.seq ?? 0n, last?.hash ?? ZERO_HASH);
    for (const e of chained) {
      entries.push(e);
      tree.pushLeafHash(e.hash, (level, index, hash) => nodes.push({ level, index, hash }));
    }
    runs.push({ id, start, end, firstSeq: chained[0]!.seq, lastSeq: chained[chained.length - 1]!.seq, root: hex(tree.root()), frontier: packFrontier(tree.frontier()) });
    start = end;
  }
  return { entries, runs, members, nodes };
}

try {
  const w = await settlementWorld(Array.from({ length: MEMBERS }, (_, k) => (k % 5 === 0 ? { kind: "PROSUMER" as const, consumption: true, injection: true } : {})), { timeZone: "Europe/Rome", intervalMinutes: 15 });
  const communityId = w.community.id;

  // --- 1. the existing ledger ---------------------------------------------------------------------
  let t = now();
  const { entries, runs, members: ledgerMembers, nodes } = buildLedger(communityId, ENTRIES);
  // Members of the past runs (no metering points: they do not take part in the new day).
  await db().member.createMany({ data: ledgerMembers.map((m, k) => ({ id: m.memberId, communityId, pseudonym: m.pseudonym, reference: `L${k}`, kind: "PROSUMER" as const, joinedOn: new Date("2000-01-01T00:00:00Z") })) });
  const buildMs = now() - t;
  t = now();
  await db().settlementRun.createMany({
    data: runs.map((r) => ({
      id: r.id,
      communityId,
      periodStart: new Date(`${r.start}T00:00:00Z`),
      periodEnd: new Date(`${r.end}T00:00:00Z`),
      version: 1,
      ruleSnapshot: {},
      inputsDigest: "bench",
      totals: {},
      firstSeq: r.firstSeq,
      lastSeq: r.lastSeq,
      checkpointSize: r.lastSeq,
      checkpointRoot: r.root,
      startedBy: "bench",
    })),
  });
  const client = await pgPool().connect();
  try {
    const bytea = (b: Uint8Array) => `\\\\x${Buffer.from(b).toString("hex")}`;
    const rows = Readable.from(
      (function* () {
        for (let k = 0; k < entries.length; k += 10_000) {
          let text = "";
          for (const e of entries.slice(k, k + 10_000)) {
            text += `${e.communityId}\t${e.seq}\t${e.runId}\t${e.kind}\t${e.account}\t${e.memberId ?? "\\N"}\t${e.amountCents}\t${e.energyMWh}\t${e.reversesSeq ?? "\\N"}\t${bytea(e.prevHash)}\t${bytea(e.hash)}\n`;
          }
          yield text;
        }
      })(),
    );
    const columns = "community_id, seq, run_id, kind, account, member_id, amount_cents, energy_mwh, reverses_seq, prev_hash, hash";
    await pipeline(rows, client.query(copyFrom(`COPY ledger_entry (${columns}) FROM STDIN`)));
    const nodeRows = Readable.from(
      (function* () {
        for (let k = 0; k < nodes.length; k += 10_000) yield nodes.slice(k, k + 10_000).map((n) => `${communityId}\t${n.level}\t${n.index}\t${bytea(n.hash)}\n`).join("");
      })(),
    );
    await pipeline(nodeRows, client.query(copyFrom("COPY ledger_tree_node (community_id, level, index, hash) FROM STDIN")));
    await db().ledgerCheckpoint.createMany({ data: runs.map((r) => ({ communityId, treeSize: r.lastSeq, root: Buffer.from(r.root, "hex"), frontier: FRONTIER ? Buffer.from(r.frontier) : null, runId: r.id })) });
    await client.query("VACUUM ANALYZE ledger_entry");
    await client.query("VACUUM ANALYZE ledger_tree_node");
  } finally {
    client.release();
  }
  const loadMs = now() - t;

  // --- 2. the day to settle -----------------------------------------------------------------------
  for (const [k, m] of w.members.entries()) {
    if (m.consumption) await writeReadings(communityId, m.consumption.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 100_000n + BigInt(k));
    if (m.injection) await writeReadings(communityId, m.injection.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 400_000n);
  }

  // --- 4. (first, on a cold cache like finalize's) the old work under the lock -----------------------
  t = now();
  const hashes = await db().ledgerEntry.findMany({ where: { communityId }, orderBy: { seq: "asc" }, select: { hash: true } });
  const readAllMs = now() - t;
  t = now();
  rootFromLeafHashes(hashes.map((h) => new Uint8Array(h.hash)));
  const rootAllMs = now() - t;

  // --- 3. finalize, with the lock watched from outside ----------------------------------------------
  t = now();
  await previewRun(db(), communityId, DAY);
  const previewMs = now() - t;
  const probe = await pgPool().connect();
  let first: number | null = null;
  let last: number | null = null;
  let polls = 0;
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const r = await probe.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted LIMIT 1");
      polls++;
      if (r.rowCount) {
        first ??= now();
        last = now();
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  t = now();
  const out = await finalizeRun(db(), communityId, DAY, { kind: "cli", name: "bench" }, { acceptGaps: true });
  const finalizeMs = now() - t;
  watching = false;
  await watcher;
  probe.release();
  if (!out.created) throw new Error("the bench run was not written");
  const verify = await db().ledgerCheckpoint.findFirstOrThrow({ where: { runId: out.runId } });
  const all = await db().ledgerEntry.findMany({ where: { communityId }, orderBy: { seq: "asc" }, select: { hash: true } });
  if (hex(rootFromLeafHashes(all.map((h) => new Uint8Array(h.hash)))) !== hex(verify.root)) throw new Error("the new checkpoint's root is not the root of every entry");
  const tail = new MerkleAccumulator();
  for (const h of all) tail.pushLeafHash(new Uint8Array(h.hash));
  if (hex(verify.frontier ?? new Uint8Array(0)) !== hex(packFrontier(tail.frontier()))) throw new Error("the new checkpoint's frontier is not the tree's");

  // --- 5. proofs: from every leaf (before) and from stored nodes (after) -------------------------------
  const size = Number(verify.treeSize);
  const account = `PC:${ledgerMembers[0]!.pseudonym}`;
  const mine = (await db().ledgerEntry.findMany({ where: { communityId, account }, orderBy: { seq: "asc" }, select: { seq: true } })).map((e) => Number(e.seq - 1n));
  const previous = Number((await db().ledgerCheckpoint.findFirstOrThrow({ where: { communityId, treeSize: { lt: verify.treeSize } }, orderBy: { treeSize: "desc" } })).treeSize);
  t = now();
  const leafRows = await db().$queryRaw<{ hash: Uint8Array }[]>`SELECT hash FROM ledger_entry WHERE community_id = ${communityId}::uuid AND seq <= ${verify.treeSize} ORDER BY seq`;
  const leaves = leafRows.map((l) => new Uint8Array(l.hash));
  const readLeavesMs = now() - t;
  // Before: each proof first read every leaf hash (me.proofs, the tlog proof, the feed, the witnesses).
  t = now();
  const fromLeavesInclusion = inclusionProofs(leaves, mine, size);
  const inclusionBeforeMs = readLeavesMs + (now() - t);
  t = now();
  const fromLeavesConsistency = consistencyProof(leaves, previous, size);
  const consistencyBeforeMs = readLeavesMs + (now() - t);
  t = now();
  const storedInclusion = await storedInclusionProofs(db(), communityId, mine, size);
  const inclusionAfterMs = now() - t;
  t = now();
  const [storedConsistency] = await storedConsistencyProofs(db(), communityId, [[previous, size]]);
  const consistencyAfterMs = now() - t;
  // The query alone (the rest of "after" is folding the nodes into proofs, in memory).
  t = now();
  await loadTreeNodes(db(), communityId, nodesFor(mine.flatMap((i) => inclusionRanges(i, size))));
  const inclusionQueryMs = now() - t;
  const same = (a: Uint8Array[][], b: Uint8Array[][]) => JSON.stringify(a.map((p) => p.map(hex))) === JSON.stringify(b.map((p) => p.map(hex)));
  if (!same(storedInclusion, fromLeavesInclusion) || !same([storedConsistency!], [fromLeavesConsistency])) throw new Error("the proofs from stored nodes differ from the proofs from the leaves");
  t = now();
  // `dajie verify` of the whole ledger after the finalize: entries, roots and every stored node.
  const verdict = await verifyCommunity(db(), communityId);
  const verifyMs = now() - t;
  if (!verdict.ok) throw new Error(`verify after finalize: ${verdict.problem}`);

  const lockMs = first !== null && last !== null ? last - first : null;
  const figures = {
    existingEntries: ENTRIES,
    storedFrontiers: FRONTIER,
    existingRuns: runs.length,
    members: MEMBERS,
    newEntries: Number(verify.treeSize) - ENTRIES,
    buildSeconds: s(buildMs),
    loadSeconds: s(loadMs),
    previewSeconds: s(previewMs),
    finalizeSeconds: s(finalizeMs),
    lockHeldSeconds: lockMs === null ? null : s(lockMs),
    lockPolls: polls,
    prismaReadAllHashesSeconds: s(readAllMs),
    rootOverAllHashesSeconds: s(rootAllMs),
    proofEntries: mine.length,
    proofNodesRead: nodesFor(mine.flatMap((i) => inclusionRanges(i, size))).length,
    inclusionProofsFromLeavesSeconds: s(inclusionBeforeMs),
    inclusionProofsFromNodesSeconds: s(inclusionAfterMs),
    inclusionNodesQuerySeconds: s(inclusionQueryMs),
    consistencyProofFromLeavesSeconds: s(consistencyBeforeMs),
    consistencyProofFromNodesSeconds: s(consistencyAfterMs),
    verifyAfterFinalizeSeconds: s(verifyMs),
  };
  console.log(JSON.stringify(figures, null, 2));
} finally {
  await db().$disconnect().catch(() => {});
  await pgPool().end().catch(() => {});
  await database.close();
}
