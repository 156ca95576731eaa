// A process killed in the middle of an import leaves nothing behind: the child below is SIGKILLed
// while its COPY into `reading` is streaming; PostgreSQL rolls the open transaction back (no batch,
// no readings, no new partition), the advisory lock goes with the session, and the same import then
// runs through.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { pgPool } from "@/server/db/pg";
import { makeCommunity, makeMeteringPoint, makeMember, makeOrg, makeUser, unique } from "@/server/test/factories";
import { importFile } from "./import-file";

const POINTS = 20;
const DAYS = 180; // 20 × 180 × 96 = 345,600 readings: a few seconds per pass
const FROM = Date.parse("2039-01-01T00:00:00Z"); // months no other test uses: the partitions must not appear
const csvMapping = { unit: "Wh" as const, intervalSeconds: 900, layout: { kind: "long" as const, meteringPoint: "pod", timestamp: "start", energy: "wh" } };

const dir = mkdtempSync(join(tmpdir(), "dajie-kill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe("an import killed mid-COPY", () => {
  // A child importer (node + tsx + the server modules) started, caught mid-COPY, killed, then the import again: ~16 s here.
  it("leaves no batch, no readings and no partition, and the same import then succeeds", { timeout: 60_000 }, async () => {
    const org = await makeOrg("MUNICIPALITY");
    const admin = await makeUser();
    const community = await makeCommunity(org.id, admin.id);
    const member = await makeMember(community.id);
    const points = [];
    for (let i = 0; i < POINTS; i++) points.push(await makeMeteringPoint(community.id, member.id));
    const pointIds = points.map((p) => p.id);

    const stamps = Array.from({ length: DAYS * 96 }, (_, i) => new Date(FROM + i * 900_000).toISOString());
    const lines = ["pod,start,wh"];
    for (const [p, point] of points.entries()) for (const [i, s] of stamps.entries()) lines.push(`${point.code},${s},${(p * 7 + i) % 400}`);
    const path = join(dir, `${unique("kill")}.csv`);
    writeFileSync(path, lines.join("\n") + "\n");
    const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
    const fileName = path.split("/").pop()!;
    const rows = POINTS * DAYS * 96;

    const pool = pgPool();
    const partition = "reading_y2039m03";
    const partitionBefore = (await pool.query<{ r: string | null }>("SELECT to_regclass($1)::text AS r", [partition])).rows[0]!.r;

    // The child's sessions carry their own application_name, so parallel test files cannot be mistaken for it.
    const appName = unique("dajie-kill");
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set("application_name", appName);
    // `node --import tsx`, not node_modules/.bin/tsx: the tsx CLI runs the script in a grandchild
    // process, and SIGKILL to the CLI would leave the importer running (and committing).
    const child = spawn(process.execPath, ["--import", "tsx", join("server", "metering", "import", "import-kill-child.ts"), community.id, path], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

    try {
      await until("the child to start its COPY", async () => {
        if (child.exitCode !== null) throw new Error(`the child ended before its COPY (code ${child.exitCode}):\n${stdout}\n${stderr}`);
        if (!stdout.includes("phase:copying")) return null;
        const copying = await pool.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query LIKE 'COPY reading %'", [appName]);
        return copying.rowCount ? true : null;
      });
      expect(stdout).not.toContain("phase:copied");
      child.kill("SIGKILL");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    expect(await exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(stdout).not.toContain("phase:committed");

    // The server notices the closed connection and rolls back; wait until the session is gone.
    await until("the killed session to end", async () => (await pool.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1", [appName])).rowCount === 0);

    expect(await db().importBatch.count({ where: { communityId: community.id, OR: [{ fileSha256: sha256 }, { fileName }] } })).toBe(0);
    expect(await db().reading.count({ where: { meteringPointId: { in: pointIds } } })).toBe(0);
    expect(await db().auditEvent.count({ where: { communityId: community.id, action: { startsWith: "readings.import" } } })).toBe(0);
    if (partitionBefore === null) expect((await pool.query<{ r: string | null }>("SELECT to_regclass($1)::text AS r", [partition])).rows[0]!.r).toBeNull();

    const result = await importFile(db(), { communityId: community.id, path, fileName, source: "CLI", actor: { userId: null, orgId: null }, options: { csvMapping } });
    expect([result.readingsNew, result.readingsUnchanged, result.readingsCorrected]).toEqual([rows, 0, 0]);
    expect(await db().reading.count({ where: { meteringPointId: { in: pointIds } } })).toBe(rows);
    expect(await db().importBatch.count({ where: { communityId: community.id, fileSha256: sha256, status: "COMPLETED" } })).toBe(1);
  });
});
