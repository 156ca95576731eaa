-- Hand-written: guarantees Prisma's schema language cannot express.

-- A metering point id and direction may be valid only once on any day (validity is [valid_from, valid_to)).
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE "metering_point"
  ADD CONSTRAINT "metering_point_no_overlap"
  EXCLUDE USING gist ("code" WITH =, "direction" WITH =, daterange("valid_from", "valid_to", '[)') WITH &&);
ALTER TABLE "metering_point" ADD CONSTRAINT "metering_point_valid_range" CHECK ("valid_to" IS NULL OR "valid_to" > "valid_from");
ALTER TABLE "metering_point" ADD CONSTRAINT "metering_point_capacity_nonneg" CHECK ("capacity_kw" >= 0);

ALTER TABLE "member" ADD CONSTRAINT "member_left_after_joined" CHECK ("left_on" IS NULL OR "left_on" > "joined_on");

ALTER TABLE "community" ADD CONSTRAINT "community_interval" CHECK ("interval_minutes" IN (15, 30, 60));
ALTER TABLE "community" ADD CONSTRAINT "community_privacy_threshold" CHECK ("privacy_threshold" >= 2);
ALTER TABLE "community" ADD CONSTRAINT "community_price_nonneg" CHECK ("price_eur_per_kwh" >= 0);
ALTER TABLE "community" ADD CONSTRAINT "community_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');

-- An invitation points at exactly what it invites to.
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_target" CHECK (
  ("kind" = 'RESIDENT' AND "member_id" IS NOT NULL AND "org_id" IS NULL) OR
  ("kind" = 'ORG_USER' AND "org_id" IS NOT NULL AND "role" IS NOT NULL AND "member_id" IS NULL)
);

-- The audit log is append-only: history that can be edited is not history.
CREATE FUNCTION dajie_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION dajie_refuse_change();
CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION dajie_refuse_change();

-- Energy is never negative in a reading; direction says which way it flowed.
ALTER TABLE "reading" ADD CONSTRAINT "reading_energy_nonneg" CHECK ("energy_mwh" >= 0);
ALTER TABLE "reading" ADD CONSTRAINT "reading_interval" CHECK ("interval_seconds" IN (900, 1800, 3600));
