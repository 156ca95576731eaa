-- AlterTable
ALTER TABLE "metering_point" ADD COLUMN     "meter_id" UUID NOT NULL DEFAULT gen_random_uuid();

-- CreateTable
CREATE TABLE "meter" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "direction" "Direction" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "meter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participation_factor" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "meter_id" UUID NOT NULL,
    "valid_from" DATE NOT NULL,
    "basis_points" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participation_factor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "meter_code_direction_key" ON "meter"("code", "direction");

-- CreateIndex
CREATE INDEX "participation_factor_meter_id_idx" ON "participation_factor"("meter_id");

-- CreateIndex
CREATE UNIQUE INDEX "participation_factor_community_id_meter_id_valid_from_key" ON "participation_factor"("community_id", "meter_id", "valid_from");

-- AddForeignKey
ALTER TABLE "participation_factor" ADD CONSTRAINT "participation_factor_meter_id_fkey" FOREIGN KEY ("meter_id") REFERENCES "meter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (docs/adr/0009-participation-factors-and-shared-meters.md).

-- One meter per code and direction; its id is the id of the first metering_point row of it, so the
-- readings of points never moved keep their key. Readings of later rows (a point moved to another
-- member) move to the meter's id: the old exclusion constraint kept rows of one code and direction
-- apart in time, so no two readings can meet on one key.
INSERT INTO "meter" ("id", "code", "direction", "created_at")
  SELECT DISTINCT ON ("code", "direction") "id", "code", "direction", "created_at"
  FROM "metering_point" ORDER BY "code", "direction", "valid_from", "created_at", "id";
UPDATE "metering_point" mp SET "meter_id" = m."id" FROM "meter" m WHERE m."code" = mp."code" AND m."direction" = mp."direction";
UPDATE "reading" r SET "metering_point_id" = mp."meter_id" FROM "metering_point" mp WHERE r."metering_point_id" = mp."id" AND mp."id" <> mp."meter_id";
UPDATE "reading_revision" r SET "metering_point_id" = mp."meter_id" FROM "metering_point" mp WHERE r."metering_point_id" = mp."id" AND mp."id" <> mp."meter_id";
ALTER TABLE "metering_point" ADD CONSTRAINT "metering_point_meter_id_fkey" FOREIGN KEY ("meter_id") REFERENCES "meter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "metering_point_meter_id_idx" ON "metering_point"("meter_id");

-- Every row names its meter, whoever inserts it (services, seed, tests): found or created from code and direction.
CREATE FUNCTION dajie_metering_point_meter() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  INSERT INTO "meter" ("id", "code", "direction") VALUES (NEW."id", NEW."code", NEW."direction") ON CONFLICT ("code", "direction") DO NOTHING;
  SELECT "id" INTO NEW."meter_id" FROM "meter" WHERE "code" = NEW."code" AND "direction" = NEW."direction";
  RETURN NEW;
END $$;
CREATE TRIGGER "metering_point_meter" BEFORE INSERT OR UPDATE OF "code", "direction" ON "metering_point"
  FOR EACH ROW EXECUTE FUNCTION dajie_metering_point_meter();

-- A meter may now take part in several communities at once; within one community still only once a day.
ALTER TABLE "metering_point" DROP CONSTRAINT "metering_point_no_overlap";
ALTER TABLE "metering_point"
  ADD CONSTRAINT "metering_point_no_overlap"
  EXCLUDE USING gist ("community_id" WITH =, "code" WITH =, "direction" WITH =, daterange("valid_from", "valid_to", '[)') WITH &&);

ALTER TABLE "participation_factor" ADD CONSTRAINT "participation_factor_basis_points" CHECK ("basis_points" BETWEEN 0 AND 10000);

-- The first day on which the shares of a meter over the communities it is assigned in exceed 100 %
-- (a community without a factor version in force counts 100 %). The sum only rises where an
-- assignment or a factor version starts, so those days are the ones to look at.
CREATE FUNCTION dajie_meter_factor_excess(m uuid) RETURNS TABLE ("day" date, "total_bp" bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  WITH a AS (SELECT "community_id", "valid_from", "valid_to" FROM "metering_point" WHERE "meter_id" = m),
  d AS (SELECT "valid_from" AS "day" FROM a UNION SELECT "valid_from" FROM "participation_factor" WHERE "meter_id" = m),
  s AS (
    SELECT d."day", sum(coalesce((SELECT f."basis_points" FROM "participation_factor" f
                                  WHERE f."meter_id" = m AND f."community_id" = a."community_id" AND f."valid_from" <= d."day"
                                  ORDER BY f."valid_from" DESC LIMIT 1), 10000))::bigint AS "total_bp"
    FROM d JOIN a ON a."valid_from" <= d."day" AND (a."valid_to" IS NULL OR d."day" < a."valid_to")
    GROUP BY d."day")
  SELECT "day", "total_bp" FROM s WHERE "total_bp" > 10000 ORDER BY "day" LIMIT 1
$$;

-- The backstop at commit (the services check first, under the same lock, with a clear message).
-- The lock serialises concurrent changes of one meter, so two transactions cannot each add 60 %.
CREATE FUNCTION dajie_meter_factor_check() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  m uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."meter_id" ELSE NEW."meter_id" END;
  x record;
BEGIN
  PERFORM pg_advisory_xact_lock(16016, hashtext(m::text));
  SELECT * INTO x FROM dajie_meter_factor_excess(m);
  IF FOUND THEN
    RAISE EXCEPTION 'the participation factors of meter % sum to % basis points on %, more than 100 %%', m, x."total_bp", x."day" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "metering_point_factor_check" AFTER INSERT OR UPDATE ON "metering_point"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dajie_meter_factor_check();
CREATE CONSTRAINT TRIGGER "participation_factor_check" AFTER INSERT OR UPDATE OR DELETE ON "participation_factor"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dajie_meter_factor_check();

-- A version set again for the same day changes its share; versions are never removed.
GRANT UPDATE ("basis_points") ON "participation_factor" TO dajie_app;
