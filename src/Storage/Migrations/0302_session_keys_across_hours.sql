-- The session top-N (0300) also trusts the hourly rollups (0301): a key with an hourly row and a row of a day other than
-- that hour's day is listed in trace_key_multiday_sessions, so an unlisted key of the hours outside the ready days has
-- no ready-day row, and its total is its hours' and raw traces' sum. Day and hour builders both check the other table
-- (under the project's builder lock); this index serves the hour side, and the rows built before it are listed here.
CREATE INDEX IF NOT EXISTS trace_key_rollups_hourly_by_key ON trace_key_rollups_hourly (project_id, dimension, key);

INSERT INTO trace_key_multiday_sessions (project_id, key)
SELECT DISTINCT h.project_id, h.key
FROM trace_key_rollups_hourly h
JOIN trace_key_rollups_daily d ON d.project_id = h.project_id AND d.dimension = 'session' AND d.key = h.key
                              AND d.day <> trace_key_rollup_day(h.hour)
WHERE h.dimension = 'session' AND h.key IS NOT NULL
ON CONFLICT DO NOTHING;
