// `dajie anchor verify` and `dajie verify-export` on receipts from all three sinks (local TSA via
// openssl, ganache on 127.0.0.1, the signed feed): intact receipts verify; a tampered receipt, a
// statement for another root or a missing trust anchor make the command exit 1.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptAnchor, ensureAnchors } from "@/server/anchors/anchors";
import { feedKeyFrom } from "@/server/anchors/feed-key";
import { anchorSetup } from "@/server/anchors/sinks";
import { startLocalChain, TEST_PRIVATE_KEY, type LocalChain } from "@/server/anchors/test-evm";
import { startLocalTsa, type LocalTsa } from "@/server/anchors/test-tsa";
import { db } from "@/server/db/client";
import { buildCheckpointFeed } from "@/server/anchors/feed";
import { exportLedgerLines } from "@/server/ledger/export-ledger";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { run as anchorCli } from "./anchor";
import { run as verifyExportCli } from "./verify-export";

const exec = promisify(execFile);
const NOW = new Date("2026-03-20T12:00:00Z");
let tsa: LocalTsa;
let chain: LocalChain;
const dir = mkdtempSync(join(tmpdir(), "dajie-anchor-cli-"));
beforeAll(async () => {
  [tsa, chain] = await Promise.all([startLocalTsa(), startLocalChain()]);
  writeFileSync(join(dir, "tsa-ca.pem"), tsa.caPem);
  writeFileSync(join(dir, "other-ca.pem"), tsa.otherCaPem);
}, 60_000); // a local TSA and an in-process chain start: a few seconds, more on a busy machine
afterAll(async () => {
  await Promise.all([tsa?.stop(), chain?.stop()]);
});

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = "";
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  try {
    return { code: await fn(), out };
  } finally {
    process.stdout.write = write;
  }
}

describe("anchor verify", () => {
  it("verifies the receipts of all three sinks from the database and from an export, and catches tampering", async () => {
    const w = await settlementWorld([{}, {}, { injection: true }]);
    for (const [d, next] of [["2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z"], ["2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z"]] as const) {
      for (const m of w.members.slice(0, 2)) await writeReadings(w.community.id, m.consumption!.id, d, next, 100_000n);
      await writeReadings(w.community.id, w.members[2]!.injection!.id, d, next, 150_000n);
    }
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: NOW });
    await finalizeRun(db(), w.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "scheduler" }, { now: NOW });
    // The key the CLI derives from the same environment (BETTER_AUTH_SECRET of the int setup).
    const feedKey = feedKeyFrom({ authSecret: process.env.BETTER_AUTH_SECRET! });
    const setup = anchorSetup({
      feedKey,
      tsa: { url: tsa.url, trustPem: tsa.caPem },
      evm: { rpcUrl: chain.rpcUrl, chainId: chain.chainId, privateKey: TEST_PRIVATE_KEY, pollingMs: 50 },
    });
    const ids = await ensureAnchors(db(), setup, { communityId: w.community.id });
    // (Another test file's job queue may sign a feed row first: "already-anchored" then.)
    for (const id of ids) expect(["anchored", "already-anchored"]).toContain(await attemptAnchor(db(), setup, id));
    expect(await db().anchor.count({ where: { communityId: w.community.id, status: "ANCHORED" } })).toBe(6); // 2 checkpoints × 3 sinks

    // From an export file.
    let text = "";
    for await (const chunk of exportLedgerLines(db(), w.community, NOW)) text += chunk;
    const file = join(dir, "export.jsonl");
    writeFileSync(file, text);
    const header = JSON.parse(text.split("\n")[0]!) as { anchors: { sink: string; treeSize: string; statement: string; receipt: Record<string, unknown> }[] };
    expect(header.anchors.map((a) => a.sink)).toEqual(["evm", "feed", "tsa", "evm", "feed", "tsa"]);

    const flags = ["--tsa-ca", join(dir, "tsa-ca.pem"), "--evm-rpc", chain.rpcUrl, "--evm-chain-id", String(chain.chainId), "--feed-key", feedKey.publicKey];
    const all = await capture(() => anchorCli(["verify", "--file", file, ...flags]));
    expect(all.code).toBe(0);
    expect(all.out.trim().split("\n")).toHaveLength(7);
    expect(all.out).toMatch(/: 6 receipt\(s\) verified, 0 failed, 0 not checked\n$/);

    // Without a chain node or trust anchor those receipts are not checked: anchor verify fails,
    // verify-export (offline) passes and says so.
    const partial = await capture(() => anchorCli(["verify", "--file", file, "--feed-key", feedKey.publicKey]));
    expect(partial.code).toBe(1);
    expect(partial.out).toMatch(/2 receipt\(s\) verified, 0 failed, 4 not checked/);
    const offline = await capture(() => verifyExportCli([file]));
    expect(offline.code).toBe(0);
    expect(offline.out).toMatch(/6 anchor receipts: 2 verified, 0 failed, 4 not checked offline/);

    // Another TSA trust anchor fails the TSA tokens.
    const wrongCa = await capture(() => anchorCli(["verify", "--file", file, ...flags.slice(2), "--tsa-ca", join(dir, "other-ca.pem")]));
    expect(wrongCa.code).toBe(1);
    expect(wrongCa.out).toMatch(/timestamp authority: FAILED — .*certificate/);

    // A receipt moved to another checkpoint, and a forged feed signature.
    const forged = structuredClone(header);
    forged.anchors[1]!.receipt.signature = (forged.anchors[1]!.receipt.signature as string).replace(/^./, (c) => (c === "0" ? "1" : "0"));
    forged.anchors[3]!.statement = forged.anchors[0]!.statement;
    const forgedFile = join(dir, "forged.jsonl");
    writeFileSync(forgedFile, [JSON.stringify(forged), ...text.split("\n").slice(1)].join("\n"));
    const bad = await capture(() => anchorCli(["verify", "--file", forgedFile, ...flags]));
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/signed feed: FAILED — the Ed25519 signature does not match the statement/);
    expect(bad.out).toMatch(/EVM chain: FAILED — the anchored statement is not this checkpoint's/);
    expect(bad.out).toMatch(/4 receipt\(s\) verified, 2 failed/);
    expect((await capture(() => verifyExportCli([forgedFile]))).code).toBe(1);

    // From the database, as a user runs it (a new process, the trust from the environment).
    const env = { ...process.env, DAJIE_TSA_URL: tsa.url, DAJIE_TSA_CA_FILE: join(dir, "tsa-ca.pem"), DAJIE_EVM_RPC_URL: chain.rpcUrl, DAJIE_EVM_CHAIN_ID: String(chain.chainId), DAJIE_EVM_PRIVATE_KEY: TEST_PRIVATE_KEY };
    const { stdout } = await exec("node_modules/.bin/tsx", ["scripts/dajie.ts", "anchor", "verify", "--community", w.community.slug], { env });
    expect(stdout).toMatch(new RegExp(`anchors of ${w.community.slug}: 6 receipt\\(s\\) verified, 0 failed, 0 not checked\\n$`));
    expect(readFileSync(file, "utf8")).toBe(text);
  }, 60_000); // anchors on a local TSA and EVM chain, then one CLI child process (tsx and the server modules): 10–26 s here

  it("verify-feed checks a copy of the signed feed and names a changed root", async () => {
    const w = await settlementWorld([{}, {}, { injection: true }]);
    for (const [d, next] of [["2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z"], ["2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z"]] as const) {
      for (const m of w.members.slice(0, 2)) await writeReadings(w.community.id, m.consumption!.id, d, next, 100_000n);
      await writeReadings(w.community.id, w.members[2]!.injection!.id, d, next, 150_000n);
    }
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: NOW });
    await finalizeRun(db(), w.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "scheduler" }, { now: NOW });
    const key = feedKeyFrom({ authSecret: process.env.BETTER_AUTH_SECRET! });
    const setup = anchorSetup({ feedKey: key });
    for (const id of await ensureAnchors(db(), setup, { communityId: w.community.id })) await attemptAnchor(db(), setup, id);
    const feed = await buildCheckpointFeed(db(), w.community, key.publicKey);
    const file = join(dir, "feed.json");
    writeFileSync(file, JSON.stringify(feed));
    const good = await capture(() => anchorCli(["verify-feed", file, "--feed-key", key.publicKey]));
    expect(good).toEqual({ code: 0, out: `${file}: 2 checkpoint(s), 2 signed; every statement, signature and consistency proof verifies\n` });
    feed.checkpoints[1]!.root = "ab".repeat(32);
    writeFileSync(file, JSON.stringify(feed));
    const bad = await capture(() => anchorCli(["verify-feed", file]));
    expect(bad).toEqual({ code: 1, out: `${file}: checkpoint ${feed.checkpoints[1]!.treeSize} fails: the statement is not this checkpoint's\n` });
  });

  it("bad usage exits 2", async () => {
    expect(await anchorCli([])).toBe(2);
    expect(await anchorCli(["verify"])).toBe(2);
    expect(await anchorCli(["verify", "--file", join(dir, "nope.jsonl")])).toBe(2);
  });
});
