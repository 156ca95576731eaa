// The public ledger export from a real PostgreSQL, checked by `dajie verify-export` from the file
// alone: an intact export passes, a changed amount or root is named, and the file holds no member id,
// reference or name.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { exportLedgerLines, publicCheckpoints } from "./export-ledger";
import { verifyExport } from "./export-format";
import { verifyCommunity } from "./verify-community";
import { run } from "@/server/cli/verify-export";

const exec = promisify(execFile);
const NOW = new Date("2026-03-20T12:00:00Z");

/** 3 consumers and 2 producers (one with a name and e-mail on file), two settled days: 2 runs. */
async function settledCommunity() {
  const w = await settlementWorld([{}, {}, {}, { injection: true }, { injection: true }]);
  await db().memberPersonalData.create({ data: { memberId: w.members[3]!.member.id, name: "Ada Sunbeam", email: "ada.sunbeam@example.test", address: "Via Luce 7" } });
  for (const [d, next] of [["2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z"], ["2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z"]] as const) {
    for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, d, next, 100_000n);
    for (const m of w.members.slice(3)) await writeReadings(w.community.id, m.injection!.id, d, next, 75_000n);
  }
  await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" }, { now: NOW });
  await finalizeRun(db(), w.community.id, { start: "2026-03-03", end: "2026-03-04" }, { kind: "scheduler" }, { now: NOW });
  return w;
}

async function exportText(c: { id: string; slug: string; name: string }): Promise<string> {
  let text = "";
  for await (const chunk of exportLedgerLines(db(), c, NOW)) text += chunk;
  return text;
}

/** The real command, as a user runs it (a new process: slow on a busy machine, so used once). */
async function cliProcess(file: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await exec("node_modules/.bin/tsx", ["scripts/dajie.ts", "verify-export", file]);
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, out: err.stdout };
  }
}

/** The same command's `run`, in this process, with its output captured. */
async function cli(file: string): Promise<{ code: number; out: string }> {
  let out = "";
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  try {
    return { code: await run([file]), out };
  } finally {
    process.stdout.write = write;
  }
}

describe("public ledger export", () => {
  it("2 runs × 7 entries (3 debits, 2 credits, 2 CC lines) → header + 14 entry lines; the file verifies with the same roots as the database; no member id, reference or name in it", async () => {
    const w = await settledCommunity();
    const text = await exportText(w.community);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(15);
    const header = JSON.parse(lines[0]!) as { entries: string; runs: unknown[]; checkpoints: { treeSize: string; root: string }[]; anchors: unknown[] };
    expect(header).toMatchObject({ format: "dajie-ledger-export/1", entries: "14", anchors: [] });
    expect(header.checkpoints.map((c) => c.treeSize)).toEqual(["7", "14"]);

    const fromFile = await verifyExport(lines);
    const fromDb = await verifyCommunity(db(), w.community.id);
    expect(fromFile).toMatchObject({ ok: true, entries: 14, checkpoints: 2, latest: { size: "14", root: header.checkpoints[1]!.root } });
    expect(fromDb.ok && fromFile.ok && fromFile.root === fromDb.root).toBe(true);
    expect((await publicCheckpoints(db(), w.community.id)).map((c) => [c.treeSize, c.root])).toEqual([
      ["14", header.checkpoints[1]!.root],
      ["7", header.checkpoints[0]!.root],
    ]);

    for (const m of w.members) {
      expect(text).not.toContain(m.member.id);
      expect(text).not.toContain(m.member.reference);
    }
    for (const personal of ["Ada Sunbeam", "ada.sunbeam@example.test", "Via Luce"]) expect(text).not.toContain(personal);
    expect(text).not.toMatch(/member_?id/i);
    expect(text).toContain(`PC:${w.members[3]!.member.pseudonym}`); // pseudonyms are what the ledger holds
  });

  it("verify-export on the file: intact → exit 0; a consumer's debit (−58 ¢ or −57 ¢) cut to −5 ¢ → exit 1 naming the entry; a root changed → exit 1 naming the checkpoint", async () => {
    const w = await settledCommunity();
    const dir = mkdtempSync(join(tmpdir(), "dajie-export-"));
    const file = join(dir, "ledger.jsonl");
    writeFileSync(file, await exportText(w.community));

    const intact = await cliProcess(file);
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(new RegExp(`^ledger export of ${w.community.slug}: 14 entries, 2 checkpoints, all hashes and roots match; latest checkpoint: size 14, root [0-9a-f]{64}`));

    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const first = JSON.parse(lines[1]!) as { seq: string; amountCents: string };
    const tampered = [...lines];
    tampered[1] = JSON.stringify({ ...first, amountCents: first.amountCents.slice(0, -1) || "0" });
    writeFileSync(file, `${tampered.join("\n")}\n`);
    const amount = await cli(file);
    expect(amount.code).toBe(1);
    expect(amount.out).toMatch(/entry 1 fails verification: hash mismatch: stored [0-9a-f]{64} recomputed [0-9a-f]{64}/);

    const header = JSON.parse(lines[0]!) as { checkpoints: { root: string }[] };
    header.checkpoints[1]!.root = "f".repeat(64);
    writeFileSync(file, `${[JSON.stringify(header), ...lines.slice(1)].join("\n")}\n`);
    const root = await cli(file);
    expect(root.code).toBe(1);
    expect(root.out).toMatch(/entry 14 fails verification: checkpoint at size 14: root f{64} ≠ recomputed [0-9a-f]{64} \(checkpoint row of run /);

    writeFileSync(file, "not an export\n");
    expect((await cli(file)).code).toBe(2);
  });

  it("a community without final runs exports a header only, which verifies as an empty ledger", async () => {
    const w = await settlementWorld([{}]);
    const lines = (await exportText(w.community)).trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(await verifyExport(lines)).toMatchObject({ ok: true, entries: 0, latest: null });
  });
});
