// A community ledger as a standard transparency log, end to end on a real PostgreSQL: two final runs
// make two checkpoints; GET /c/<slug>/checkpoint serves them as a signed note by the community's log
// key; this instance's witness (a log may witness itself only in tests) cosigns the first and then
// the second with the ledger's own consistency proof; the cosignatures are stored and served; an
// entry's tlog-proof verifies offline with `dajie proof verify-tlog` and fails when tampered.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/c/[slug]/checkpoint/route";
import { run as proofCli } from "@/server/cli/proof";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { communityLogFromEnv, handleAddCheckpoint, witnessFromEnv } from "@/server/witness/http";
import { addWitnessedLog } from "@/server/witness/witness";
import { parseCheckpoint } from "./c2sp/checkpoint";
import { parseNote, parseVerifierKey, SIG_COSIGNATURE_V1, signerFromSeed, verifyNote } from "./c2sp/signed-note";
import { formatAddCheckpoint } from "./c2sp/witness-request";
import { consistencyProof } from "./merkle";
import { myEntryTlogProof } from "@/server/residents/tlog-proof";
import { entryTlogProof, recordCosignatures } from "./tlog";
import { ownerDb } from "@/server/test/owner-db";

const NOW = new Date("2026-03-20T12:00:00Z");

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = "";
  const write = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return { code: await fn(), out };
  } finally {
    process.stdout.write = write;
    process.stderr.write = err;
  }
}

describe("community ledger as a tlog", () => {
  it("2 checkpoints: served signed, cosigned 0→n1→n2 by the witness, stored, and an entry's tlog-proof verifies with quorum 1", async () => {
    const w = await settlementWorld([{}, { injection: true }]);
    const days = ["2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z"];
    for (let d = 0; d < 2; d++) {
      await writeReadings(w.community.id, w.members[0]!.consumption!.id, days[d]!, days[d + 1]!, 100_000n);
      await writeReadings(w.community.id, w.members[1]!.injection!.id, days[d]!, days[d + 1]!, 150_000n);
    }
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: NOW });
    const community = { id: w.community.id, slug: w.community.slug, logOrigin: null };
    const log = await communityLogFromEnv(community);
    expect(log.name).toBe(`localhost:3000/c/${w.community.slug}`);
    const logKey = await parseVerifierKey(log.vkey);
    const witness = await witnessFromEnv();
    const witnessKey = await parseVerifierKey(witness.vkey);
    await addWitnessedLog(db(), { userId: "tlog-test" }, { origin: log.name, verifierKey: log.vkey }, { ownOrigins: [log.name], allowSelf: true });

    const get = async () => {
      const res = await GET(new Request(`http://localhost:3000/c/${w.community.slug}/checkpoint`), { params: Promise.resolve({ slug: w.community.slug }) });
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      return res.text();
    };
    const ask = async (oldSize: bigint, proof: Uint8Array[], checkpoint: string) => {
      const res = await handleAddCheckpoint(new Request("http://localhost:3000/api/witness/add-checkpoint", { method: "POST", body: formatAddCheckpoint({ oldSize, proof, checkpoint }) }), NOW);
      return { status: res.status, body: await res.text() };
    };

    const first = await get();
    const size1 = parseCheckpoint((await verifyNote(first, [logKey])).text).size;
    expect(size1).toBeGreaterThan(0n);
    const a1 = await ask(0n, [], first);
    expect(a1.status).toBe(200);
    expect(await recordCosignatures(db(), community, log, size1, a1.body, [witnessKey])).toEqual({ verified: 1, added: 1 });
    expect(await recordCosignatures(db(), community, log, size1, a1.body, [witnessKey])).toEqual({ verified: 1, added: 0 }); // stored once
    expect((await verifyNote(await get(), [logKey, witnessKey])).verified.map((s) => s.name)).toEqual([log.name, witness.name]);
    // A witness's statement is never changed: the app's role may not (no UPDATE/DELETE privilege), and the
    // table is append-only for its owner too.
    await expect(db().$executeRaw`UPDATE checkpoint_cosignature SET "timestamp" = 0 WHERE community_id = ${w.community.id}::uuid`).rejects.toThrow(/permission denied/);
    await expect(ownerDb().$executeRaw`UPDATE checkpoint_cosignature SET "timestamp" = 0 WHERE community_id = ${w.community.id}::uuid`).rejects.toThrow(/append-only/);
    await expect(ownerDb().$executeRaw`DELETE FROM checkpoint_cosignature WHERE community_id = ${w.community.id}::uuid`).rejects.toThrow(/append-only/);

    // The second run: the witness needs the ledger's consistency proof from size1.
    await finalizeRun(db(), w.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "scheduler" }, { now: NOW });
    const second = await get();
    const size2 = parseCheckpoint(parseNote(second).text).size;
    expect(size2).toBeGreaterThan(size1);
    expect(parseNote(second).signatures).toHaveLength(1); // no cosignature yet for size2
    const leaves = (await db().ledgerEntry.findMany({ where: { communityId: w.community.id }, orderBy: { seq: "asc" }, select: { hash: true } })).map((e) => new Uint8Array(e.hash));
    const a2 = await ask(size1, consistencyProof(leaves, Number(size1), Number(size2)), second);
    expect(a2.status).toBe(200);
    expect(await recordCosignatures(db(), community, log, size2, a2.body, [witnessKey])).toEqual({ verified: 1, added: 1 });
    const cosigned = await get();
    expect((await verifyNote(cosigned, [logKey, witnessKey])).verified).toHaveLength(2);

    // A tlog-proof for entry 2 against the cosigned checkpoint, verified by the CLI offline.
    const proof = await entryTlogProof(db(), community, log, 2n);
    expect(proof).not.toBeNull();
    expect(proof!.startsWith("c2sp.org/tlog-proof@v1\nextra ")).toBe(true);
    expect(proof!.endsWith(cosigned)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "dajie-tlog-"));
    const file = join(dir, "entry-2.tlog-proof");
    writeFileSync(file, proof!);
    const ok = await capture(() => proofCli(["verify-tlog", file, "--vkey", log.vkey, "--witness", witness.vkey, "--quorum", "1"]));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ valid: true, origin: log.name, treeSize: size2.toString(), index: "1", cosigners: [expect.stringContaining(witness.name)] });

    // A second witness that never cosigned: a quorum of 2 fails; so does another entry's bytes.
    const other = await signerFromSeed("witness.other.example", SIG_COSIGNATURE_V1, new Uint8Array(32).fill(8));
    const two = await capture(() => proofCli(["verify-tlog", file, "--vkey", log.vkey, "--witness", witness.vkey, "--witness", other.vkey, "--quorum", "2"]));
    expect([two.code, JSON.parse(two.out).error]).toEqual([1, "1 of the known witnesses cosigned; the quorum is 2"]);
    const entry3 = (await entryTlogProof(db(), community, log, 3n))!;
    writeFileSync(file, proof!.replace(/^extra .*$/m, entry3.split("\n")[1]!));
    const swapped = await capture(() => proofCli(["verify-tlog", file, "--vkey", log.vkey, "--witness", witness.vkey, "--quorum", "1"]));
    expect([swapped.code, JSON.parse(swapped.out).error]).toEqual([1, expect.stringMatching(/^the inclusion proof: proof leads to root/)]);
    expect(await entryTlogProof(db(), community, log, size2 + 1n)).toBeNull();

    // The resident's download: only entries of the member's own PC account.
    const member = await db().member.findUniqueOrThrow({ where: { id: w.members[0]!.member.id }, select: { id: true, pseudonym: true, reference: true, kind: true, communityId: true, community: { select: { id: true, name: true, slug: true, timeZone: true } } } });
    const entries = await db().ledgerEntry.findMany({ where: { communityId: w.community.id }, select: { seq: true, account: true }, orderBy: { seq: "asc" } });
    const mine = entries.find((e) => e.account === `PC:${member.pseudonym}`)!;
    const theirs = entries.find((e) => e.account !== `PC:${member.pseudonym}`)!;
    expect(await myEntryTlogProof(db(), member, mine.seq)).toBe(await entryTlogProof(db(), community, log, mine.seq));
    expect(await myEntryTlogProof(db(), member, theirs.seq)).toBeNull();
  });
});
