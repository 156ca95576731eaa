// The log asking its witnesses, over real HTTP (a tiny node:http server in front of the witness
// handler) against a real PostgreSQL: the first checkpoint is cosigned from 0, the next from the
// size the witness last cosigned, a lost record recovers through 409 and the size the witness names,
// a witness whose history differs raises an alert, an unreachable one is left for a retry; the
// quorum and the witness list are audited and exported as a tlog-policy.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { parseVerifierKey, verifyNote } from "@/server/ledger/c2sp/signed-note";
import { signedCheckpoint } from "@/server/ledger/tlog";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { communityLogFromEnv, handleAddCheckpoint, witnessFromEnv } from "./http";
import { addCommunityWitness, askCommunityWitnesses, askWitnesses, communityPolicy, httpPost, listCommunityWitnesses, removeCommunityWitness, setWitnessQuorum } from "./log-witnesses";
import { addWitnessedLog } from "./witness";

const NOW = new Date("2026-03-20T12:00:00Z");
let server: Server;
let url: string;
let requests = 0;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = await handleAddCheckpoint(new Request("http://witness.local/api/witness/add-checkpoint", { method: "POST", body: Buffer.concat(chunks) }), NOW);
    res.writeHead(answer.status, { "Content-Type": answer.headers.get("content-type")! });
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/witness/add-checkpoint`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the log asks its witnesses", () => {
  it("0 → n1 → n2 over HTTP, recovery through 409, a rewritten witness record raises an alert, an unreachable witness is retried", async () => {
    const w = await settlementWorld([{}, { injection: true }]);
    const days = ["2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z"];
    for (let d = 0; d < 2; d++) {
      await writeReadings(w.community.id, w.members[0]!.consumption!.id, days[d]!, days[d + 1]!, 100_000n);
      await writeReadings(w.community.id, w.members[1]!.injection!.id, days[d]!, days[d + 1]!, 150_000n);
    }
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: NOW });
    const community = { id: w.community.id, slug: w.community.slug, logOrigin: null };
    const log = await communityLogFromEnv(community);
    const witness = await witnessFromEnv();
    const actor = { userId: w.admin?.id ?? "log-witness-test" };
    await addWitnessedLog(db(), actor, { origin: log.name, verifierKey: log.vkey }, { ownOrigins: [log.name], allowSelf: true });
    await addCommunityWitness(db(), actor, w.community.id, { name: "self", verifierKey: witness.vkey, url });
    await expect(addCommunityWitness(db(), actor, w.community.id, { name: "other", verifierKey: log.vkey, url })).rejects.toThrow(/cosignature\/v1/);
    await expect(setWitnessQuorum(db(), actor, w.community.id, 2)).rejects.toThrow(/between 0 and 1/);
    await setWitnessQuorum(db(), actor, w.community.id, 1);
    expect(await communityPolicy(db(), w.community.id, log)).toBe(`log ${log.vkey}\n\nwitness self ${witness.vkey} ${url.replace(/\/add-checkpoint$/, "")}\nquorum self\n`);

    const ask = () => askWitnesses(db(), community, log, { post: httpPost, now: NOW });
    const state = async () => (await listCommunityWitnesses(db(), w.community.id)).witnesses[0]!;
    const keys = [await parseVerifierKey(log.vkey), await parseVerifierKey(witness.vkey)];

    expect(await ask()).toEqual([{ witness: "self", outcome: "cosigned" }]);
    const size1 = (await signedCheckpoint(db(), community, log)).treeSize;
    expect((await state()).cosignedSize).toBe(size1.toString());
    expect((await verifyNote((await signedCheckpoint(db(), community, log)).note, keys)).verified).toHaveLength(2);
    const before = requests;
    expect(await ask()).toEqual([{ witness: "self", outcome: "up-to-date" }]);
    expect(requests).toBe(before); // nothing sent when the witness already cosigned this size

    await finalizeRun(db(), w.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "scheduler" }, { now: NOW });
    expect(await ask()).toEqual([{ witness: "self", outcome: "cosigned" }]);
    const size2 = (await signedCheckpoint(db(), community, log)).treeSize;
    expect(size2).toBeGreaterThan(size1);
    expect(await db().witnessedLog.findUniqueOrThrow({ where: { origin: log.name }, select: { treeSize: true } })).toEqual({ treeSize: size2 });

    // Our record lost (0): the witness answers 409 with size2, the retry from size2 is cosigned (2 requests).
    await db().communityWitness.updateMany({ where: { communityId: w.community.id }, data: { cosignedSize: 0n } });
    const n = requests;
    expect(await ask()).toEqual([{ witness: "self", outcome: "cosigned" }]);
    expect(requests - n).toBe(2);

    // The witness's record of our log holds another root for size2 (as after a rewritten history): alert.
    await db().witnessedLog.update({ where: { origin: log.name }, data: { root: new Uint8Array(32).fill(0xab) } });
    await db().communityWitness.updateMany({ where: { communityId: w.community.id }, data: { cosignedSize: 0n } });
    expect(await ask()).toEqual([{ witness: "self", outcome: "refused", detail: `409: the witness's checkpoint of size ${size2} conflicts with ours (a rewritten history?)` }]);
    expect((await state()).alert).toMatch(/conflicts with ours/);

    // A witness nobody answers for: the job fails so that pg-boss retries it; the alert of "self" stays.
    await addCommunityWitness(db(), actor, w.community.id, { name: "offline", verifierKey: (await witnessFromEnvWithName("offline.example")).vkey, url: "http://127.0.0.1:9/api/witness/add-checkpoint" });
    await expect(askCommunityWitnesses(db(), w.community.id, { now: NOW })).rejects.toThrow(/witnesses to retry: offline/);
    await expect(removeCommunityWitness(db(), actor, w.community.id, "nobody")).rejects.toThrow(/No witness named/);
    await removeCommunityWitness(db(), actor, w.community.id, "offline");
    const actions = (await db().auditEvent.findMany({ where: { communityId: w.community.id, action: { startsWith: "community.witness" } }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["community.witness.add", "community.witness.quorum", "community.witness.add", "community.witness.remove"]);
  });
});

async function witnessFromEnvWithName(name: string) {
  const { signerFromSeed, SIG_COSIGNATURE_V1 } = await import("@/server/ledger/c2sp/signed-note");
  return signerFromSeed(name, SIG_COSIGNATURE_V1, new Uint8Array(32).fill(6));
}
