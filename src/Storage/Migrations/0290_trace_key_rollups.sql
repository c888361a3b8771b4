-- Daily cost per user and per session, from the trace summaries (a call belongs to its trace's user and session, and a
-- trace to the UTC day it starts in), so cost attribution by user or session over 30 days reads ~30 days of rows
-- instead of grouping every trace of the range (CostQueries, TraceKeyRollups).
--
-- A day's rows are a cache of the grouping of that day's traces, built on read once the day has ended (an hour of
-- slack), and trusted only while the day is "ready": it has a row in trace_key_rollup_days and none in
-- trace_key_rollup_stale. Any insert, update or delete of a summary that starts more than 30 minutes before its
-- transaction began (a late span, a re-cost, retention on plain PostgreSQL) marks its day stale, so a read groups that
-- day's traces again and rebuilds it. Live ingest writes summaries of the last minutes: the triggers' WHEN clauses skip
-- them without calling anything.
--
-- Exactness against a concurrent writer: the builder takes the day's advisory lock exclusively (without waiting: if it
-- is busy the read groups the traces instead), so its snapshot comes after every writer that marked the day, and a
-- writer that marks it later waits for the build to commit and then marks it stale. Writers only take the lock shared
-- and only insert stale rows, so they never wait on each other.
CREATE TABLE IF NOT EXISTS trace_key_rollups_daily (
    project_id     text            NOT NULL,
    day            timestamptz     NOT NULL,
    dimension      text            NOT NULL,   -- 'user' or 'session'
    key            text,                       -- null: the traces without one
    cost_usd       numeric(24, 12) NOT NULL,
    requests       bigint          NOT NULL,   -- model calls (traces.llm_call_count)
    input_tokens   bigint          NOT NULL,
    output_tokens  bigint          NOT NULL
);
CREATE INDEX IF NOT EXISTS trace_key_rollups_daily_by_day ON trace_key_rollups_daily (project_id, dimension, day);

CREATE TABLE IF NOT EXISTS trace_key_rollup_days (
    project_id text        NOT NULL,
    day        timestamptz NOT NULL,
    built_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, day)
);

CREATE TABLE IF NOT EXISTS trace_key_rollup_stale (
    project_id text        NOT NULL,
    day        timestamptz NOT NULL,
    marked_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS trace_key_rollup_stale_by_day ON trace_key_rollup_stale (project_id, day);

-- The UTC day a summary belongs to, and the advisory lock key of a project's day (the builder uses the same).
CREATE OR REPLACE FUNCTION trace_key_rollup_day(t timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT date_bin('1 day', t, timestamptz '2000-01-01 00:00:00+00') $$;

CREATE OR REPLACE FUNCTION trace_key_rollup_lock(p text, d timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT hashtextextended('trace-key-rollup/' || p || '/' || extract(epoch FROM d)::bigint, 0) $$;

CREATE OR REPLACE FUNCTION trace_key_rollup_mark_stale(p text, t timestamptz) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    d timestamptz := trace_key_rollup_day(t);
BEGIN
    PERFORM pg_advisory_xact_lock_shared(trace_key_rollup_lock(p, d));
    -- A new snapshot after the lock: sees a build that committed while this waited.
    INSERT INTO trace_key_rollup_stale (project_id, day)
    SELECT p, d
    WHERE EXISTS (SELECT 1 FROM trace_key_rollup_days r WHERE r.project_id = p AND r.day = d)
      AND NOT EXISTS (SELECT 1 FROM trace_key_rollup_stale s WHERE s.project_id = p AND s.day = d);
END $$;

CREATE OR REPLACE FUNCTION trace_key_rollups_on_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM trace_key_rollup_mark_stale(NEW.project_id, NEW.start_time);
    END IF;
    IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR trace_key_rollup_day(OLD.start_time) <> trace_key_rollup_day(NEW.start_time)) THEN
        PERFORM trace_key_rollup_mark_stale(OLD.project_id, OLD.start_time);
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS trace_key_rollups_insert ON traces;
CREATE TRIGGER trace_key_rollups_insert AFTER INSERT ON traces FOR EACH ROW
    WHEN (NEW.start_time < now() - interval '30 minutes')
    EXECUTE FUNCTION trace_key_rollups_on_change();

DROP TRIGGER IF EXISTS trace_key_rollups_update ON traces;
CREATE TRIGGER trace_key_rollups_update AFTER UPDATE ON traces FOR EACH ROW
    WHEN ((OLD.start_time < now() - interval '30 minutes' OR NEW.start_time < now() - interval '30 minutes')
          AND (OLD.cost_usd, OLD.llm_call_count, OLD.input_tokens, OLD.output_tokens, OLD.user_id, OLD.session_id, OLD.start_time, OLD.project_id)
              IS DISTINCT FROM
              (NEW.cost_usd, NEW.llm_call_count, NEW.input_tokens, NEW.output_tokens, NEW.user_id, NEW.session_id, NEW.start_time, NEW.project_id))
    EXECUTE FUNCTION trace_key_rollups_on_change();

DROP TRIGGER IF EXISTS trace_key_rollups_delete ON traces;
CREATE TRIGGER trace_key_rollups_delete AFTER DELETE ON traces FOR EACH ROW
    WHEN (OLD.start_time < now() - interval '30 minutes')
    EXECUTE FUNCTION trace_key_rollups_on_change();
