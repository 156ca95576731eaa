-- Hand-written: the ledger's guarantees live in the database, not only in the application.

-- Settlement results and the journal are append-only. A correction is a new run whose entries
-- reverse the old ones; nothing is updated or deleted in place (dajie_refuse_change is in the
-- constraints migration).
CREATE TRIGGER "settlement_run_append_only" BEFORE UPDATE OR DELETE ON "settlement_run"
  FOR EACH ROW EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "settlement_run_no_truncate" BEFORE TRUNCATE ON "settlement_run"
  FOR EACH STATEMENT EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "settlement_run_member_append_only" BEFORE UPDATE OR DELETE ON "settlement_run_member"
  FOR EACH ROW EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "settlement_run_member_no_truncate" BEFORE TRUNCATE ON "settlement_run_member"
  FOR EACH STATEMENT EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "ledger_entry_append_only" BEFORE UPDATE OR DELETE ON "ledger_entry"
  FOR EACH ROW EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "ledger_entry_no_truncate" BEFORE TRUNCATE ON "ledger_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "ledger_checkpoint_append_only" BEFORE UPDATE OR DELETE ON "ledger_checkpoint"
  FOR EACH ROW EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "ledger_checkpoint_no_truncate" BEFORE TRUNCATE ON "ledger_checkpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION dajie_refuse_change();

ALTER TABLE "settlement_run" ADD CONSTRAINT "settlement_run_period" CHECK ("period_end" > "period_start");
ALTER TABLE "settlement_run" ADD CONSTRAINT "settlement_run_version" CHECK ("version" >= 1 AND (("version" = 1) = ("corrects_id" IS NULL)));
ALTER TABLE "settlement_run" ADD CONSTRAINT "settlement_run_seq_range" CHECK ("first_seq" >= 1 AND "last_seq" >= "first_seq" AND "checkpoint_size" = "last_seq");
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_seq" CHECK ("seq" >= 1);
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_hash_size" CHECK (octet_length("hash") = 32 AND octet_length("prev_hash") = 32);
ALTER TABLE "ledger_checkpoint" ADD CONSTRAINT "ledger_checkpoint_root_size" CHECK (octet_length("root") = 32);
ALTER TABLE "community" ADD CONSTRAINT "community_settlement_grace" CHECK ("settlement_grace_days" BETWEEN 0 AND 60);

-- Every entry follows the one before it: seq n + 1 exists only after seq n and carries its hash.
-- (Insert order within a run is seq order; the run's postings are written in one statement.)
CREATE FUNCTION dajie_ledger_chain_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev bytea;
BEGIN
  IF NEW.seq = 1 THEN
    IF NEW.prev_hash <> '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea THEN
      RAISE EXCEPTION 'ledger entry 1 of community % must chain to 32 zero bytes', NEW.community_id;
    END IF;
    RETURN NEW;
  END IF;
  SELECT hash INTO prev FROM ledger_entry WHERE community_id = NEW.community_id AND seq = NEW.seq - 1;
  IF prev IS NULL THEN
    RAISE EXCEPTION 'ledger entry % of community % has no predecessor', NEW.seq, NEW.community_id;
  END IF;
  IF prev <> NEW.prev_hash THEN
    RAISE EXCEPTION 'ledger entry % of community % does not chain to entry %', NEW.seq, NEW.community_id, NEW.seq - 1;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "ledger_entry_chain" BEFORE INSERT ON "ledger_entry"
  FOR EACH ROW EXECUTE FUNCTION dajie_ledger_chain_check();
