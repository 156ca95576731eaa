import { describe, expect, it } from "vitest";
import { checkpointStatement, parseStatement, statementBytes } from "./statement";

const communityId = "0b6f4a52-5a0e-4c1e-9d51-2f0e8d3c7a10";
const root = "a7ec".padEnd(64, "0");

describe("checkpoint statement", () => {
  it("is one ASCII line: tag, community id, size, root", () => {
    const s = checkpointStatement({ communityId, treeSize: 108n, root });
    expect(s).toBe(`dajie-checkpoint/1 ${communityId} 108 ${root}`);
    expect(statementBytes(s)).toHaveLength(19 + 37 + 4 + 64);
    expect(s.endsWith("\n")).toBe(false);
  });

  it("round-trips through the parser, sizes beyond 2^53 exact", () => {
    const big = 2n ** 60n + 1n;
    expect(parseStatement(checkpointStatement({ communityId, treeSize: big, root }))).toEqual({ communityId, treeSize: big, root });
  });

  it("refuses what is not canonical", () => {
    expect(() => checkpointStatement({ communityId: communityId.toUpperCase(), treeSize: 1n, root })).toThrow(/lowercase UUID/);
    expect(() => checkpointStatement({ communityId, treeSize: 0n, root })).toThrow(/positive/);
    expect(() => checkpointStatement({ communityId, treeSize: 1n, root: root.toUpperCase() })).toThrow(/hex/);
    const good = checkpointStatement({ communityId, treeSize: 5n, root });
    for (const bad of [`${good}\n`, ` ${good}`, good.replace(" 5 ", " 05 "), good.replace(" 5 ", "  5 "), good.replace("/1", "/2"), good.slice(0, -1)]) {
      expect(parseStatement(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
