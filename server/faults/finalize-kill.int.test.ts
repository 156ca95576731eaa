// A process killed in the middle of a finalize leaves nothing behind. The child below finalizes a
// period; this test holds a SHARE lock on ledger_checkpoint, so the child stops at its last insert —
// inside its transaction, holding the community's advisory lock, with the run, its members and its
// ledger entries already written (uncommitted). Seen in pg_locks, the child is SIGKILLed; PostgreSQL
// rolls back. Then: no run, no entries, no audit; the ledger verifies; the same finalize succeeds.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { pgPool } from "@/server/db/pg";
import { verifyCommunity } from "@/server/ledger/verify-community";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { unique } from "@/server/test/factories";
import { until } from "./until";

const DAY = { start: "2026-03-02", end: "2026-03-03" };

describe("a finalize killed inside its transaction", () => {
  // A child process (node + tsx + the server modules) started, caught at its last insert, killed, then the finalize again: ~5 s here.
  it("leaves no run, no ledger entry, no checkpoint and no audit event; the ledger verifies (1 checkpoint); the retry succeeds and the ledger verifies with 2", { timeout: 60_000 }, async () => {
    const w = await settlementWorld([{}, {}, { injection: true }]);
    for (const m of w.members) {
      if (m.consumption) await writeReadings(w.community.id, m.consumption.id, "2026-02-28T23:00:00Z", "2026-03-02T23:00:00Z", 100_000n);
      if (m.injection) await writeReadings(w.community.id, m.injection.id, "2026-02-28T23:00:00Z", "2026-03-02T23:00:00Z", 150_000n);
    }
    // One earlier final run, so the ledger has entries and a checkpoint that verification must still match.
    await finalizeRun(db(), w.community.id, { start: "2026-03-01", end: "2026-03-02" }, { kind: "scheduler" });
    const auditBefore = await db().auditEvent.count({ where: { communityId: w.community.id } });
    const entriesBefore = await db().ledgerEntry.count({ where: { communityId: w.community.id } });

    const pool = pgPool();
    const blocker = await pool.connect();
    const appName = unique("dajie-finalize-kill");
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set("application_name", appName);
    let stdout = "";
    let stderr = "";
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE ledger_checkpoint IN SHARE MODE");
      // `node --import tsx` (not the tsx CLI, which would run the script in a grandchild that survives the kill).
      const child = spawn(process.execPath, ["--import", "tsx", join("server", "faults", "finalize-kill-child.ts"), w.community.id, DAY.start, DAY.end], {
        cwd: process.cwd(),
        env: { ...process.env, DATABASE_URL: url.toString() },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
      try {
        // The child waits for ledger_checkpoint while it holds the advisory lock and has written ledger entries.
        const held = await until("the child to wait at its checkpoint insert", async () => {
          if (child.exitCode !== null) throw new Error(`the child ended early (code ${child.exitCode}):\n${stdout}\n${stderr}`);
          const { rows } = await pool.query<{ locktype: string; relation: string | null; granted: boolean }>(
            `SELECT l.locktype, l.relation::regclass::text AS relation, l.granted FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.application_name = $1`,
            [appName],
          );
          const waiting = rows.some((r) => r.relation === "ledger_checkpoint" && !r.granted);
          return waiting ? rows : null;
        });
        expect(held.some((r) => r.locktype === "advisory" && r.granted)).toBe(true);
        expect(held.some((r) => r.relation === "ledger_entry" && r.granted)).toBe(true);
        expect(held.some((r) => r.relation === "settlement_run" && r.granted)).toBe(true);
        child.kill("SIGKILL");
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      expect(await exited).toEqual({ code: null, signal: "SIGKILL" });
    } finally {
      await blocker.query("ROLLBACK").catch(() => undefined);
      blocker.release();
    }
    expect(stdout).not.toContain("done:");
    await until("the killed session to end", async () => (await pool.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1", [appName])).rowCount === 0);

    const runsOfDay = await db().settlementRun.count({ where: { communityId: w.community.id, periodStart: new Date(`${DAY.start}T00:00:00Z`) } });
    expect(runsOfDay).toBe(0);
    expect(await db().ledgerEntry.count({ where: { communityId: w.community.id } })).toBe(entriesBefore);
    expect(await db().ledgerCheckpoint.count({ where: { communityId: w.community.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { communityId: w.community.id } })).toBe(auditBefore);
    expect((await verifyCommunity(db(), w.community.id)).ok).toBe(true);

    const retry = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
    expect(retry.created).toBe(true);
    const verdict = await verifyCommunity(db(), w.community.id);
    expect([verdict.ok, verdict.ok && verdict.checkpoints]).toEqual([true, 2]);
  });
});
