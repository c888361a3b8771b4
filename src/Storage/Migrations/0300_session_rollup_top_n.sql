-- Session attribution over many days without grouping every session of the range (CostQueries.SessionTopN.cs).
--
-- A session rarely outlives a day, so nearly every session key has one row in trace_key_rollups_daily. The keys that
-- have rows on more than one day are listed in trace_key_multiday_sessions (a superset: a key is added when a day is
-- built and another day already has a row of it, and never removed). Every other key's cost over the ready days of a
-- range is its single row, so the top sessions are found from each day's most expensive rows (index below), the listed
-- keys, and the traces the rollups do not cover, with a bound that proves no unread key can enter the top.
--
-- Builders of one project take a project-wide advisory lock (pg_advisory_xact_lock, waiting) before a day's lock, so
-- two days built at once cannot both miss the other's copy of a key.
CREATE TABLE IF NOT EXISTS trace_key_multiday_sessions (
    project_id text NOT NULL,
    key        text NOT NULL,
    PRIMARY KEY (project_id, key)
);

-- The cost of every trace of a ready day (the sum of either dimension's rows), so the attribution total needs no grouping.
ALTER TABLE trace_key_rollup_days ADD COLUMN IF NOT EXISTS cost_usd numeric(24, 12);

CREATE INDEX IF NOT EXISTS trace_key_rollups_daily_by_cost ON trace_key_rollups_daily (project_id, dimension, day, cost_usd DESC);
CREATE INDEX IF NOT EXISTS trace_key_rollups_daily_by_key ON trace_key_rollups_daily (project_id, dimension, key);

-- Days built before this migration: their totals and multi-day keys, from their rows.
UPDATE trace_key_rollup_days d SET cost_usd = (
    SELECT coalesce(sum(r.cost_usd), 0) FROM trace_key_rollups_daily r
    WHERE r.project_id = d.project_id AND r.day = d.day AND r.dimension = 'user')
WHERE d.cost_usd IS NULL;

INSERT INTO trace_key_multiday_sessions (project_id, key)
SELECT project_id, key FROM trace_key_rollups_daily
WHERE dimension = 'session' AND key IS NOT NULL
GROUP BY project_id, key HAVING count(*) > 1
ON CONFLICT DO NOTHING;
