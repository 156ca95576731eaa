// The demo's two witnesses against a real PostgreSQL, through the real witness and job code: they
// cosign the latest checkpoint 2 of 2, and the resident's check (the pure code the browser runs) names
// them; after the next finalize, whose checkpoint no witness has cosigned yet, the resident is still
// served the cosigned checkpoint, with the newer entry counted as pending.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { verifyCosignedCheckpoint } from "@/server/ledger/verify-cosigned-checkpoint";
import { verifyEntryProof } from "@/server/ledger/verify-entry-proof";
import { myProofs } from "@/server/residents/proofs";
import { myEntryTlogProof } from "@/server/residents/tlog-proof";
import { parseVerifierKey } from "@/server/ledger/c2sp/signed-note";
import { verifyTlogProof } from "@/server/ledger/c2sp/tlog-proof";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { DEMO_WITNESSES, demoWitnessSigner, witnessDemoLog } from "./demo-witnesses";

const NOW = new Date("2026-03-20T12:00:00Z");
const DAYS = ["2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z"];

describe("demo witnesses", () => {
  it("Borgo and Helios cosign size n1 (2 of 2); after day 2 (size n2 > n1) the resident still checks n1, with 1 entry pending", async () => {
    const w = await settlementWorld([{}, { injection: true }]);
    for (let d = 0; d < 2; d++) {
      await writeReadings(w.community.id, w.members[0]!.consumption!.id, DAYS[d]!, DAYS[d + 1]!, 100_000n);
      await writeReadings(w.community.id, w.members[1]!.injection!.id, DAYS[d]!, DAYS[d + 1]!, 150_000n);
    }
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: NOW });
    const n1 = (await db().ledgerCheckpoint.findFirstOrThrow({ where: { communityId: w.community.id }, orderBy: { treeSize: "desc" } })).treeSize;
    const community = { id: w.community.id, slug: w.community.slug, logOrigin: null };
    const outcomes = await witnessDemoLog(db(), community, { platformAdmin: w.admin.id, communityAdmin: w.admin.id }, NOW);
    expect(outcomes).toEqual([{ witness: "comune-di-borgo", outcome: "cosigned" }, { witness: "helios-esco", outcome: "cosigned" }]);
    expect(await db().checkpointCosignature.count({ where: { communityId: w.community.id, treeSize: n1 } })).toBe(2);
    // The keys are the demo secret's: the same on every seed of this install.
    const [a, b] = [await demoWitnessSigner(env().BETTER_AUTH_SECRET, DEMO_WITNESSES[0]), await demoWitnessSigner(env().BETTER_AUTH_SECRET, DEMO_WITNESSES[0])];
    expect(a.vkey).toBe(b.vkey);
    expect(await db().communityWitness.findMany({ where: { communityId: w.community.id }, orderBy: { name: "asc" }, select: { verifierKey: true } })).toEqual([
      { verifierKey: a.vkey },
      { verifierKey: (await demoWitnessSigner(env().BETTER_AUTH_SECRET, DEMO_WITNESSES[1])).vkey },
    ]);

    const member = w.members[0]!.member;
    const own = { ...member, community: { id: w.community.id, name: "x", slug: w.community.slug, timeZone: "Europe/Rome" } };
    const check = async () => {
      const proofs = await myProofs(db(), own);
      const verdict = await verifyCosignedCheckpoint(proofs.checkpoint!.note, proofs.policy, proofs.checkpoint!);
      const entries = await Promise.all(proofs.entries.map((e) => verifyEntryProof(e, proofs.checkpoint!)));
      return { proofs, verdict, entries };
    };
    const first = await check();
    expect(first.verdict).toMatchObject({ ok: true, treeSize: n1.toString(), cosigners: ["comune-di-borgo", "helios-esco"], witnesses: 2, quorum: 2 });
    expect(first.entries.length).toBe(1);
    expect(first.entries.every((e) => e.verified)).toBe(true);
    expect(first.proofs.pending).toBe(0);

    await finalizeRun(db(), w.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "scheduler" }, { now: NOW });
    const n2 = (await db().ledgerCheckpoint.findFirstOrThrow({ where: { communityId: w.community.id }, orderBy: { treeSize: "desc" } })).treeSize;
    expect(n2).toBeGreaterThan(n1);
    const second = await check();
    expect(second.verdict).toMatchObject({ ok: true, treeSize: n1.toString(), cosigners: ["comune-di-borgo", "helios-esco"] });
    expect(second.proofs.pending).toBe(1);
    expect(second.entries.every((e) => e.verified)).toBe(true);

    // The .tlog-proof download is made against the same cosigned checkpoint and passes verify-tlog 2 of 2.
    const seq = BigInt(first.proofs.entries[0]!.seq);
    const file = await myEntryTlogProof(db(), own, seq);
    const policy = { logKeys: [await parseVerifierKey(first.proofs.policy.logKey)], witnessKeys: await Promise.all(first.proofs.policy.witnesses.map((x) => parseVerifierKey(x.verifierKey))), quorum: 2 };
    expect(await verifyTlogProof(file!, policy)).toMatchObject({ ok: true, cosigners: [`${DEMO_WITNESSES[0].keyName}+${a.vkey.split("+")[1]}`, expect.stringMatching(/^witness\.helios\.example\+/)] });
  });
});
