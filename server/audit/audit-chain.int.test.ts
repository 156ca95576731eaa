// The audit log is hash-chained per organization (docs/audit-log.md): the insert trigger links every
// event, refuses links that do not chain, and `dajie verify --audit` names an edited event.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeOrg, makeUser } from "@/server/test/factories";
import { ownerDb } from "@/server/test/owner-db";
import { recordAudit } from "./audit";
import { auditEventHash, AUDIT_ZERO_HASH } from "./audit-chain";
import { verifyAuditChain } from "./verify-audit";

async function orgWithEvents(n: number) {
  const user = await makeUser();
  const org = await makeOrg("MUNICIPALITY");
  for (let i = 0; i < n; i++) {
    await db().$transaction((tx) => recordAudit(tx, { userId: user.id, requestId: `req-${i}` }, { orgId: org.id, action: "test.event", objectType: "thing", objectId: `thing-${i}`, before: i ? { i: i - 1 } : undefined, after: { i, note: "Zoë\nline two \"quoted\" ✓" } }));
  }
  return { user, org };
}

const chainOf = (orgId: string) =>
  db().$queryRaw<{ seq: bigint; prev: string; hash: string; id: string }[]>`
    SELECT seq, encode(prev_hash, 'hex') AS prev, encode(hash, 'hex') AS hash, id::text AS id FROM audit_event WHERE org_id = ${orgId}::uuid ORDER BY seq`;

describe("the audit chain", () => {
  it("5 events of an organization → seq 1…5, each prev_hash the hash before (32 zero bytes first); TypeScript recomputes every hash", async () => {
    const { org } = await orgWithEvents(5);
    const rows = await chainOf(org.id);
    expect(rows.map((r) => r.seq)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(rows.map((r) => r.prev)).toEqual([AUDIT_ZERO_HASH, ...rows.slice(0, 4).map((r) => r.hash)]);
    expect(await verifyAuditChain(db(), org.id)).toEqual({ ok: true, orgId: org.id, events: 5, head: rows[4]!.hash });
    // Paging does not change the outcome: 2 events per page (and seq 10 sorts after 9, as a number).
    expect(await verifyAuditChain(db(), org.id, 2)).toEqual({ ok: true, orgId: org.id, events: 5, head: rows[4]!.hash });
  });

  it("20 events written at once into one organization's chain → seq 1…20, no gap, no fork", async () => {
    const user = await makeUser();
    const org = await makeOrg("ESCO");
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => db().$transaction((tx) => recordAudit(tx, { userId: user.id }, { orgId: org.id, action: "test.concurrent", objectType: "thing", objectId: String(i) }))),
    );
    expect((await chainOf(org.id)).map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i + 1)));
    expect(await verifyAuditChain(db(), org.id)).toMatchObject({ ok: true, events: 20 });
  });

  it("an event that brings links that do not chain is refused (seq 7 after 2; a forged prev_hash; a forged hash)", async () => {
    const { user, org } = await orgWithEvents(2);
    const insert = (extra: string, values: string) =>
      db().$executeRawUnsafe(`INSERT INTO audit_event (id, org_id, actor_user_id, action, object_type, object_id${extra}) VALUES (gen_random_uuid(), '${org.id}', '${user.id}', 'x', 'y', 'z'${values})`);
    await expect(insert(", seq", ", 7")).rejects.toThrow(/does not chain: seq 7 given, 3 expected/);
    await expect(insert(", prev_hash", `, '\\x${"ab".repeat(32)}'`)).rejects.toThrow(/does not chain: prev_hash is not the hash of event 2/);
    await expect(insert(", hash", `, '\\x${"ab".repeat(32)}'`)).rejects.toThrow(/does not chain: its hash is not the hash of its contents/);
    expect((await chainOf(org.id)).length).toBe(2);
  });

  it("the database's hash (dajie_audit_hash) is the one TypeScript computes from the stored text, for an event with a NULL organization", async () => {
    const [row] = await db().$queryRaw<{ seq: string; prev: string; hash: string; id: string; created: Date; before: string | null; after: string | null; actor: string | null }[]>`
      WITH e AS (SELECT gen_random_uuid() AS id, now()::timestamptz(3) AS at)
      SELECT '1' AS seq, repeat('00', 32) AS prev, encode(dajie_audit_hash(1, decode(repeat('00', 32), 'hex'), e.id, NULL, NULL, NULL, 'a', 'b', 'c', e.at, NULL, NULL, '{"b": [1, 2.50, "é\\n"], "a": null}'::jsonb), 'hex') AS hash,
             e.id::text AS id, e.at AS created, NULL AS before, '{"b": [1, 2.50, "é\\n"], "a": null}'::jsonb::text AS after, NULL AS actor
        FROM e`;
    expect(row!.after).toBe('{"a": null, "b": [1, 2.50, "é\\n"]}');
    const ts = auditEventHash({ seq: row!.seq, prevHash: row!.prev, id: row!.id, orgId: null, communityId: null, actorUserId: null, action: "a", objectType: "b", objectId: "c", createdAt: row!.created.toISOString(), requestId: null, before: null, after: row!.after });
    expect(ts).toBe(row!.hash);
  });

  it("an event edited with the triggers off (by the owner) → verify --audit --org names it: exit 1, event 3 and its id, hash mismatch", async () => {
    const { org } = await orgWithEvents(4);
    const third = (await chainOf(org.id))[2]!;
    // A committed tampering, as only the owner can: this organization's chain stays broken (the test database is thrown away).
    await ownerDb().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '20s'`);
      await tx.$executeRawUnsafe(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
      await tx.$executeRawUnsafe(`UPDATE audit_event SET object_id = 'something-else' WHERE id = '${third.id}'`);
      await tx.$executeRawUnsafe(`ALTER TABLE audit_event ENABLE TRIGGER USER`);
    }, { timeout: 30_000, maxWait: 30_000 });
    expect(await verifyAuditChain(db(), org.id)).toMatchObject({ ok: false, seq: "3", id: third.id, problem: expect.stringMatching(/^hash mismatch: stored [0-9a-f]{64} recomputed [0-9a-f]{64}$/) });

    const cli = spawnSync("node_modules/.bin/tsx", ["scripts/dajie.ts", "verify", "--audit", "--org", org.id], { env: process.env, encoding: "utf8", timeout: 60_000 });
    expect(cli.status, cli.stderr).toBe(1);
    expect(cli.stdout).toMatch(new RegExp(`^audit log of organization ${org.id}: event 3 \\(${third.id}\\) fails verification: hash mismatch: stored ${third.hash} recomputed [0-9a-f]{64}\\n$`));
  }, 60_000); // the CLI starts a tsx process and opens the database: 10–25 s on the busy 2-core machine

  it("an event deleted with the triggers off → verify names the next one: seq 3 follows 1", async () => {
    const { org } = await orgWithEvents(3);
    const rows = await chainOf(org.id);
    await ownerDb().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '20s'`);
      await tx.$executeRawUnsafe(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
      await tx.$executeRawUnsafe(`DELETE FROM audit_event WHERE id = '${rows[1]!.id}'`);
      await tx.$executeRawUnsafe(`ALTER TABLE audit_event ENABLE TRIGGER USER`);
    }, { timeout: 30_000, maxWait: 30_000 });
    expect(await verifyAuditChain(db(), org.id)).toEqual({ ok: false, orgId: org.id, seq: "3", id: rows[2]!.id, problem: "seq 3 follows 1: events 2…2 are missing" });
  });
});
