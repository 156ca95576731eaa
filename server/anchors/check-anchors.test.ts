// checkAnchors: a receipt counts only for the checkpoint whose canonical statement it anchors.
import { describe, expect, it } from "vitest";
import { checkAnchors } from "./anchors";
import { feedKeyFrom } from "./feed-key";
import { signForFeed } from "./feed-sink";
import type { PublishedAnchor } from "./receipts";
import { checkpointStatement } from "./statement";

const communityId = "0b6f4a52-5a0e-4c1e-9d51-2f0e8d3c7a10";
const key = feedKeyFrom({ authSecret: "check-anchors-secret-check-anchors-secret" });
const roots = new Map([["5", "11".repeat(32)], ["9", "22".repeat(32)]]);

function anchored(treeSize: string, root: string): PublishedAnchor {
  const statement = checkpointStatement({ communityId, treeSize: BigInt(treeSize), root });
  return { treeSize, root, sink: "feed", statement, anchoredAt: "2026-03-20T12:00:00.000Z", receipt: signForFeed(key, statement) };
}

describe("checkAnchors", () => {
  it("2 signed checkpoints → 2 OK; against the pinned key too", async () => {
    const checks = await checkAnchors(communityId, [anchored("5", "11".repeat(32)), anchored("9", "22".repeat(32))], roots, { feedPublicKey: key.publicKey });
    expect(checks.map((c) => [c.treeSize, c.check.ok])).toEqual([["5", true], ["9", true]]);
  });

  it("a receipt for another root, another community, an unknown size or a relabelled sink fails", async () => {
    const otherRoot = anchored("5", "33".repeat(32));
    const otherCommunity = { ...anchored("5", "11".repeat(32)) };
    otherCommunity.statement = checkpointStatement({ communityId: "1b6f4a52-5a0e-4c1e-9d51-2f0e8d3c7a10", treeSize: 5n, root: "11".repeat(32) });
    otherCommunity.receipt = signForFeed(key, otherCommunity.statement);
    const unknown = anchored("7", "11".repeat(32));
    const relabelled = { ...anchored("9", "22".repeat(32)), sink: "tsa" as const };
    const checks = await checkAnchors(communityId, [otherRoot, otherCommunity, unknown, relabelled], roots, {});
    expect(checks.map((c) => c.check)).toEqual([
      { ok: false, problem: "the anchored statement is not this checkpoint's (community, size or root differ)" },
      { ok: false, problem: "the anchored statement is not this checkpoint's (community, size or root differ)" },
      { ok: false, problem: "no checkpoint of size 7 to compare with" },
      { ok: false, problem: "a feed receipt listed as tsa" },
    ]);
  });
});
