-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN     "hash" BYTEA,
ADD COLUMN     "prev_hash" BYTEA,
ADD COLUMN     "seq" BIGINT;

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_org_id_seq_key" ON "audit_event"("org_id", "seq");

-- Hand-written: the audit log is hash-chained like the ledger (docs/audit-log.md). Each organization's
-- events form one chain (seq 1, 2, …; prev_hash = the previous event's hash, 32 zero bytes for the
-- first); events without an organization form one chain of their own. The trigger below computes the
-- links on insert and refuses an event that brings links that do not chain; `dajie verify --audit`
-- recomputes every hash independently.

-- The unique index above treats NULLs as distinct; this one keeps the chain without an organization unique.
CREATE UNIQUE INDEX "audit_event_no_org_seq_key" ON "audit_event" ("seq") WHERE "org_id" IS NULL;

-- One field of the canonical bytes: "-" for NULL, else its length in UTF-8 bytes, ":", the text; then "\n".
CREATE FUNCTION dajie_audit_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(convert_to(v, 'UTF8'))::text || ':' || v END || E'\n'
$$;

-- SHA-256 of the event's canonical bytes (format "dajie-audit/1", docs/audit-log.md). JSON fields are
-- given as PostgreSQL's text form of the stored jsonb (keys ordered, one form per value).
CREATE FUNCTION dajie_audit_hash(seq bigint, prev_hash bytea, id uuid, org_id uuid, community_id uuid, actor_user_id text, action text,
                                 object_type text, object_id text, created_at timestamptz, request_id text, before jsonb, after jsonb)
RETURNS bytea LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT sha256(convert_to(
    E'dajie-audit/1\n' ||
    dajie_audit_field(seq::text) || dajie_audit_field(encode(prev_hash, 'hex')) || dajie_audit_field(id::text) ||
    dajie_audit_field(org_id::text) || dajie_audit_field(community_id::text) || dajie_audit_field(actor_user_id) ||
    dajie_audit_field(action) || dajie_audit_field(object_type) || dajie_audit_field(object_id) ||
    dajie_audit_field(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ||
    dajie_audit_field(request_id) || dajie_audit_field(before::text) || dajie_audit_field(after::text), 'UTF8'))
$$;

-- Existing events, in the order they were written, chained once. The append-only trigger is off for
-- this one statement only.
ALTER TABLE "audit_event" DISABLE TRIGGER "audit_event_append_only";
DO $$
DECLARE
  r record;
  chain uuid;
  started boolean := false;
  n bigint := 0;
  prev bytea;
BEGIN
  FOR r IN SELECT * FROM "audit_event" ORDER BY "org_id" NULLS FIRST, "created_at", "id" LOOP
    IF NOT started OR r.org_id IS DISTINCT FROM chain THEN
      started := true;
      chain := r.org_id;
      n := 0;
      prev := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;
    n := n + 1;
    UPDATE "audit_event"
       SET "seq" = n, "prev_hash" = prev,
           "hash" = dajie_audit_hash(n, prev, r.id, r.org_id, r.community_id, r.actor_user_id, r.action, r.object_type, r.object_id, r.created_at, r.request_id, r.before, r.after)
     WHERE "id" = r.id
     RETURNING "hash" INTO prev;
  END LOOP;
END
$$;
ALTER TABLE "audit_event" ENABLE TRIGGER "audit_event_append_only";

ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_chained" CHECK ("seq" IS NOT NULL AND "seq" >= 1 AND octet_length("prev_hash") = 32 AND octet_length("hash") = 32);

-- Every new event is appended to its chain: one writer per chain at a time (an advisory lock held to
-- the end of the transaction; the unique indexes catch anything that gets past it), links computed here.
-- The search_path names pg_temp last: a session's temporary table called audit_event cannot stand in
-- for the real one.
CREATE FUNCTION dajie_audit_chain() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  last_seq bigint;
  last_hash bytea;
  computed bytea;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('dajie-audit:' || coalesce(NEW.org_id::text, '-'), 0));
  IF NEW.org_id IS NULL THEN
    SELECT "seq", "hash" INTO last_seq, last_hash FROM "audit_event" WHERE "org_id" IS NULL ORDER BY "seq" DESC LIMIT 1;
  ELSE
    SELECT "seq", "hash" INTO last_seq, last_hash FROM "audit_event" WHERE "org_id" = NEW.org_id ORDER BY "seq" DESC LIMIT 1;
  END IF;
  IF last_seq IS NULL THEN
    last_seq := 0;
    last_hash := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
  END IF;
  IF NEW.seq IS NOT NULL AND NEW.seq <> last_seq + 1 THEN
    RAISE EXCEPTION 'audit event % does not chain: seq % given, % expected', NEW.id, NEW.seq, last_seq + 1;
  END IF;
  IF NEW.prev_hash IS NOT NULL AND NEW.prev_hash <> last_hash THEN
    RAISE EXCEPTION 'audit event % does not chain: prev_hash is not the hash of event %', NEW.id, last_seq;
  END IF;
  NEW.seq := last_seq + 1;
  NEW.prev_hash := last_hash;
  computed := dajie_audit_hash(NEW.seq, NEW.prev_hash, NEW.id, NEW.org_id, NEW.community_id, NEW.actor_user_id, NEW.action, NEW.object_type,
                               NEW.object_id, NEW.created_at, NEW.request_id, NEW.before, NEW.after);
  IF NEW.hash IS NOT NULL AND NEW.hash <> computed THEN
    RAISE EXCEPTION 'audit event % does not chain: its hash is not the hash of its contents', NEW.id;
  END IF;
  NEW.hash := computed;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "audit_event_chain" BEFORE INSERT ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION dajie_audit_chain();
