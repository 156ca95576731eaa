// The app connects as dajie_app (DATABASE_URL): it may read and add, change and remove only where the
// design does, and nothing that would let it rewrite history unseen. docs/database-roles.md
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { APP_ROLE } from "./roles";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL!, max: 2 });
afterAll(() => pool.end());

/** Runs `sql` as the app in a transaction that is always rolled back; the error, or null. */
async function attempt(sql: string): Promise<{ code?: string; message: string } | null> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(sql);
    return null;
  } catch (e) {
    return e as { code?: string; message: string };
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

const HISTORY = ["audit_event", "ledger_entry", "ledger_checkpoint", "settlement_run", "settlement_run_member", "invoice", "run_billing", "reading_revision"];

describe("the app's database role", () => {
  it("the tests (like the app) connect as dajie_app, which is no superuser and owns no table", async () => {
    const { rows } = await pool.query<{ who: string; su: boolean; owned: string }>(
      `SELECT current_user AS who, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su,
              (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user)::text AS owned`,
    );
    expect(rows[0]).toEqual({ who: APP_ROLE, su: false, owned: "0" });
  });

  // 42501 = insufficient_privilege
  it.each([
    ["TRUNCATE audit_event", /permission denied for table audit_event/],
    ["TRUNCATE ledger_entry", /permission denied for table ledger_entry/],
    ["TRUNCATE member", /permission denied for table member/],
    ["ALTER TABLE ledger_entry DISABLE TRIGGER USER", /must be owner of table ledger_entry/],
    ["ALTER TABLE audit_event DISABLE TRIGGER ALL", /must be owner of table audit_event/],
    ["SET session_replication_role = replica", /permission denied to set parameter "session_replication_role"/],
    ["UPDATE ledger_entry SET amount_cents = amount_cents + 1", /permission denied for table ledger_entry/],
    ["DELETE FROM ledger_entry", /permission denied for table ledger_entry/],
    ["UPDATE audit_event SET action = 'x'", /permission denied for table audit_event/],
    ["DELETE FROM audit_event", /permission denied for table audit_event/],
    ["UPDATE anchor SET statement = 'forged'", /permission denied for table anchor/],
    ["CREATE TABLE public.shadow (x int)", /permission denied for schema public/],
    ["CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'", /permission denied for schema public/],
    ["DROP TABLE audit_event", /must be owner of table audit_event/],
  ])("%s → refused (%s)", async (sql, message) => {
    const err = await attempt(sql);
    expect(err?.code).toBe("42501");
    expect(err?.message).toMatch(message);
  });

  it(`history tables (${HISTORY.join(", ")}): SELECT and INSERT, never UPDATE, DELETE or TRUNCATE`, async () => {
    const { rows } = await pool.query<{ t: string; s: boolean; i: boolean; u: boolean; d: boolean; tr: boolean }>(
      `SELECT t, has_table_privilege(t, 'SELECT') AS s, has_table_privilege(t, 'INSERT') AS i, has_table_privilege(t, 'UPDATE') AS u,
              has_table_privilege(t, 'DELETE') AS d, has_table_privilege(t, 'TRUNCATE') AS tr FROM unnest($1::text[]) AS t`,
      [HISTORY],
    );
    expect(rows).toEqual(HISTORY.map((t) => ({ t, s: true, i: true, u: false, d: false, tr: false })));
  });

  it("no table in the schema can be truncated, altered or given triggers by the app", async () => {
    const { rows } = await pool.query<{ t: string }>(
      `SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND (has_table_privilege(c.oid, 'TRUNCATE') OR has_table_privilege(c.oid, 'TRIGGER') OR pg_has_role(c.relowner, 'USAGE'))`,
    );
    expect(rows).toEqual([]);
  });

  it("trigger functions that read tables look in pg_temp last: a temporary table cannot stand in for ledger_entry or audit_event", async () => {
    const { rows } = await pool.query<{ fn: string; config: string[] | null }>(
      `SELECT p.proname AS fn, p.proconfig AS config FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proname = ANY($1::text[]) ORDER BY 1`,
      [["dajie_anchor_guard", "dajie_audit_chain", "dajie_audit_hash", "dajie_check_run_balanced", "dajie_ledger_chain_check", "dajie_refuse_change"]],
    );
    expect(rows.map((r) => [r.fn, r.config])).toEqual(
      ["dajie_anchor_guard", "dajie_audit_chain", "dajie_audit_hash", "dajie_check_run_balanced", "dajie_ledger_chain_check", "dajie_refuse_change"].map((fn) => [fn, ["search_path=pg_catalog, public, pg_temp"]]),
    );
  });
});

