-- Hand-written: two imports may want the same new monthly partition at the same time. The second
-- CREATE waits for the first transaction and then fails with "already exists"; the partition is there
-- by then, so that error is ignored (each CREATE runs in its own subtransaction).
CREATE OR REPLACE FUNCTION dajie_ensure_reading_partitions(from_ts timestamptz, to_ts timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz := date_trunc('month', from_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  name text;
BEGIN
  WHILE m < to_ts LOOP
    name := format('reading_y%sm%s', to_char(m AT TIME ZONE 'UTC', 'YYYY'), to_char(m AT TIME ZONE 'UTC', 'MM'));
    IF to_regclass(name) IS NULL THEN
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF reading FOR VALUES FROM (%L) TO (%L)', name, m, m + interval '1 month');
      EXCEPTION WHEN duplicate_table OR unique_violation THEN
        NULL;
      END;
    END IF;
    m := m + interval '1 month';
  END LOOP;
END;
$$;
