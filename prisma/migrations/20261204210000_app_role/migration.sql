-- Hand-written: least privilege. Migrations run as the owner of the schema (the role that runs this
-- file); the app, the job queue and the CLI connect as `dajie_app`, which may read and add rows, change
-- or remove rows only where the design does, and owns nothing here: it cannot TRUNCATE, ALTER (so no
-- DISABLE TRIGGER), or set session_replication_role (superuser only). See docs/database-roles.md.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dajie_app') THEN
    BEGIN
      -- NOLOGIN here; `npm run demo`/`npm test` give it a password, an operator does (docs/database-roles.md).
      CREATE ROLE dajie_app NOLOGIN;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'the role dajie_app does not exist and % may not create it: create it first (docs/database-roles.md)', current_user;
    END;
  END IF;
  IF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = 'dajie_app') THEN
    RAISE EXCEPTION 'dajie_app must not be a superuser nor bypass row security';
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO dajie_app;
-- PostgreSQL before 15 lets everyone create in public; nobody but the owner should.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM dajie_app;

-- Everything can be read and added to ...
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO dajie_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO dajie_app;
-- The app reads which migrations are applied, never records one. (The table exists except while a
-- new migration is authored offline.)
DO $$ BEGIN
  IF to_regclass('"_prisma_migrations"') IS NOT NULL THEN REVOKE INSERT ON "_prisma_migrations" FROM dajie_app; END IF;
END $$;

-- ... and changed or removed only where the design changes or removes rows (found by reading the
-- services; a new table that needs it says so in its own migration). Not here, so never changed by
-- the app: audit_event, reading_revision, settlement_run, settlement_run_member, ledger_entry,
-- ledger_checkpoint, run_billing, invoice, checkpoint_cosignature.
GRANT UPDATE, DELETE ON "user", "session", "account", "verification" TO dajie_app; -- better-auth; erasure deletes the user
GRANT UPDATE ON "organization", "org_membership", "community", "member", "erasure_request", "metering_point", "import_batch",
  "api_token", "zonal_price", "settlement_check", "invoice_counter" TO dajie_app;
GRANT UPDATE ON "reading" TO dajie_app; -- corrections (the old value goes to reading_revision)
GRANT UPDATE, DELETE ON "community_esco", "member_personal_data", "invitation", "csv_mapping_preset",
  "member_bank_account", "organization_bank_account" TO dajie_app;
GRANT UPDATE, DELETE ON "sign_in_throttle", "witnessed_log", "community_witness" TO dajie_app; -- lockout counters; witness state
GRANT UPDATE ON "password_reset" TO dajie_app; -- a reset link is marked used
GRANT DELETE ON "market_limit" TO dajie_app; -- a member's limits are replaced as a whole
-- An anchor row changes only in its state while it is pending (the trigger anchor_guard keeps the rest).
GRANT UPDATE ("status", "attempts", "last_error", "receipt", "updated_at", "anchored_at") ON "anchor" TO dajie_app;

-- Monthly reading partitions are created on demand while importing; creating a partition needs the
-- owner of `reading`, so the function runs as its owner, with a fixed search_path.
ALTER FUNCTION dajie_ensure_reading_partitions(timestamptz, timestamptz) SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE ALL ON FUNCTION dajie_ensure_reading_partitions(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dajie_ensure_reading_partitions(timestamptz, timestamptz) TO dajie_app;

-- The app keeps the default TEMP right (imports stage readings in a temporary table), and a session's
-- temporary table shadows a permanent one of the same name. Trigger functions that read tables look
-- in pg_temp last, so no temporary "ledger_entry" can answer for the real one.
ALTER FUNCTION dajie_ledger_chain_check() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION dajie_check_run_balanced() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION dajie_anchor_guard() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION dajie_refuse_change() SET search_path = pg_catalog, public, pg_temp;

-- Tables the owner creates later (new migrations, new reading partitions) can be read and added to.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO dajie_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO dajie_app;
