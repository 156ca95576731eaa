// Dajie as a tlog witness against a real PostgreSQL, through the route handler's code with real
// Requests: each answer of the specification's table (200 with a cosignature that verifies, 400,
// 403, 404, 409 with the stored size as text/x.tlog.size, 422), a rewritten history refused, and 20
// concurrent requests for one origin changing the state exactly once.
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/witness/add-checkpoint/route";
import { db } from "@/server/db/client";
import { formatCheckpoint } from "@/server/ledger/c2sp/checkpoint";
import { formatNote, parseVerifierKey, SIG_ED25519, signerFromSeed, signNote, verifyNote, type SignerKey } from "@/server/ledger/c2sp/signed-note";
import { formatAddCheckpoint } from "@/server/ledger/c2sp/witness-request";
import { consistencyProof, leafHash, rootFromLeafHashes } from "@/server/ledger/merkle";
import { unique } from "@/server/test/factories";
import { witnessFromEnv } from "./http";
import { addWitnessedLog, listWitnessedLogs, removeWitnessedLog } from "./witness";

const actor = { userId: "witness-test" };
const leavesOf = (tag: string, n: number) => Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${tag} ${i}`)));

async function newLog(): Promise<SignerKey> {
  const seed = crypto.getRandomValues(new Uint8Array(32));
  const log = await signerFromSeed(`log.example/${unique("c")}`, SIG_ED25519, seed);
  await addWitnessedLog(db(), actor, { origin: log.name, verifierKey: log.vkey }, { ownOrigins: [], allowSelf: false });
  return log;
}

async function signed(log: SignerKey, leaves: Uint8Array[], n: number, signer: SignerKey = log): Promise<string> {
  const body = formatCheckpoint({ origin: log.name, size: BigInt(n), root: rootFromLeafHashes(leaves.slice(0, n)), extensions: [] });
  return formatNote(await signNote(body, [signer]));
}

async function submit(oldSize: number, proof: Uint8Array[], checkpoint: string) {
  const res = await POST(new Request("http://witness.test/api/witness/add-checkpoint", { method: "POST", body: formatAddCheckpoint({ oldSize: BigInt(oldSize), proof, checkpoint }) }));
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
}

const stateOf = async (origin: string) => (await db().witnessedLog.findUniqueOrThrow({ where: { origin } })).treeSize;

describe("POST /api/witness/add-checkpoint", () => {
  it("0 → 5 → 9: cosignatures verify with the witness vkey; each refusal of the spec's table answers its status", async () => {
    const log = await newLog();
    const leaves = leavesOf("honest", 9);
    const witness = await parseVerifierKey((await witnessFromEnv()).vkey);

    const first = await submit(0, [], await signed(log, leaves, 5));
    expect([first.status, first.type]).toEqual([200, "text/plain; charset=utf-8"]);
    expect(first.body).toMatch(/^— \S+ \S+\n$/);
    const cosigned = (await signed(log, leaves, 5)) + first.body;
    expect((await verifyNote(cosigned, [witness])).verified.map((s) => s.name)).toEqual([witness.name]);
    expect(await stateOf(log.name)).toBe(5n);

    // 404: an origin this witness does not know.
    const stranger = await signerFromSeed(`log.example/${unique("nobody")}`, SIG_ED25519, new Uint8Array(32).fill(3));
    expect((await submit(0, [], await signed(stranger, leaves, 5))).status).toBe(404);
    // 403: the right origin, signed by another key.
    const impostor = await signerFromSeed(log.name, SIG_ED25519, new Uint8Array(32).fill(4));
    expect((await submit(5, consistencyProof(leaves, 5, 9), await signed(log, leaves, 9, impostor))).status).toBe(403);
    // 400: old size 9 above the checkpoint's 5; and a malformed body.
    expect((await submit(9, [], await signed(log, leaves, 5))).status).toBe(400);
    const garbled = await POST(new Request("http://witness.test/", { method: "POST", body: "old x\n\n" }));
    expect([garbled.status, await garbled.text()]).toEqual([400, 'line 1: "x" is not a tree size (decimal, no leading zeroes)\n']);
    const huge = await POST(new Request("http://witness.test/", { method: "POST", body: `old 0\n${"A".repeat(70_000)}` }));
    expect(huge.status).toBe(413);
    // 409: old size 3 is not the stored 5 → the stored size, as text/x.tlog.size.
    expect(await submit(3, consistencyProof(leaves, 3, 9), await signed(log, leaves, 9))).toEqual({ status: 409, type: "text/x.tlog.size", body: "5\n" });
    // 422: a proof from 5 to 9 with one hash flipped.
    const bad = consistencyProof(leaves, 5, 9).map((h) => new Uint8Array(h)); // a copy: node Buffers slice() as views
    bad[0]![0] = bad[0]![0]! ^ 0xff;
    expect((await submit(5, bad, await signed(log, leaves, 9))).status).toBe(422);
    expect(await stateOf(log.name)).toBe(5n);

    // 5 → 9 with the real proof; the same checkpoint again (old 9 = size 9, same root) is cosigned again.
    expect(await submit(5, consistencyProof(leaves, 5, 9), await signed(log, leaves, 9))).toMatchObject({ status: 200 });
    expect((await submit(9, [], await signed(log, leaves, 9))).status).toBe(200);
    expect(await stateOf(log.name)).toBe(9n);
  });

  it("a rewritten history is refused: same size, other root → 409; longer rewritten tree → 422; the state stays", async () => {
    const log = await newLog();
    const honest = leavesOf("honest", 6);
    expect((await submit(0, [], await signed(log, honest, 6))).status).toBe(200);
    const forged = leavesOf("forged", 10); // the log rewrites its first 6 entries and signs anew
    expect(await submit(6, [], await signed(log, forged, 6))).toEqual({ status: 409, type: "text/x.tlog.size", body: "6\n" });
    // Its own, internally valid, proof from the forged 6 to the forged 10 does not lead from our root.
    expect((await submit(6, consistencyProof(forged, 6, 10), await signed(log, forged, 10))).status).toBe(422);
    expect((await db().witnessedLog.findUniqueOrThrow({ where: { origin: log.name } })).root).toEqual(new Uint8Array(rootFromLeafHashes(honest)));
  });

  it("20 concurrent requests for one origin (sizes 1…20, all from old 0) change the state once: 1 × 200, 19 × 409 naming the winner's size", async () => {
    const log = await newLog();
    const leaves = leavesOf("race", 20);
    const bodies = await Promise.all(Array.from({ length: 20 }, (_, i) => signed(log, leaves, i + 1)));
    const answers = await Promise.all(bodies.map((b) => submit(0, [], b)));
    const won = answers.flatMap((a, i) => (a.status === 200 ? [i + 1] : []));
    expect(won).toHaveLength(1);
    const size = won[0]!;
    expect(answers.filter((a) => a.status === 409).map((a) => a.body)).toEqual(Array(19).fill(`${size}\n`));
    expect(await stateOf(log.name)).toBe(BigInt(size));
  });

  it("the administrator's list: add and remove are audited; a duplicate, a bad vkey and the instance's own log are refused", async () => {
    const log = await newLog();
    expect((await listWitnessedLogs(db())).some((l) => l.origin === log.name && l.treeSize === "0")).toBe(true);
    await expect(addWitnessedLog(db(), actor, { origin: log.name, verifierKey: log.vkey }, { ownOrigins: [], allowSelf: false })).rejects.toThrow(/already witnessed/);
    await expect(addWitnessedLog(db(), actor, { origin: "x.example/log", verifierKey: "x.example/log+00000000+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k" }, { ownOrigins: [], allowSelf: false })).rejects.toThrow(/Invalid verifier key/);
    const own = await signerFromSeed("dajie.example/c/ours", SIG_ED25519, new Uint8Array(32).fill(5));
    await expect(addWitnessedLog(db(), actor, { origin: own.name, verifierKey: own.vkey }, { ownOrigins: [own.name], allowSelf: false })).rejects.toThrow(/its own log/);
    await removeWitnessedLog(db(), actor, log.name);
    const events = await db().auditEvent.findMany({ where: { objectType: "witnessed_log", objectId: log.name }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, e.actorUserId])).toEqual([["witness.log.add", "witness-test"], ["witness.log.remove", "witness-test"]]);
    expect((await submit(0, [], await signed(log, leavesOf("gone", 1), 1))).status).toBe(404);
  });
});
