-- TimescaleDB underneath, when the server has it: hypertables, compression settings and default retention policies.
-- On plain PostgreSQL this script only creates the helper function below and leaves every table as it is; the silo's
-- retention enforcer (Storage/Retention) then deletes old rows in batches instead, and on TimescaleDB it keeps the
-- policies below in step with the configured retention.
--
-- The test is the preload list, not pg_available_extensions: CREATE EXTENSION timescaledb fails unless the library is
-- preloaded. A database migrated on plain PostgreSQL stays plain when the server gains TimescaleDB later.
--
-- Chunk intervals (one chunk is what retention drops and compression packs at once):
--   spans, log_events: 1 day. At ~1M spans a day a chunk and its indexes are ~1-2 GB, which fits in memory with room
--     for the indexes of the chunk being written; retention then drops whole days.
--   model_rollups (minute): 7 days; model_rollups_hourly: 30 days; model_rollups_daily: 1 year. A series writes 1440
--     minute rows a day, so these keep chunks small but few (400 days of minutes is ~60 chunks, not 400).
-- traces becomes a hypertable in 0211_trace_keys.sql, once a narrow plain table (trace_keys) holds what a hypertable
-- cannot enforce: one row per (project_id, trace_id).

-- log_events is partitioned on its integer time (Unix nanoseconds): the policies need to know "now" in that unit.
CREATE OR REPLACE FUNCTION observatory_unix_nano_now() RETURNS bigint
    LANGUAGE sql STABLE AS $$ SELECT (extract(epoch FROM now()) * 1000000000)::bigint $$;

DO $$
BEGIN
    IF position('timescaledb' IN current_setting('shared_preload_libraries')) = 0 THEN
        RAISE NOTICE 'TimescaleDB is not preloaded: tables stay plain PostgreSQL tables';
        RETURN;
    END IF;

    CREATE EXTENSION IF NOT EXISTS timescaledb;

    -- A hypertable's unique indexes must include its time column. A retried export carries the same start time (and a
    -- log record the same time, which its record_hash covers too), so ON CONFLICT DO NOTHING still drops exact resends.
    ALTER TABLE spans DROP CONSTRAINT spans_pkey, ADD PRIMARY KEY (project_id, trace_id, span_id, start_time);
    ALTER TABLE log_events DROP CONSTRAINT log_events_pkey,
        ADD PRIMARY KEY (project_id, trace_id, span_id, record_hash, time_unix_nano);

    PERFORM create_hypertable('spans', by_range('start_time', INTERVAL '1 day'), migrate_data => true);
    PERFORM create_hypertable('log_events', by_range('time_unix_nano', 86400000000000::bigint), migrate_data => true);
    PERFORM set_integer_now_func('log_events', 'observatory_unix_nano_now');
    PERFORM create_hypertable('model_rollups', by_range('bucket_start', INTERVAL '7 days'), migrate_data => true);
    PERFORM create_hypertable('model_rollups_hourly', by_range('bucket_start', INTERVAL '30 days'), migrate_data => true);
    PERFORM create_hypertable('model_rollups_daily', by_range('bucket_start', INTERVAL '365 days'), migrate_data => true);

    -- Compression settings: one segment per project (every query filters on it), newest first inside it (every list
    -- pages newest first). No compression policy here: lookups by trace id (the span writer's probe, trace summary
    -- rebuilds, the trace view) and full-text search cannot use indexes inside compressed chunks, and measured at 1M
    -- spans they slow by orders of magnitude (bench/README.md). The silo adds policies when Retention:CompressAfter is
    -- set; compress_chunk() works on these tables at any time. The hourly and daily rollups are too small to compress.
    ALTER TABLE spans SET (timescaledb.compress, timescaledb.compress_segmentby = 'project_id',
                           timescaledb.compress_orderby = 'start_time DESC');
    ALTER TABLE log_events SET (timescaledb.compress, timescaledb.compress_segmentby = 'project_id',
                                timescaledb.compress_orderby = 'time_unix_nano DESC');
    ALTER TABLE model_rollups SET (timescaledb.compress, timescaledb.compress_segmentby = 'project_id',
                                   timescaledb.compress_orderby = 'bucket_start DESC');

    -- Default retention (Retention:* settings); the silo's retention enforcer replaces these when configured otherwise.
    PERFORM add_retention_policy('spans', INTERVAL '30 days', if_not_exists => true);
    PERFORM add_retention_policy('log_events', 30 * 86400000000000::bigint, if_not_exists => true);
    PERFORM add_retention_policy('model_rollups', INTERVAL '400 days', if_not_exists => true);
    PERFORM add_retention_policy('model_rollups_hourly', INTERVAL '400 days', if_not_exists => true);
    PERFORM add_retention_policy('model_rollups_daily', INTERVAL '400 days', if_not_exists => true);
END
$$;
