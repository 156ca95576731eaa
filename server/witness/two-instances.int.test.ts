// Two Dajie instances witness each other over HTTP on 127.0.0.1: instance A is the test's database,
// instance B a second database in the same PostgreSQL (created and migrated here), each with its own
// witness key behind its own node:http server running the real add-checkpoint handler. Each
// community's checkpoint gets the other instance's cosignature, and the resident's check (the pure
// code the browser runs) passes 1 of 1. Then A's operator rewrites A's history as the database's
// superuser (triggers off, every later hash and the checkpoint root recomputed, so that A's own
// verification cannot tell): at A's next finalize B refuses (422), A's witness list shows the alert,
// and the resident's check fails on B's cosignature.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, db, type Db } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import { env } from "@/server/env";
import type { SignerKey } from "@/server/ledger/c2sp/signed-note";
import { encodeEntry, type EntryKind } from "@/server/ledger/entry-encoding";
import { leafHash, MerkleAccumulator, packFrontier, rootFromLeafHashes } from "@/server/ledger/merkle";
import { witnessSigner } from "@/server/ledger/tlog-keys";
import { verifyCommunity } from "@/server/ledger/verify-community";
import { verifyCosignedCheckpoint } from "@/server/ledger/verify-cosigned-checkpoint";
import { verifyEntryProof } from "@/server/ledger/verify-entry-proof";
import { myProofs } from "@/server/residents/proofs";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { dateToIso } from "@/server/shared/validation";
import { communityLogFromEnv, handleAddCheckpoint } from "./http";
import { addCommunityWitness, askWitnesses, httpPost, listCommunityWitnesses, setWitnessQuorum } from "./log-witnesses";
import { addWitnessedLog } from "./witness";
import { ownerDb, ownerUrl } from "@/server/test/owner-db";

const NOW = new Date("2026-03-20T12:00:00Z");
const DAYS = ["2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z"];
const B_NAME = `dajie_b_${process.pid}_${Date.now().toString(36)}`;

let dbB: Db;
let urlB: string;
const servers: Server[] = [];

/** A witness HTTP server bound to one instance's database and witness key. */
async function witnessServer(instance: { db: Db; witness: SignerKey }): Promise<string> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = await handleAddCheckpoint(new Request("http://witness.local/api/witness/add-checkpoint", { method: "POST", body: Buffer.concat(chunks) }), NOW, instance);
    res.writeHead(answer.status, { "Content-Type": answer.headers.get("content-type")! });
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/witness/add-checkpoint`;
}

/** The factories use the process's client (db()); for instance B they run with B's client in its place. */
async function onInstance<T>(client: Db, fn: () => Promise<T>): Promise<T> {
  const g = globalThis as typeof globalThis & { dajieDb?: Db };
  const saved = g.dajieDb;
  g.dajieDb = client;
  try {
    return await fn();
  } finally {
    g.dajieDb = saved;
  }
}

/** As the owner (the embedded server's superuser under `npm test`): the app's role dajie_app cannot create databases. */
async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: ownerUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE ${B_NAME}`);
  const inB = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${B_NAME}`;
    return u.toString();
  };
  // Instance B like A: migrated by the owner, used as dajie_app (the role is cluster-wide; the grants are B's own).
  urlB = inB(env().DATABASE_URL);
  await migrate(inB(ownerUrl()));
  dbB = createDb(urlB);
}, 60_000); // creating and migrating a second database (26 migrations) on a shared machine
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  await dbB?.$disconnect();
  await adminQuery(`DROP DATABASE IF EXISTS ${B_NAME} WITH (FORCE)`);
});

/** A community of one consumer and one producer with two days of readings; day 1 finalized. */
async function instanceWorld() {
  const w = await settlementWorld([{}, { injection: true }]);
  for (let d = 0; d < 2; d++) {
    await writeReadings(w.community.id, w.members[0]!.consumption!.id, DAYS[d]!, DAYS[d + 1]!, 100_000n);
    await writeReadings(w.community.id, w.members[1]!.injection!.id, DAYS[d]!, DAYS[d + 1]!, 150_000n);
  }
  await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: NOW });
  return w;
}

/** What the resident's browser does: the checkpoint note against the published policy, then every proof. */
async function residentCheck(client: Db, w: Awaited<ReturnType<typeof instanceWorld>>) {
  const m = w.members[0]!.member;
  const proofs = await myProofs(client, { ...m, community: { id: w.community.id, name: "x", slug: w.community.slug, timeZone: "Europe/Rome" } });
  const checkpoint = await verifyCosignedCheckpoint(proofs.checkpoint!.note, proofs.policy, proofs.checkpoint!);
  const entries = await Promise.all(proofs.entries.map((e) => verifyEntryProof(e, proofs.checkpoint!)));
  return { checkpoint, entries: entries.map((e) => e.verified) };
}

describe("two instances witness each other", () => {
  it("A ⇄ B cosign 1 of 1 over HTTP; A rewrites entries 1–2 (±100 ¢) and its root as superuser → B answers 422, A shows the alert, the resident's check fails", async () => {
    const a = await instanceWorld();
    const b = await onInstance(dbB, instanceWorld);
    const communityA = { id: a.community.id, slug: a.community.slug, logOrigin: null };
    const communityB = { id: b.community.id, slug: b.community.slug, logOrigin: null };
    const [logA, logB] = [await communityLogFromEnv(communityA), await communityLogFromEnv(communityB)];
    const witnessA = await witnessSigner({ authSecret: "instance-a-secret", appUrl: "https://dajie.a.example" });
    const witnessB = await witnessSigner({ authSecret: "instance-b-secret", appUrl: "https://dajie.b.example" });
    expect([witnessA.name, witnessB.name]).toEqual(["dajie.a.example", "dajie.b.example"]);
    const urlWitnessA = await witnessServer({ db: db(), witness: witnessA });
    const urlWitnessB = await witnessServer({ db: dbB, witness: witnessB });

    // Each platform administrator adds the other's log; each community lists the other instance, quorum 1.
    await addWitnessedLog(dbB, { userId: b.admin.id }, { origin: logA.name, verifierKey: logA.vkey }, { ownOrigins: [logB.name], allowSelf: false });
    await addWitnessedLog(db(), { userId: a.admin.id }, { origin: logB.name, verifierKey: logB.vkey }, { ownOrigins: [logA.name], allowSelf: false });
    await addCommunityWitness(db(), { userId: a.admin.id }, a.community.id, { name: "instance-b", verifierKey: witnessB.vkey, url: urlWitnessB });
    await setWitnessQuorum(db(), { userId: a.admin.id }, a.community.id, 1);
    await addCommunityWitness(dbB, { userId: b.admin.id }, b.community.id, { name: "instance-a", verifierKey: witnessA.vkey, url: urlWitnessA });
    await setWitnessQuorum(dbB, { userId: b.admin.id }, b.community.id, 1);

    expect(await askWitnesses(db(), communityA, logA, { post: httpPost, now: NOW })).toEqual([{ witness: "instance-b", outcome: "cosigned" }]);
    expect(await askWitnesses(dbB, communityB, logB, { post: httpPost, now: NOW })).toEqual([{ witness: "instance-a", outcome: "cosigned" }]);
    const n1 = (await db().ledgerCheckpoint.findFirstOrThrow({ where: { communityId: a.community.id }, orderBy: { treeSize: "desc" } })).treeSize;
    // Each witness's state is in its own database: B holds A's log at n1, A holds B's.
    expect(await dbB.witnessedLog.findUniqueOrThrow({ where: { origin: logA.name } })).toMatchObject({ treeSize: n1 });
    expect(await db().witnessedLog.findUnique({ where: { origin: logA.name } })).toBeNull();
    expect(await db().witnessedLog.findUniqueOrThrow({ where: { origin: logB.name } })).toMatchObject({ treeSize: n1 });

    expect(await residentCheck(db(), a)).toMatchObject({ checkpoint: { ok: true, cosigners: ["instance-b"], witnesses: 1, quorum: 1 }, entries: [true] });
    expect(await residentCheck(dbB, b)).toMatchObject({ checkpoint: { ok: true, cosigners: ["instance-a"], witnesses: 1, quorum: 1 }, entries: [true] });

    // A's operator rewrites history: 100 ¢ moved from entry 1 to entry 2, every hash from there on and
    // checkpoint n1's root recomputed (in the checkpoint and in its run), with the append-only triggers off
    // (as the owner: the app's role can neither change ledger rows nor switch triggers off).
    await ownerDb().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
      const entries = await tx.ledgerEntry.findMany({ where: { communityId: a.community.id }, orderBy: { seq: "asc" }, include: { run: { select: { periodStart: true, periodEnd: true } } } });
      let prev: Uint8Array = new Uint8Array(entries[0]!.prevHash);
      const hashes: Uint8Array[] = [];
      for (const e of entries) {
        const amountCents = e.seq === 1n ? e.amountCents + 100n : e.seq === 2n ? e.amountCents - 100n : e.amountCents;
        const bytes = encodeEntry({ communityId: e.communityId, seq: e.seq, runId: e.runId, periodStart: dateToIso(e.run.periodStart), periodEnd: dateToIso(e.run.periodEnd), kind: e.kind as EntryKind, account: e.account, amountCents, energyMWh: e.energyMWh, reversesSeq: e.reversesSeq, prevHash: prev });
        const hash = leafHash(bytes);
        await tx.ledgerEntry.update({ where: { communityId_seq: { communityId: e.communityId, seq: e.seq } }, data: { amountCents, prevHash: Buffer.from(prev), hash: Buffer.from(hash) } });
        hashes.push(hash);
        prev = new Uint8Array(hash);
      }
      const root = rootFromLeafHashes(hashes);
      // The stored frontier and subtree hashes too, or verify would notice that they no longer fit.
      const tree = new MerkleAccumulator();
      const nodes: { communityId: string; level: number; index: bigint; hash: Uint8Array<ArrayBuffer> }[] = [];
      for (const h of hashes) tree.pushLeafHash(h, (level, index, hash) => nodes.push({ communityId: a.community.id, level, index: BigInt(index), hash: new Uint8Array(hash) }));
      await tx.ledgerTreeNode.deleteMany({ where: { communityId: a.community.id } });
      await tx.ledgerTreeNode.createMany({ data: nodes });
      const frontier = packFrontier(tree.frontier());
      const cp = await tx.ledgerCheckpoint.update({ where: { communityId_treeSize: { communityId: a.community.id, treeSize: n1 } }, data: { root: Buffer.from(root), frontier: Buffer.from(frontier) } });
      await tx.settlementRun.update({ where: { id: cp.runId }, data: { checkpointRoot: Buffer.from(root).toString("hex") } });
    });
    // A's own verification cannot tell: the forgery is consistent with itself.
    const selfCheck = await verifyCommunity(db(), a.community.id);
    expect(selfCheck, JSON.stringify(selfCheck, (_, v) => (typeof v === "bigint" ? v.toString() : v))).toMatchObject({ ok: true });

    // A's next finalize: the checkpoint goes to B with a proof from n1 over the rewritten leaves.
    await finalizeRun(db(), a.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "scheduler" }, { now: NOW });
    const outcomes = await askWitnesses(db(), communityA, logA, { post: httpPost, now: NOW });
    expect(outcomes).toMatchObject([{ witness: "instance-b", outcome: "refused", detail: expect.stringMatching(/^422: the consistency proof from size \d+ to \d+ does not verify/) }]);
    const listed = await listCommunityWitnesses(db(), a.community.id);
    expect(listed.witnesses[0]).toMatchObject({ name: "instance-b", cosignedSize: n1.toString(), alert: expect.stringMatching(/^422: /), alertAt: NOW.toISOString() });
    // B kept what it cosigned; B's own log is untouched and still verifies.
    expect(await dbB.witnessedLog.findUniqueOrThrow({ where: { origin: logA.name } })).toMatchObject({ treeSize: n1 });
    expect(await residentCheck(dbB, b)).toMatchObject({ checkpoint: { ok: true, cosigners: ["instance-a"] } });

    // The resident of A: B's cosignature of n1 was over the original root, so the checkpoint fails.
    expect(await residentCheck(db(), a)).toMatchObject({ checkpoint: { ok: false, problem: "forgedCosignature", witness: "instance-b" } });
  });
});
