// Verification against the real tables: a ledger written by finalizeRun passes, and every kind of
// tampering (done as the database owner, with the append-only triggers switched off inside a
// transaction that is rolled back) is named at its entry. Also: the triggers refuse changes, and the
// command line exits 0 / 1 / 2.
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "@/server/db/client";
import { db } from "@/server/db/client";
import pg from "pg";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { ownerDb, ownerUrl } from "@/server/test/owner-db";
import { hex, rootFromLeafHashes } from "./merkle";
import type { LedgerProblem } from "./verify-ledger";
import { verifyCommunity, type CommunityVerification, type VerifyOptions } from "./verify-community";

// Local days in Europe/Rome (UTC+1 in March): 96 quarter hours from 23:00Z the day before.
const DAY1 = { start: "2026-03-02", end: "2026-03-03" };
const DAY2 = { start: "2026-03-03", end: "2026-03-04" };
const FROM = "2026-03-01T23:00:00Z";
const MID = "2026-03-02T23:00:00Z";
const TO = "2026-03-03T23:00:00Z";

/**
 * 3 consumers and 1 producer, two days settled (6 + 6 entries), then day 1 corrected (consumer 1
 * 100 → 50 Wh per quarter hour): 6 reversals + 6 new entries. 24 entries, 3 runs, 3 checkpoints.
 */
async function settledCommunity() {
  const w = await settlementWorld([{}, {}, {}, { injection: true }]);
  for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, TO, 100_000n);
  await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n);
  const by = { kind: "user" as const, userId: w.admin.id, orgId: w.org.id };
  const runs = [await finalizeRun(db(), w.community.id, DAY1, by), await finalizeRun(db(), w.community.id, DAY2, by)];
  await writeReadings(w.community.id, w.members[0]!.consumption!.id, FROM, MID, 50_000n);
  runs.push(await finalizeRun(db(), w.community.id, DAY1, by));
  expect(runs.map((r) => [r.version, r.created])).toEqual([[1, true], [1, true], [2, true]]);
  return { ...w, runs };
}

class Rollback extends Error {}

/**
 * Runs `change` with the user triggers of `table` off, verifies inside the same transaction, rolls back.
 * As the owner: the app's role (dajie_app) can neither switch triggers off nor change ledger rows.
 */
async function verifyTampered(communityId: string, table: string, change: (tx: Tx) => Promise<unknown>, options: VerifyOptions = {}): Promise<CommunityVerification> {
  let result: CommunityVerification | undefined;
  await ownerDb()
    .$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '20s'`);
        await tx.$executeRawUnsafe(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
        await change(tx);
        await tx.$executeRawUnsafe(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
        result = await verifyCommunity(tx, communityId, options);
        throw new Rollback();
      },
      { timeout: 30_000, maxWait: 30_000 },
    )
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return result!;
}

describe("verifyCommunity on a ledger written by finalizeRun", () => {
  let w: Awaited<ReturnType<typeof settledCommunity>>;
  let id: string;
  const seqWhere = (seq: number) => `community_id = '${id}'::uuid AND seq = ${seq}`;
  beforeAll(async () => {
    w = await settledCommunity();
    id = w.community.id;
  });

  it("3 runs, 24 entries, 3 checkpoints (each in settlement_run and ledger_checkpoint) → ok, no false alarm", async () => {
    const hashes = (await db().ledgerEntry.findMany({ where: { communityId: id }, orderBy: { seq: "asc" }, select: { hash: true } })).map((e) => new Uint8Array(e.hash));
    const result = await verifyCommunity(db(), id);
    expect(result).toEqual({ ok: true, entries: 24, checkpoints: 3, root: hex(rootFromLeafHashes(hashes)), runs: 3, checkpointRows: 3, entriesRead: 24, parallel: false });
  });

  it("the same verdicts in batches of 4 on worker threads (intact, and entry 14's amount changed)", async () => {
    const options = { batchSize: 4, parallel: true };
    expect(await verifyCommunity(db(), id, options)).toEqual({ ...(await verifyCommunity(db(), id)), parallel: true });
    const change = (tx: Tx) => tx.$executeRawUnsafe(`UPDATE ledger_entry SET amount_cents = amount_cents + 1 WHERE ${seqWhere(14)}`);
    const inThread = await verifyTampered(id, "ledger_entry", change);
    expect(inThread).toMatchObject({ ok: false, seq: 14n, problem: expect.stringMatching(/^hash mismatch: /) });
    expect(await verifyTampered(id, "ledger_entry", change, options)).toMatchObject({ seq: 14n, problem: (inThread as LedgerProblem).problem, parallel: true });
  });

  it("amount_cents of entry 2 changed by 1 ¢ → entry 2: hash mismatch", async () => {
    const r = await verifyTampered(id, "ledger_entry", (tx) => tx.$executeRawUnsafe(`UPDATE ledger_entry SET amount_cents = amount_cents - 1 WHERE ${seqWhere(2)}`));
    expect(r).toMatchObject({ ok: false, seq: 2n, problem: expect.stringMatching(/^hash mismatch: stored [0-9a-f]{64} recomputed [0-9a-f]{64}$/) });
  });

  it("account of entry 5 changed to CC → entry 5: hash mismatch", async () => {
    const r = await verifyTampered(id, "ledger_entry", (tx) => tx.$executeRawUnsafe(`UPDATE ledger_entry SET account = 'CC' WHERE ${seqWhere(5)}`));
    expect(r).toMatchObject({ ok: false, seq: 5n, problem: expect.stringMatching(/^hash mismatch: /) });
  });

  it("stored hash of entry 8 changed → entry 8: hash mismatch, stored ab…ab", async () => {
    const r = await verifyTampered(id, "ledger_entry", (tx) => tx.$executeRawUnsafe(`UPDATE ledger_entry SET hash = decode(repeat('ab', 32), 'hex') WHERE ${seqWhere(8)}`));
    expect(r).toMatchObject({ ok: false, seq: 8n, problem: expect.stringMatching(`^hash mismatch: stored ${"ab".repeat(32)} recomputed `) });
  });

  it("prev_hash of entry 10 changed → entry 10: prev_hash does not match entry 9", async () => {
    const r = await verifyTampered(id, "ledger_entry", (tx) => tx.$executeRawUnsafe(`UPDATE ledger_entry SET prev_hash = decode(repeat('01', 32), 'hex') WHERE ${seqWhere(10)}`));
    expect(r).toMatchObject({ ok: false, seq: 10n, problem: expect.stringMatching(/^prev_hash does not match entry 9: /) });
  });

  it("entry 7 deleted → missing entry 7", async () => {
    const r = await verifyTampered(id, "ledger_entry", (tx) => tx.$executeRawUnsafe(`DELETE FROM ledger_entry WHERE ${seqWhere(7)}`));
    expect(r).toMatchObject({ ok: false, seq: 7n, problem: "missing entry 7 (the next stored entry is 8)" });
  });

  it("the last entry (24) deleted → missing entry 24, found through the checkpoints at size 24", async () => {
    const r = await verifyTampered(id, "ledger_entry", (tx) => tx.$executeRawUnsafe(`DELETE FROM ledger_entry WHERE ${seqWhere(24)}`));
    expect(r).toMatchObject({ ok: false, seq: 24n, problem: expect.stringMatching(/^missing entry 24 \(checkpoint at size 24 /) });
  });

  it("ledger_checkpoint root at size 12 changed → checkpoint at size 12: root 00…00 ≠ recomputed …", async () => {
    const r = await verifyTampered(id, "ledger_checkpoint", (tx) => tx.$executeRawUnsafe(`UPDATE ledger_checkpoint SET root = decode(repeat('00', 32), 'hex') WHERE community_id = '${id}'::uuid AND tree_size = 12`));
    expect(r).toMatchObject({ ok: false, seq: 12n, problem: expect.stringMatching(`^checkpoint at size 12: root ${"00".repeat(32)} ≠ recomputed [0-9a-f]{64} \\(ledger_checkpoint of run ${w.runs[1]!.runId}\\)$`) });
  });

  it("ledger_checkpoint frontier at size 12 changed (root intact) → checkpoint at size 12: the frontier folds to … not to the root", async () => {
    // 12 = 8 + 4: two hashes; one bit of the second flipped.
    const r = await verifyTampered(id, "ledger_checkpoint", (tx) =>
      tx.$executeRawUnsafe(`UPDATE ledger_checkpoint SET frontier = set_byte(frontier, 40, get_byte(frontier, 40) # 1) WHERE community_id = '${id}'::uuid AND tree_size = 12`),
    );
    expect(r).toMatchObject({ ok: false, seq: 12n, problem: expect.stringMatching(`^checkpoint at size 12 \\(ledger_checkpoint of run ${w.runs[1]!.runId}\\): the frontier folds to [0-9a-f]{64}, not to the root [0-9a-f]{64}$`) });
  });

  it("settlement_run.checkpoint_root of the correction run changed → checkpoint at size 24, named by the run", async () => {
    const r = await verifyTampered(id, "settlement_run", (tx) => tx.$executeRawUnsafe(`UPDATE settlement_run SET checkpoint_root = repeat('ff', 32) WHERE id = '${w.runs[2]!.runId}'::uuid`));
    expect(r).toMatchObject({ ok: false, seq: 24n, problem: expect.stringMatching(`≠ recomputed [0-9a-f]{64} \\(settlement_run ${w.runs[2]!.runId}\\)$`) });
  });

  it("the ledger_checkpoint row of run 1 deleted → checkpoint at size 6: missing", async () => {
    const r = await verifyTampered(id, "ledger_checkpoint", (tx) => tx.$executeRawUnsafe(`DELETE FROM ledger_checkpoint WHERE run_id = '${w.runs[0]!.runId}'::uuid`));
    expect(r).toMatchObject({ ok: false, seq: 6n, problem: expect.stringMatching(`^checkpoint at size 6: ledger_checkpoint of run ${w.runs[0]!.runId} is missing`) });
  });

  it("after all that (rolled back) the ledger still verifies", async () => {
    expect(await verifyCommunity(db(), id)).toMatchObject({ ok: true, entries: 24 });
  });
});

describe("the append-only triggers", () => {
  let w: Awaited<ReturnType<typeof settledCommunity>>;
  beforeAll(async () => {
    w = await settledCommunity();
  });

  /**
   * Runs one statement in a transaction that is always rolled back. A short lock timeout (retried)
   * makes this session, not a concurrently running test, give way when locks are contended.
   */
  // As the owner, whom the triggers stop (dajie_app is already refused by its privileges: app-role.int.test.ts).
  const ownerPool = new pg.Pool({ connectionString: ownerUrl(), max: 2 });
  async function attempt(sql: string): Promise<Error | null> {
    for (let tries = 0; ; tries++) {
      const client = await ownerPool.connect();
      try {
        await client.query("BEGIN");
        await client.query("SET LOCAL lock_timeout = '200ms'");
        await client.query(sql);
        return null;
      } catch (e) {
        if ((e as { code?: string }).code === "55P03" && tries < 100) continue;
        return e as Error;
      } finally {
        await client.query("ROLLBACK");
        client.release();
      }
    }
  }

  const tables = () => ({
    ledger_entry: `community_id = '${w.community.id}'::uuid`,
    settlement_run: `community_id = '${w.community.id}'::uuid`,
    settlement_run_member: `run_id = '${w.runs[0]!.runId}'::uuid`,
    ledger_checkpoint: `community_id = '${w.community.id}'::uuid`,
  });

  for (const table of ["ledger_entry", "settlement_run", "settlement_run_member", "ledger_checkpoint"] as const) {
    it(`${table}: UPDATE, DELETE and TRUNCATE are refused ("is append-only")`, async () => {
      const where = tables()[table];
      const column = table === "settlement_run_member" ? "pseudonym" : table === "settlement_run" ? "started_by" : table === "ledger_entry" ? "account" : "root";
      expect(await attempt(`UPDATE ${table} SET ${column} = ${column} WHERE ${where}`)).toMatchObject({ message: `UPDATE on ${table} is not allowed: the table is append-only` });
      expect(await attempt(`DELETE FROM ${table} WHERE ${where}`)).toMatchObject({ message: `DELETE on ${table} is not allowed: the table is append-only` });
      // settlement_run is referenced by foreign keys: TRUNCATE must name the referencing tables too,
      // and its own trigger fires first.
      const truncate =
        table === "settlement_run"
          ? "TRUNCATE settlement_run, settlement_run_member, ledger_entry, ledger_checkpoint, anchor, checkpoint_cosignature, run_billing, invoice, statement_mail"
          : table === "ledger_checkpoint"
            ? "TRUNCATE ledger_checkpoint, anchor, checkpoint_cosignature" // anchors and cosignatures reference their checkpoint
            : `TRUNCATE ${table}`;
      expect(await attempt(truncate)).toMatchObject({ message: `TRUNCATE on ${table} is not allowed: the table is append-only` });
    });
  }

  it("nothing was changed", async () => {
    expect(await verifyCommunity(db(), w.community.id)).toMatchObject({ ok: true, entries: 24 });
  });
});

describe("the command line: npm run -s dajie -- verify --community SLUG", () => {
  const cli = (args: string[]) => spawnSync("node_modules/.bin/tsx", ["scripts/dajie.ts", "verify", ...args], { env: process.env, encoding: "utf8", timeout: 60_000 });

  it("intact → exit 0 and one line; tampered (committed) → exit 1 naming entry 3; unknown → exit 2", async () => {
    const w = await settledCommunity();
    const slug = w.community.slug;
    const ok = cli(["--community", slug]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^ledger of ${slug}: 24 entries, 3 checkpoints, all hashes and roots match; root [0-9a-f]{64}\\n$`));
    const json = cli(["--community", slug, "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ community: slug, ok: true, entries: 24, checkpoints: 3, runs: 3, checkpointRows: 3 });

    // A committed tampering (by the owner): this community's ledger stays broken (the test database is thrown away).
    await ownerDb().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '20s'`);
      await tx.$executeRawUnsafe(`ALTER TABLE ledger_entry DISABLE TRIGGER USER`);
      await tx.$executeRawUnsafe(`UPDATE ledger_entry SET energy_mwh = energy_mwh + 1 WHERE community_id = '${w.community.id}'::uuid AND seq = 3`);
      await tx.$executeRawUnsafe(`ALTER TABLE ledger_entry ENABLE TRIGGER USER`);
    }, { timeout: 30_000, maxWait: 30_000 });
    const bad = cli(["--community", slug]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`^ledger of ${slug}: entry 3 fails verification: hash mismatch: stored [0-9a-f]{64} recomputed [0-9a-f]{64}\\n$`));
    expect(JSON.parse(cli(["--community", slug, "--json"]).stdout)).toMatchObject({ ok: false, seq: "3", problem: expect.stringMatching(/^hash mismatch/) });

    const unknown = cli(["--community", "no-such-community"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("verify: no community with the address no-such-community");
  }, 60_000); // 5 CLI child processes, each loading tsx and the server modules: ~4 s each here
});
