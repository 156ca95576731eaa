-- Hand-written: anchors are append-only in the way that matters. A row is written PENDING, may be
-- updated while it is not anchored (attempts, last error), and once ANCHORED its receipt never
-- changes. No row is deleted, and what a row anchors (community, tree size, sink, statement) is fixed.
CREATE FUNCTION dajie_anchor_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'anchor rows are never deleted';
  END IF;
  IF OLD.status = 'ANCHORED' THEN
    RAISE EXCEPTION 'anchor % is anchored: its receipt never changes', OLD.id;
  END IF;
  IF NEW.community_id <> OLD.community_id OR NEW.tree_size <> OLD.tree_size OR NEW.sink <> OLD.sink OR NEW.statement <> OLD.statement OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'anchor %: what is anchored never changes', OLD.id;
  END IF;
  IF NEW.attempts < OLD.attempts THEN
    RAISE EXCEPTION 'anchor %: attempts only grow', OLD.id;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "anchor_guard" BEFORE UPDATE OR DELETE ON "anchor"
  FOR EACH ROW EXECUTE FUNCTION dajie_anchor_guard();
CREATE TRIGGER "anchor_no_truncate" BEFORE TRUNCATE ON "anchor"
  FOR EACH STATEMENT EXECUTE FUNCTION dajie_refuse_change();

ALTER TABLE "anchor" ADD CONSTRAINT "anchor_sink" CHECK ("sink" IN ('tsa', 'evm', 'feed'));
ALTER TABLE "anchor" ADD CONSTRAINT "anchor_attempts" CHECK ("attempts" >= 0);
-- An anchored row has its receipt and time; a row without them is not anchored.
ALTER TABLE "anchor" ADD CONSTRAINT "anchor_receipt" CHECK (("status" = 'ANCHORED') = ("receipt" IS NOT NULL AND "anchored_at" IS NOT NULL));
