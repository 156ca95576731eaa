-- Hand-written: a run's entries balance to zero and fill exactly the run's sequence range, checked by
-- the database when the transaction commits (the checkpoint is the last row a run writes).
CREATE FUNCTION dajie_check_run_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total numeric;
  n bigint;
  lo bigint;
  hi bigint;
  r settlement_run%ROWTYPE;
BEGIN
  SELECT * INTO r FROM settlement_run WHERE id = NEW.run_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'checkpoint for unknown run %', NEW.run_id;
  END IF;
  SELECT coalesce(sum(amount_cents), 0), count(*), min(seq), max(seq) INTO total, n, lo, hi
    FROM ledger_entry WHERE run_id = NEW.run_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'entries of run % do not balance: they sum to % cents', NEW.run_id, total;
  END IF;
  IF n = 0 OR lo <> r.first_seq OR hi <> r.last_seq OR n <> hi - lo + 1 OR NEW.tree_size <> r.last_seq THEN
    RAISE EXCEPTION 'entries of run % do not fill its range % – %', NEW.run_id, r.first_seq, r.last_seq;
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER "ledger_checkpoint_run_balanced" AFTER INSERT ON "ledger_checkpoint"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dajie_check_run_balanced();
