-- CreateTable
CREATE TABLE "daily_energy" (
    "community_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "member_id" UUID NOT NULL,
    "consumption_mwh" BIGINT,
    "injection_mwh" BIGINT,
    "shared_mwh" BIGINT NOT NULL,

    CONSTRAINT "daily_energy_pkey" PRIMARY KEY ("community_id","day","member_id")
);

-- CreateTable
CREATE TABLE "daily_energy_dirty" (
    "id" BIGSERIAL NOT NULL,
    "community_id" UUID NOT NULL,
    "from_day" DATE,
    "to_day" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "daily_energy_dirty_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "daily_energy_dirty_community_id_idx" ON "daily_energy_dirty"("community_id");

-- The app recomputes marked days: it replaces a range's rows and removes the marks it consumed.
GRANT DELETE ON "daily_energy", "daily_energy_dirty" TO dajie_app;

-- The reference figures depend on members' dates, points' validity and meters, and participation
-- factors: a change marks its community's days from the earliest date it touches onwards.
CREATE FUNCTION dajie_daily_energy_mark_days(community uuid, from_day date) RETURNS void LANGUAGE sql SET search_path = pg_catalog, public, pg_temp AS $$
  INSERT INTO daily_energy_dirty (community_id, from_day) VALUES (community, from_day)
$$;

CREATE FUNCTION dajie_daily_energy_mark() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  d date;
BEGIN
  -- (PL/pgSQL resolves NEW.field at run time: each table's fields only in its own branch.)
  IF TG_OP = 'INSERT' AND TG_TABLE_NAME = 'member' THEN
    PERFORM dajie_daily_energy_mark_days(NEW.community_id, NEW.joined_on);
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM dajie_daily_energy_mark_days(NEW.community_id, NEW.valid_from);
  ELSIF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'member' THEN
    PERFORM dajie_daily_energy_mark_days(OLD.community_id, OLD.joined_on);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dajie_daily_energy_mark_days(OLD.community_id, OLD.valid_from);
  ELSIF TG_TABLE_NAME = 'member' THEN
    IF OLD.community_id IS DISTINCT FROM NEW.community_id THEN
      PERFORM dajie_daily_energy_mark_days(OLD.community_id, OLD.joined_on);
      PERFORM dajie_daily_energy_mark_days(NEW.community_id, NEW.joined_on);
    ELSE
      -- From the earliest date that changed (a left_on set or cleared counts from that date).
      d := least(CASE WHEN OLD.joined_on <> NEW.joined_on THEN least(OLD.joined_on, NEW.joined_on) END,
                 CASE WHEN OLD.left_on IS DISTINCT FROM NEW.left_on THEN least(OLD.left_on, NEW.left_on) END);
      IF d IS NOT NULL THEN PERFORM dajie_daily_energy_mark_days(NEW.community_id, d); END IF;
    END IF;
  ELSIF TG_TABLE_NAME = 'metering_point' THEN
    IF (OLD.community_id, OLD.member_id, OLD.meter_id, OLD.code, OLD.direction) IS DISTINCT FROM (NEW.community_id, NEW.member_id, NEW.meter_id, NEW.code, NEW.direction) THEN
      PERFORM dajie_daily_energy_mark_days(OLD.community_id, OLD.valid_from);
      PERFORM dajie_daily_energy_mark_days(NEW.community_id, NEW.valid_from);
    ELSE
      d := least(CASE WHEN OLD.valid_from <> NEW.valid_from THEN least(OLD.valid_from, NEW.valid_from) END,
                 CASE WHEN OLD.valid_to IS DISTINCT FROM NEW.valid_to THEN least(OLD.valid_to, NEW.valid_to) END);
      IF d IS NOT NULL THEN PERFORM dajie_daily_energy_mark_days(NEW.community_id, d); END IF;
    END IF;
  ELSE -- participation_factor
    PERFORM dajie_daily_energy_mark_days(OLD.community_id, least(OLD.valid_from, NEW.valid_from));
    IF OLD.community_id <> NEW.community_id THEN PERFORM dajie_daily_energy_mark_days(NEW.community_id, least(OLD.valid_from, NEW.valid_from)); END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "member_daily_energy" AFTER INSERT OR DELETE OR UPDATE OF "community_id", "joined_on", "left_on" ON "member"
  FOR EACH ROW EXECUTE FUNCTION dajie_daily_energy_mark();
CREATE TRIGGER "metering_point_daily_energy" AFTER INSERT OR DELETE OR UPDATE OF "community_id", "member_id", "meter_id", "code", "direction", "valid_from", "valid_to" ON "metering_point"
  FOR EACH ROW EXECUTE FUNCTION dajie_daily_energy_mark();
CREATE TRIGGER "participation_factor_daily_energy" AFTER INSERT OR DELETE OR UPDATE ON "participation_factor"
  FOR EACH ROW EXECUTE FUNCTION dajie_daily_energy_mark();

-- Existing data: every community is computed whole on its first read.
INSERT INTO daily_energy_dirty (community_id) SELECT id FROM community;
