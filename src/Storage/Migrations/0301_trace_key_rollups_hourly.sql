-- Hourly cost per user and per session, for the parts of a range that are not whole rolled-up days: its partial first
-- day and today (CostQueries.TraceKeys.cs). Without them a 30-day attribution grouped up to a day of trace summaries
-- (43,000 at 10 M spans a month), which alone took 60-150 ms. Built on read like the days (0290), once an hour ended
-- over an hour ago, and trusted while ready: a row in trace_key_rollup_hours and none in trace_key_rollup_stale_hours.
-- The triggers of 0290 call trace_key_rollup_mark_stale for every late change; it now marks the change's hour too,
-- under the same day lock the hour's builder takes.
CREATE TABLE IF NOT EXISTS trace_key_rollups_hourly (
    project_id     text            NOT NULL,
    hour           timestamptz     NOT NULL,
    dimension      text            NOT NULL,   -- 'user' or 'session'
    key            text,                       -- null: the traces without one
    cost_usd       numeric(24, 12) NOT NULL,
    requests       bigint          NOT NULL,
    input_tokens   bigint          NOT NULL,
    output_tokens  bigint          NOT NULL
);
CREATE INDEX IF NOT EXISTS trace_key_rollups_hourly_by_hour ON trace_key_rollups_hourly (project_id, dimension, hour);

CREATE TABLE IF NOT EXISTS trace_key_rollup_hours (
    project_id text        NOT NULL,
    hour       timestamptz NOT NULL,
    built_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, hour)
);

CREATE TABLE IF NOT EXISTS trace_key_rollup_stale_hours (
    project_id text        NOT NULL,
    hour       timestamptz NOT NULL,
    marked_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS trace_key_rollup_stale_hours_by_hour ON trace_key_rollup_stale_hours (project_id, hour);

CREATE OR REPLACE FUNCTION trace_key_rollup_mark_stale(p text, t timestamptz) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    d timestamptz := trace_key_rollup_day(t);
    h timestamptz := date_bin('1 hour', t, timestamptz '2000-01-01 00:00:00+00');
BEGIN
    PERFORM pg_advisory_xact_lock_shared(trace_key_rollup_lock(p, d));
    -- A new snapshot after the lock: sees a build that committed while this waited.
    INSERT INTO trace_key_rollup_stale (project_id, day)
    SELECT p, d
    WHERE EXISTS (SELECT 1 FROM trace_key_rollup_days r WHERE r.project_id = p AND r.day = d)
      AND NOT EXISTS (SELECT 1 FROM trace_key_rollup_stale s WHERE s.project_id = p AND s.day = d);
    INSERT INTO trace_key_rollup_stale_hours (project_id, hour)
    SELECT p, h
    WHERE EXISTS (SELECT 1 FROM trace_key_rollup_hours r WHERE r.project_id = p AND r.hour = h)
      AND NOT EXISTS (SELECT 1 FROM trace_key_rollup_stale_hours s WHERE s.project_id = p AND s.hour = h);
END $$;
