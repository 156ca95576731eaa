// `npm run bench:verify`: ledger verification against `sha256sum` on the same canonical bytes.
//
//   npm run bench:verify                                  1,000,000 entries, 2,000 members
//   npm run bench:verify -- --entries 100000 --members 500   a quick run
//
// Uses DATABASE_URL when set (use a throwaway database: the bench community and its ledger stay),
// otherwise a throwaway embedded PostgreSQL in a temporary folder that is removed at the end.
//
// 1. builds a ledger in memory with the real posting code: weekly runs where consumers pay for their
//    allocated energy and producers are credited (flatValuation, flatPostings), every 25th run a
//    correction that reverses the previous run (reversalPostings); chained with chainPostings;
// 2. writes the canonical bytes, one entry per line, to a file and times `sha256sum` on it;
// 3. times our verification from the same bytes in memory (the hash stage: leaf hashes, chain and
//    stored-hash checks, run balances, every checkpoint root) on worker threads, with node:crypto
//    and with hash-wasm, and in this thread alone;
// 4. loads the ledger into PostgreSQL (COPY, chain trigger on) and times verifyCommunity end to end,
//    as `dajie verify` runs it ("auto") and in this thread alone.
// Each figure is the best of --repeat runs, with its CPU time beside the wall time (the machine may be
// shared: compare ratios from one run, and look at the load average printed with them).
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { benchDatabase } from "./lib/database.ts";
import { ownerQuery } from "./lib/owner-query.ts";
import { flag } from "./lib/flags.ts";
import { chainPostings, ZERO_HASH, type ChainedEntry, type Posting } from "../server/ledger/entry-encoding.ts";
import { hex, MerkleAccumulator } from "../server/ledger/merkle.ts";
import { TreeHashPool, type Sha256Impl } from "../server/ledger/parallel-hash.ts";
import { inThreadHasher, type ChunkHasher, type LeafInputs } from "../server/ledger/tree-chunks.ts";
import { LedgerVerifier, type Checkpoint, type LedgerVerdict } from "../server/ledger/verify-ledger.ts";
import { flatPostings, reversalPostings, type PostingMember } from "../server/settlement/postings.ts";
import { flatValuation } from "../server/settlement/valuation.ts";
import { addDays } from "../server/shared/iso-date.ts";


const ENTRIES = flag("entries", 1_000_000);
const MEMBERS = flag("members", 2_000);
const REPEAT = flag("repeat", 3);
const CHUNK = 1 << 15;
const PRICE_MICRO_EUR_PER_KWH = 110_000n; // 0.11 €/kWh
const MB = 1024 * 1024;
const seconds = (ms: number) => +(ms / 1000).toFixed(3);
const now = () => performance.now();

/** Deterministic xorshift32, so two runs build the same ledger shape. */
function random(seed: number) {
  let x = seed;
  return (below: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % below;
  };
}

interface Run {
  id: string;
  periodStart: string;
  periodEnd: string;
  version: number;
  correctsId: string | null;
  firstSeq: bigint;
  lastSeq: bigint;
  root: string;
}

/** A ledger of exactly `total` entries for `memberCount` members, as finalizeRun would write it. */
function buildLedger(communityId: string, total: number, memberCount: number) {
  const rnd = random(20261125);
  // Pseudonyms are unique across communities: a random base keeps a second run on the same database
  // apart, and keeps them 8 hex digits long (the same bytes per entry as before).
  const base = 0x10000000 + Math.floor(Math.random() * 0xd0000000);
  const members = Array.from({ length: memberCount }, (_, k) => {
    const r = rnd(100);
    return { memberId: randomUUID(), pseudonym: `M-${(base + k * 7919).toString(16).toUpperCase()}`, consumes: r < 85, produces: r >= 60 };
  });
  const info = new Map<string, PostingMember>(members.map((m) => [m.memberId, m]));
  const entries: ChainedEntry[] = [];
  const runs: Run[] = [];
  const tree = new MerkleAccumulator();

  /** One period's postings for consumers and producers; Σ allocated = Σ delivered. */
  const period = (consumers: typeof members, producers: typeof members): Posting[] => {
    const allocated = new Map(consumers.map((m) => [m.memberId, 1_000_000n + BigInt(rnd(80_000_000))]));
    let shared = 0n;
    for (const e of allocated.values()) shared += e;
    const weights = producers.map(() => BigInt(1 + rnd(1000)));
    const sum = weights.reduce((a, b) => a + b, 0n);
    const delivered = new Map(producers.map((m, k) => [m.memberId, (shared * weights[k]!) / sum]));
    let given = 0n;
    for (const e of delivered.values()) given += e;
    delivered.set(producers[0]!.memberId, delivered.get(producers[0]!.memberId)! + shared - given);
    return flatPostings(flatValuation(allocated, delivered, PRICE_MICRO_EUR_PER_KWH), allocated, delivered, info);
  };

  const append = (run: Omit<Run, "firstSeq" | "lastSeq" | "root">, postings: Posting[]) => {
    const last = entries[entries.length - 1];
    const chained = chainPostings({ communityId, runId: run.id, periodStart: run.periodStart, periodEnd: run.periodEnd }, postings, last?.seq ?? 0n, last?.hash ?? ZERO_HASH);
    for (const e of chained) {
      entries.push(e);
      tree.pushLeafHash(e.hash);
    }
    runs.push({ ...run, firstSeq: chained[0]!.seq, lastSeq: chained[chained.length - 1]!.seq, root: hex(tree.root()) });
  };

  const consumers = members.filter((m) => m.consumes);
  const producers = members.filter((m) => m.produces);
  const full = consumers.length + producers.length + 2;
  let week = "2010-01-04"; // a Monday
  while (entries.length < total) {
    const left = total - entries.length;
    const previous = runs[runs.length - 1];
    const correct = previous !== undefined && runs.length % 25 === 24 && previous.version === 1;
    const size = correct ? 2 * (Number(previous.lastSeq - previous.firstSeq) + 1) : full;
    if (correct && (size <= left - 4 || size === left)) {
      const old = entries.slice(Number(previous.firstSeq) - 1, Number(previous.lastSeq));
      append({ id: randomUUID(), periodStart: previous.periodStart, periodEnd: previous.periodEnd, version: 2, correctsId: previous.id }, [...reversalPostings(old), ...period(consumers, producers)]);
      continue;
    }
    // The last run is cut to the size left: that many consumers minus 3, one producer, two CC lines.
    const cut = full <= left - 4 || full === left ? null : left - 3;
    const postings = cut === null ? period(consumers, producers) : period(consumers.slice(0, cut), producers.slice(0, 1));
    append({ id: randomUUID(), periodStart: week, periodEnd: addDays(week, 7), version: 1, correctsId: null }, postings);
    week = addDays(week, 7);
  }
  return { entries, runs, members, root: hex(tree.root()) };
}

/** The canonical bytes as leaf inputs (0x00 ‖ bytes per entry) in shared memory, and as lines. */
function layOut(entries: readonly ChainedEntry[]) {
  let bytes = 0;
  for (const e of entries) bytes += e.bytes.length;
  const data = new Uint8Array(new SharedArrayBuffer(bytes + entries.length));
  const offsets = new Uint32Array(new SharedArrayBuffer(4 * (entries.length + 1)));
  const lines = Buffer.allocUnsafe(bytes + entries.length);
  let at = 0;
  entries.forEach((e, k) => {
    offsets[k] = at;
    data.set(e.bytes, at + 1); // data[at] stays 0x00, the leaf prefix
    lines.set(e.bytes, at);
    lines[at + e.bytes.length] = 0x0a;
    at += 1 + e.bytes.length;
  });
  offsets[entries.length] = at;
  return { inputs: { data, offsets } satisfies LeafInputs, lines, bytes };
}

/** The hash stage from bytes in memory: chunks hashed by `hasher`, checked in order as they arrive. */
async function verifyInMemory(hasher: ChunkHasher, inputs: LeafInputs, entries: readonly ChainedEntry[], checkpoints: Checkpoint[]): Promise<LedgerVerdict> {
  const verifier = new LedgerVerifier(checkpoints);
  const jobs = [];
  for (let first = 0; first < entries.length; first += CHUNK) {
    const count = Math.min(CHUNK, entries.length - first);
    jobs.push({ first, count, hashes: Promise.resolve(hasher.hash(inputs, first, count, verifier.checkpointSizesIn(first, count))) });
  }
  for (const j of jobs) {
    verifier.pushChunk(entries.slice(j.first, j.first + j.count), await j.hashes);
    if (verifier.failed) break;
  }
  return verifier.finish();
}

/**
 * The fastest of `times` runs, with the CPU time this process spent in it (all its threads; not
 * PostgreSQL's). On a shared machine wall time swings with the load; CPU time much less.
 */
async function best<T>(times: number, f: () => Promise<T> | T): Promise<{ ms: number; cpuMs: number; value: T }> {
  let out: { ms: number; cpuMs: number; value: T } | undefined;
  for (let i = 0; i < times; i++) {
    const t = now();
    const cpu = process.cpuUsage();
    const value = await f();
    const ms = now() - t;
    const used = process.cpuUsage(cpu);
    if (!out || ms < out.ms) out = { ms, cpuMs: (used.user + used.system) / 1000, value };
  }
  return out!;
}

function expectOk(what: string, v: LedgerVerdict, root: string, entries: number) {
  if (!v.ok || v.root !== root || v.entries !== entries) throw new Error(`${what}: unexpected verdict ${JSON.stringify(v, (_, x: unknown) => (typeof x === "bigint" ? String(x) : x))}`);
}

const database = await benchDatabase("dajie-bench-verify-");
const { work } = database;

const { db } = await import("../server/db/client.ts");
const { pgPool } = await import("../server/db/pg.ts");
const { makeCommunity, makeOrg, makeUser } = await import("../server/test/factories.ts");
const { verifyCommunity } = await import("../server/ledger/verify-community.ts");
const { from: copyFrom } = await import("pg-copy-streams");

const pools: TreeHashPool[] = [];
try {
  const org = await makeOrg("MUNICIPALITY");
  const admin = await makeUser();
  const community = await makeCommunity(org.id, admin.id);

  // --- 1. the ledger in memory ------------------------------------------------------------------
  let t = now();
  // Held in `let`s so they can be dropped before the end-to-end part: a verifying process does not
  // hold a million entries, and a big live heap would make its garbage collection look slower.
  let ledger: ReturnType<typeof buildLedger> | null = buildLedger(community.id, ENTRIES, MEMBERS);
  const buildMs = now() - t;
  const { runs, root } = ledger;
  const checkpoints: Checkpoint[] = runs.map((r) => ({ size: r.lastSeq, root: r.root, source: `settlement_run ${r.id}` }));
  let laidOut: ReturnType<typeof layOut> | null = layOut(ledger.entries);
  const { bytes } = laidOut;
  const fileBytes = laidOut.lines.length;

  // --- 2. sha256sum on the same bytes -----------------------------------------------------------
  const file = join(work, "ledger.txt");
  writeFileSync(file, laidOut.lines);
  // Through bash's `time`, for sha256sum's own CPU time (user + system) besides the wall time.
  const sha = await best(REPEAT, () => {
    const r = spawnSync("bash", ["-c", `TIMEFORMAT='%3U %3S'; time sha256sum "$1"`, "_", file], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`sha256sum failed: ${r.stderr}`);
    const [user, system] = r.stderr.trim().split(/\s+/).slice(-2).map(Number);
    return { cpuMs: 1000 * (user! + system!), digest: r.stdout.slice(0, 64) };
  });
  const shaCpuMs = sha.value.cpuMs;

  // --- 3. our hash stage, from the bytes in memory ----------------------------------------------
  const stage: Record<string, { ms: number; cpuMs: number; startMs?: number }> = {};
  for (const impl of ["node", "wasm"] as Sha256Impl[]) {
    t = now();
    const pool = await TreeHashPool.start({ threads: 2, impl });
    pools.push(pool);
    const startMs = now() - t;
    const r = await best(REPEAT, () => verifyInMemory(pool, laidOut!.inputs, ledger!.entries, checkpoints));
    expectOk(`pool/${impl}`, r.value, root, ENTRIES);
    stage[`2 workers, ${impl}`] = { ms: r.ms, cpuMs: r.cpuMs, startMs };
    await pool.close();
  }
  const single = await best(1, () => verifyInMemory(inThreadHasher, laidOut!.inputs, ledger!.entries, checkpoints));
  expectOk("in thread", single.value, root, ENTRIES);
  laidOut = null;
  stage["this thread, node"] = { ms: single.ms, cpuMs: single.cpuMs };

  // --- 4. PostgreSQL end to end -----------------------------------------------------------------
  // The members the entries name (ledger_entry.member_id references member).
  await db().member.createMany({
    data: ledger.members.map((m, k) => ({
      id: m.memberId,
      communityId: community.id,
      pseudonym: m.pseudonym,
      reference: `B${String(k + 1).padStart(6, "0")}`,
      kind: m.consumes && m.produces ? "PROSUMER" : m.produces ? "PRODUCER" : "CONSUMER",
      joinedOn: new Date("2010-01-01T00:00:00Z"),
    })),
  });
  await db().settlementRun.createMany({
    data: runs.map((r) => ({
      id: r.id,
      communityId: community.id,
      periodStart: new Date(`${r.periodStart}T00:00:00Z`),
      periodEnd: new Date(`${r.periodEnd}T00:00:00Z`),
      version: r.version,
      correctsId: r.correctsId,
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
  let loadMs: number;
  try {
    t = now();
    const rows = Readable.from(
      (function* () {
        const bytea = (b: Uint8Array) => `\\\\x${Buffer.from(b).toString("hex")}`;
        const entries = ledger!.entries;
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
    // Checkpoints last: a deferred trigger checks that each run's entries are there and balance.
    await db().ledgerCheckpoint.createMany({ data: runs.map((r) => ({ communityId: community.id, treeSize: r.lastSeq, root: Buffer.from(r.root, "hex"), runId: r.id })) });
    loadMs = now() - t;
    // The stored subtree nodes finalize would have written, built by the migration's own fill (not timed).
    const migration = readFileSync(join("prisma", "migrations", "20261205024703_ledger_tree_nodes", "migration.sql"), "utf8");
    const fill = migration.slice(migration.indexOf("-- Every complete subtree"));
    await ownerQuery(database.ownerUrl, fill.slice(0, fill.indexOf("DO $$")));
    await ownerQuery(database.ownerUrl, fill.slice(fill.indexOf("DO $$")));
    await ownerQuery(database.ownerUrl, "VACUUM ANALYZE ledger_entry");
    await ownerQuery(database.ownerUrl, "VACUUM ANALYZE ledger_tree_node");
  } finally {
    client.release();
  }
  ledger = null;
  const e2e: Record<string, { ms: number; cpuMs: number }> = {};
  // "auto" is what `dajie verify --community SLUG` runs: workers start while this thread reads and
  // hashes the first batches; their start is part of the time.
  // Worker threads are also timed when "auto" chose none, so the choice can be checked on this machine.
  let autoUsedWorkers = false;
  for (const parallel of ["auto", true, false] as const) {
    if (parallel === true && autoUsedWorkers) continue;
    const r = await best(REPEAT, () => verifyCommunity(db(), community.id, { parallel }));
    expectOk(`verifyCommunity parallel=${parallel}`, r.value, root, ENTRIES);
    if (parallel === "auto") autoUsedWorkers = r.value.parallel;
    e2e[parallel === "auto" ? `auto (worker threads: ${r.value.parallel ? "yes" : "no"})` : parallel ? "worker threads" : "this thread"] = { ms: r.ms, cpuMs: r.cpuMs };
  }

  // --- report -----------------------------------------------------------------------------------
  const fastest = Object.entries(stage).filter(([k]) => k.startsWith("2 workers")).sort((a, b) => a[1].ms - b[1].ms)[0]!;
  const figures = {
    entries: ENTRIES,
    runs: runs.length,
    members: MEMBERS,
    canonicalBytes: bytes,
    bytesPerEntry: +(bytes / ENTRIES).toFixed(1),
    fileBytes,
    buildSeconds: seconds(buildMs),
    sha256sumSeconds: seconds(sha.ms),
    sha256sumCpuSeconds: seconds(shaCpuMs),
    sha256sumMBps: +(fileBytes / MB / (sha.ms / 1000)).toFixed(1),
    hashStage: Object.fromEntries(Object.entries(stage).map(([k, v]) => [k, { seconds: seconds(v.ms), cpuSeconds: seconds(v.cpuMs), ...(v.startMs !== undefined ? { poolStartSeconds: seconds(v.startMs) } : {}) }])),
    ours: fastest[0],
    oursSeconds: seconds(fastest[1].ms),
    ratio: +(sha.ms / fastest[1].ms).toFixed(3),
    ratioNodeCrypto: +(sha.ms / stage["2 workers, node"]!.ms).toFixed(3),
    copyLoadSeconds: seconds(loadMs),
    endToEndSeconds: Object.fromEntries(Object.entries(e2e).map(([k, v]) => [k, seconds(v.ms)])),
    endToEndCpuSeconds: Object.fromEntries(Object.entries(e2e).map(([k, v]) => [k, seconds(v.cpuMs)])),
    // The ratio is of what `dajie verify` runs ("auto"); the other figures show the choice it made.
    endToEndRatio: +(sha.ms / Object.entries(e2e).find(([k]) => k.startsWith("auto"))![1].ms).toFixed(3),
    loadAverage: loadavg().map((l) => +l.toFixed(2)),
    root,
  };
  const table: [string, string][] = [
    ["entries", `${ENTRIES.toLocaleString("en")} in ${runs.length} runs (${MEMBERS.toLocaleString("en")} members), built in ${figures.buildSeconds} s`],
    ["canonical bytes", `${bytes.toLocaleString("en")} (${figures.bytesPerEntry} per entry); file with newlines ${(fileBytes / MB).toFixed(1)} MB`],
    ["load average (1, 5, 15 min)", figures.loadAverage.join(", ")],
    ["sha256sum", `${figures.sha256sumSeconds} s  (${figures.sha256sumMBps} MB/s, best of ${REPEAT}); CPU ${figures.sha256sumCpuSeconds} s`],
    ...Object.entries(stage).map(([k, v]): [string, string] => [
      `verify, hash stage: ${k}`,
      `${seconds(v.ms)} s  (sha256sum/ours ${(sha.ms / v.ms).toFixed(2)}); CPU ${seconds(v.cpuMs)} s (sha256sum/ours ${(shaCpuMs / v.cpuMs).toFixed(2)})${v.startMs !== undefined ? `; pool start ${seconds(v.startMs)} s, not included` : ""}`,
    ]),
    ["ratio sha256sum/ours", `${figures.ratio}  (${fastest[0]}; goal ≥ 0.5)`],
    ["PostgreSQL load (COPY)", `${figures.copyLoadSeconds} s  (chain trigger on)`],
    ...Object.entries(e2e).map(([k, v]): [string, string] => [
      `verifyCommunity from PostgreSQL, ${k}`,
      `${seconds(v.ms)} s  (sha256sum/ours ${(sha.ms / v.ms).toFixed(3)}; goal ≥ 0.25); CPU of this process ${seconds(v.cpuMs)} s (sha256sum/ours ${(shaCpuMs / v.cpuMs).toFixed(2)}; PostgreSQL's not counted)`,
    ]),
  ];
  const width = Math.max(...table.map(([k]) => k.length));
  console.log("");
  for (const [k, v] of table) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(JSON.stringify(figures));
} finally {
  for (const p of pools) await p.close();
  await db().$disconnect().catch(() => {});
  await pgPool().end().catch(() => {});
  await database.close();
}
