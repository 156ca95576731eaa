// The migration that introduced the audit chain linked the events written before it. Shown on a
// throwaway cluster: migrate up to the migration before, write events the old way, then migrate on.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { expect, it } from "vitest";
import { startThrowawayPostgres } from "@/scripts/lib/throwaway-postgres";
import { createDb } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import { verifyAuditLog } from "./verify-audit";

const CHAIN_MIGRATION = "20261204210001_audit_chain";

it("7 events written before the chain (orgs A, B, none; out of insert order in time) → chains of 3, 2 and 2 events in created_at order, all verify", async () => {
  const server = await startThrowawayPostgres();
  const dir = mkdtempSync(join(tmpdir(), "dajie-before-chain-"));
  try {
    await server.createDatabase("backfill");
    const url = server.url("backfill");
    for (const m of readdirSync("prisma/migrations")) if (m < CHAIN_MIGRATION && m !== "migration_lock.toml") cpSync(join("prisma/migrations", m), join(dir, m), { recursive: true });
    await migrate(url, dir);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const [a, b] = (await client.query<{ id: string }>(`INSERT INTO organization (id, name, kind) VALUES (gen_random_uuid(), 'A', 'MUNICIPALITY'), (gen_random_uuid(), 'B', 'ESCO') RETURNING id`)).rows.map((r) => r.id);
    // Event i is written i-th but dated 10 - i minutes ago: the newest first.
    const orgOf = [a, b, null, a, b, null, a];
    for (const [i, org] of orgOf.entries()) {
      await client.query(`INSERT INTO audit_event (id, org_id, action, object_type, object_id, after, created_at) VALUES (gen_random_uuid(), $1, 'x', 'y', $2, $3, now() - ($4 || ' minutes')::interval)`, [org, `o${i}`, JSON.stringify({ i, text: "é\nline" }), String(10 - i)]);
    }
    expect(await migrate(url)).toContain(CHAIN_MIGRATION);
    const order = await client.query<{ org: string | null; seq: string; object_id: string }>(`SELECT org_id AS org, seq::text, object_id FROM audit_event WHERE org_id = $1 ORDER BY seq`, [a]);
    expect(order.rows.map((r) => [r.seq, r.object_id])).toEqual([["1", "o0"], ["2", "o3"], ["3", "o6"]]);
    await client.end();
    const db = createDb(url);
    try {
      const results = await verifyAuditLog(db);
      expect(results.map((r) => [r.orgId, r.ok, r.ok ? r.events : r.problem])).toEqual(
        [[null, true, 2], ...[[a, true, 3], [b, true, 2]].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1))],
      );
    } finally {
      await db.$disconnect();
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000); // its own PostgreSQL cluster (initdb, 26 migrations): 5–15 s on the busy 2-core machine
