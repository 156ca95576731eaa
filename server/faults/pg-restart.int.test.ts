// PostgreSQL restarted under a running job queue. A second, restartable PostgreSQL (the embedded one,
// migrated here) holds a copy of the world: two communities with two due weeks each. The queue's
// workers settle A; then B's job is caught inside its finalize transaction (a SHARE lock on
// ledger_checkpoint holds it at the last insert), and PostgreSQL is stopped (fast shutdown: open
// transactions roll back) and started again on the same data and port. Without restarting the app:
// B has no partial run, the queue works again, B's job sent again (as the hourly tick would) settles
// it, A's finished job is not run again and sending it again changes nothing — two runs each, both
// ledgers verify.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { createDb } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import { startJobQueue, SETTLE_COMMUNITY } from "@/server/jobs/queue";
import { verifyCommunity } from "@/server/ledger/verify-community";
import { createCommunity } from "@/server/communities/communities";
import { communityInput, unique } from "@/server/test/factories";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { until } from "./until";

const root = mkdtempSync(join(tmpdir(), "dajie-pg-restart-"));
chmodSync(root, 0o755); // the `postgres` OS user (when we are root) must reach its data folder
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

/** A community with a consumer and a producer, weekly periods, readings for the weeks of 2 and 9 March 2026. */
async function community(rdb: Db): Promise<string> {
  const userId = `u-${unique("user")}`;
  await rdb.user.create({ data: { id: userId, email: `${userId}@example.test`, name: "Admin", emailVerified: true } });
  const org = await rdb.organization.create({ data: { name: unique("mun"), kind: "MUNICIPALITY" } });
  await rdb.orgMembership.create({ data: { orgId: org.id, userId, role: "ADMIN" } });
  const c = await createCommunity(rdb, { userId }, org.id, communityInput());
  await rdb.community.update({ where: { id: c.id }, data: { settlementPeriod: "WEEK", settlementGraceDays: 2 } });
  const batch = await rdb.importBatch.create({ data: { communityId: c.id, fileName: "test", fileSha256: unique("sha"), format: "test", status: "COMPLETED" } });
  await rdb.$executeRaw`SELECT dajie_ensure_reading_partitions('2026-03-01T23:00:00Z'::timestamptz, '2026-03-15T23:00:00Z'::timestamptz)`;
  for (const [i, direction] of (["CONSUMPTION", "INJECTION"] as const).entries()) {
    const member = await rdb.member.create({ data: { communityId: c.id, pseudonym: unique("M").toUpperCase(), reference: `R${i}`, kind: direction === "INJECTION" ? "PRODUCER" : "CONSUMER", joinedOn: new Date("2020-01-01") } });
    const point = await rdb.meteringPoint.create({ data: { communityId: c.id, memberId: member.id, code: unique("IT001E").toUpperCase(), direction, capacityKw: "6", validFrom: new Date("2020-01-01") } });
    await rdb.$executeRaw`
      INSERT INTO reading (metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)
      SELECT ${point.id}::uuid, t, 900, ${direction === "INJECTION" ? 60_000n : 100_000n}, 'MEASURED', ${batch.id}::uuid
      FROM generate_series('2026-03-01T23:00:00Z'::timestamptz, '2026-03-15T22:45:00Z'::timestamptz, interval '15 minutes') AS t`;
  }
  return c.id;
}

const runsOf = (rdb: Db, communityId: string) => rdb.settlementRun.count({ where: { communityId } });

describe("PostgreSQL restarted while the job queue runs", () => {
  // Its own PostgreSQL (initdb, migrations), two settlements through pg-boss, a restart: ~15 s here.
  it("rolls back the interrupted finalize, the queue resumes, nothing is settled twice (2 runs per community, ledgers verify)", { timeout: 90_000 }, async () => {
    let server: EmbeddedPostgres = await startEmbeddedPostgres({ root, database: "restart" });
    stops.push(() => server.stop());
    await migrate(server.url);
    const rdb = createDb(server.url);
    stops.push(() => rdb.$disconnect());
    const a = await community(rdb);
    const b = await community(rdb);

    const queue = await startJobQueue(rdb, server.url, { schema: "pgboss_restart", cron: "0 0 1 1 *", anchorSweepCron: "0 0 1 1 *", now: () => new Date("2026-03-18T12:00:00Z"), communityIds: async () => [] });
    stops.push(() => queue.stop());

    await queue.boss.send(SETTLE_COMMUNITY, { communityId: a });
    await until("A's two weeks to be settled", async () => (await runsOf(rdb, a)) === 2, 30_000);

    const blocker = new pg.Client({ connectionString: server.url });
    blocker.on("error", () => undefined); // its connection dies with the server
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query("LOCK TABLE ledger_checkpoint IN SHARE MODE");
    await queue.boss.send(SETTLE_COMMUNITY, { communityId: b });
    const probe = new pg.Client({ connectionString: server.url });
    await probe.connect();
    await until("B's finalize to wait at its checkpoint insert", async () => {
      const { rowCount } = await probe.query("SELECT 1 FROM pg_locks WHERE relation = 'ledger_checkpoint'::regclass AND NOT granted");
      return rowCount! > 0;
    }, 30_000);
    await probe.end();

    // pg-boss 10 does not await its complete()/fail() after a handler: B's handler fails with the lost
    // connection, and fail() rejects unhandled while the server is away. In the app server Next.js's
    // process handlers log such a rejection and go on; here they are collected (instead of vitest's
    // handler, restored below) and must all be lost-connection errors. The job stays `active` and pg-boss
    // retries it after its expiry: at least once, which finalizeRun's idempotency makes safe.
    const vitestHandlers = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    const unhandled: unknown[] = [];
    process.on("unhandledRejection", (reason) => unhandled.push(reason));
    let restored = false;
    const restore = () => {
      if (restored) return;
      restored = true;
      process.removeAllListeners("unhandledRejection");
      for (const h of vitestHandlers) process.on("unhandledRejection", h);
    };
    stops.push(async () => restore()); // also when an expectation below fails
    await server.stop();
    server = await startEmbeddedPostgres({ root, database: "restart", port: server.port });
    await blocker.end().catch(() => undefined);

    // Nothing of B's interrupted transaction survived.
    const bAfterRestart = await until("the database to answer again", async () => runsOf(rdb, b).then((n) => ({ n }), () => null), 30_000);
    expect(bAfterRestart.n).toBe(0);
    expect(await rdb.ledgerEntry.count({ where: { communityId: b } })).toBe(0);

    // The hourly tick would send both again: B is settled now, A is left as it is.
    await until("the queue to take jobs again", () => Promise.all([queue.boss.send(SETTLE_COMMUNITY, { communityId: b }), queue.boss.send(SETTLE_COMMUNITY, { communityId: a })]).then(() => true, () => null), 30_000);
    await until("B's two weeks to be settled", async () => (await runsOf(rdb, b)) === 2, 30_000);
    await until("the queue to finish its created jobs", async () => (await rdb.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pgboss_restart.job WHERE name = $1 AND state IN ('created', 'retry')`, SETTLE_COMMUNITY))[0]!.n === 0n, 30_000);

    restore();
    const lostConnection = (e: unknown) => ["57P01", "57P03", "ECONNREFUSED", "ECONNRESET"].includes((e as { code?: string }).code ?? "") || /terminat|shutting down|Connection/i.test(String((e as Error).message));
    expect(unhandled.filter((e) => !lostConnection(e))).toEqual([]);

    expect([await runsOf(rdb, a), await runsOf(rdb, b)]).toEqual([2, 2]);
    expect(await rdb.auditEvent.count({ where: { communityId: { in: [a, b] }, action: "settlement.finalize" } })).toBe(4);
    for (const id of [a, b]) expect((await verifyCommunity(rdb, id)).ok).toBe(true);
  });
});
