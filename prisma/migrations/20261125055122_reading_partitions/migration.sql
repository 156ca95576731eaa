-- Hand-written: the readings table becomes range-partitioned by month on interval_start
-- (docs/adr/0003-readings-table.md). Existing rows are carried over.

ALTER TABLE "reading" RENAME TO "reading_before_partitioning";
ALTER TABLE "reading_before_partitioning" RENAME CONSTRAINT "reading_pkey" TO "reading_before_partitioning_pkey";

CREATE TABLE "reading" (
    "metering_point_id" UUID NOT NULL,
    "interval_start" TIMESTAMPTZ(0) NOT NULL,
    "interval_seconds" INTEGER NOT NULL,
    "energy_mwh" BIGINT NOT NULL,
    "quality" "ReadingQuality" NOT NULL DEFAULT 'MEASURED',
    "batch_id" UUID NOT NULL,
    CONSTRAINT "reading_pkey" PRIMARY KEY ("metering_point_id", "interval_start"),
    CONSTRAINT "reading_energy_nonneg" CHECK ("energy_mwh" >= 0),
    CONSTRAINT "reading_interval" CHECK ("interval_seconds" IN (900, 1800, 3600))
) PARTITION BY RANGE ("interval_start");

-- Creates the monthly partitions (UTC months) that cover [from_ts, to_ts). Idempotent; the importer
-- calls it inside its transaction before COPY, so a rolled-back import leaves no partition behind.
CREATE FUNCTION dajie_ensure_reading_partitions(from_ts timestamptz, to_ts timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz := date_trunc('month', from_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  name text;
BEGIN
  WHILE m < to_ts LOOP
    name := format('reading_y%sm%s', to_char(m AT TIME ZONE 'UTC', 'YYYY'), to_char(m AT TIME ZONE 'UTC', 'MM'));
    IF to_regclass(name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF reading FOR VALUES FROM (%L) TO (%L)', name, m, m + interval '1 month');
    END IF;
    m := m + interval '1 month';
  END LOOP;
END;
$$;

DO $$
DECLARE lo timestamptz; hi timestamptz;
BEGIN
  SELECT min(interval_start), max(interval_start) + interval '1 second' INTO lo, hi FROM reading_before_partitioning;
  IF lo IS NOT NULL THEN
    PERFORM dajie_ensure_reading_partitions(lo, hi);
  END IF;
END $$;

INSERT INTO "reading" SELECT "metering_point_id", "interval_start", "interval_seconds", "energy_mwh", "quality", "batch_id" FROM "reading_before_partitioning";
DROP TABLE "reading_before_partitioning";
