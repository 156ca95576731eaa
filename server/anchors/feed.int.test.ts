// The signed checkpoint feed from a real PostgreSQL: three checkpoints, each signed, each consistent
// with the one before; the isomorphic verifier (WebCrypto) accepts it and names a changed root, a
// forged proof, a wrong key or a dropped checkpoint.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { attemptAnchor, ensureAnchors } from "./anchors";
import { buildCheckpointFeed } from "./feed";
import { verifyCheckpointFeed } from "./feed-format";
import { feedKeyFrom } from "./feed-key";
import { anchorSetup } from "./sinks";

const NOW = new Date("2026-03-20T12:00:00Z");

describe("signed checkpoint feed", () => {
  it("3 checkpoints: signed, consistent, and every kind of tampering is caught", async () => {
    const w = await settlementWorld([{}, {}, { injection: true }]);
    const days = ["2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z", "2026-03-04T23:00:00Z"];
    for (let d = 0; d < 3; d++) {
      for (const m of w.members.slice(0, 2)) await writeReadings(w.community.id, m.consumption!.id, days[d]!, days[d + 1]!, 100_000n + BigInt(d));
      await writeReadings(w.community.id, w.members[2]!.injection!.id, days[d]!, days[d + 1]!, 150_000n);
    }
    for (const [start, end] of [["2026-03-02", "2026-03-03"], ["2026-03-03", "2026-03-04"], ["2026-03-04", "2026-03-05"]] as const) {
      await finalizeRun(db(), w.community.id, { start, end }, { kind: "scheduler" }, { now: NOW });
    }
    const key = feedKeyFrom({ authSecret: "feed-test-secret-feed-test-secret-feed" });
    const setup = anchorSetup({ feedKey: key });
    const community = { id: w.community.id, slug: w.community.slug, name: w.community.name };

    // Before signing: the feed lists the checkpoints with their proofs, signatures null.
    const unsigned = await buildCheckpointFeed(db(), community, key.publicKey);
    expect(unsigned.checkpoints.map((c) => c.signature)).toEqual([null, null, null]);
    expect(await verifyCheckpointFeed(unsigned)).toEqual({ ok: true, checkpoints: 3, signed: 0 });

    for (const id of await ensureAnchors(db(), setup, { communityId: w.community.id })) await attemptAnchor(db(), setup, id);
    const feed = await buildCheckpointFeed(db(), community, key.publicKey);
    expect(feed.checkpoints.map((c) => c.consistency?.fromSize ?? null)).toEqual([null, feed.checkpoints[0]!.treeSize, feed.checkpoints[1]!.treeSize]);
    expect(await verifyCheckpointFeed(JSON.parse(JSON.stringify(feed)), key.publicKey)).toEqual({ ok: true, checkpoints: 3, signed: 3 });

    const changedRoot = structuredClone(feed);
    changedRoot.checkpoints[1]!.root = "ab".repeat(32);
    expect(await verifyCheckpointFeed(changedRoot)).toMatchObject({ ok: false, treeSize: feed.checkpoints[1]!.treeSize, problem: "the statement is not this checkpoint's" });

    // A rewritten history re-signed with the same key: the signature verifies, the proof does not.
    const forgedProof = structuredClone(feed);
    forgedProof.checkpoints[2]!.consistency!.proof[0] = "cd".repeat(32);
    expect(await verifyCheckpointFeed(forgedProof)).toMatchObject({ ok: false, treeSize: feed.checkpoints[2]!.treeSize, problem: expect.stringMatching(/^consistency proof from size \d+ fails/) });

    expect(await verifyCheckpointFeed(feed, feedKeyFrom({ authSecret: "someone-else-someone-else-someone-else" }).publicKey)).toMatchObject({ ok: false, problem: expect.stringMatching(/not by the expected feed key/) });

    const dropped = structuredClone(feed);
    dropped.checkpoints.splice(1, 1);
    expect(await verifyCheckpointFeed(dropped)).toMatchObject({ ok: false, problem: expect.stringMatching(/no consistency proof from the previous checkpoint/) });
  });
});
