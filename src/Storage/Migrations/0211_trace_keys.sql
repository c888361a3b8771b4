-- Trace summaries on their time column. `traces` is keyed by (project_id, trace_id, start_time) so that TimescaleDB can
-- partition it by start_time, and a narrow plain table, `trace_keys`, keeps what a hypertable cannot: one row per
-- (project_id, trace_id), which every writer of a summary inserts or locks first. It arbitrates concurrent writers of one
-- trace (the second waits for the first and rebuilds from all stored spans), tells the span writer in one index probe
-- whether a trace had spans before, and remembers the summary's start_time: when an earlier span arrives, the writer
-- deletes the row at the old start_time and inserts it at the new one (TimescaleDB cannot move a row between chunks).
-- The same tables and the same writer run on plain PostgreSQL.
CREATE TABLE trace_keys (
    project_id  text        NOT NULL,
    trace_id    text        NOT NULL,
    -- The summary's start_time: the earliest span start ever stored for the trace ('-infinity' until the first summary).
    start_time  timestamptz NOT NULL,
    PRIMARY KEY (project_id, trace_id)
);

INSERT INTO trace_keys (project_id, trace_id, start_time) SELECT project_id, trace_id, start_time FROM traces;

ALTER TABLE traces DROP CONSTRAINT traces_pkey, ADD PRIMARY KEY (project_id, trace_id, start_time);

-- Chunks of 7 days: a summary row is about 1/5 the count of spans, so a week of them is about a day of spans in size;
-- a lookup by trace id alone (the trace view, the live matcher) probes each chunk's index, and 7-day chunks keep that to
-- five or six probes under the default 30-day retention (1-day chunks would make it 30). Retention drops whole weeks.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RETURN;
    END IF;

    PERFORM create_hypertable('traces', by_range('start_time', INTERVAL '7 days'), migrate_data => true);
    ALTER TABLE traces SET (timescaledb.compress, timescaledb.compress_segmentby = 'project_id',
                            timescaledb.compress_orderby = 'start_time DESC');
    PERFORM add_retention_policy('traces', INTERVAL '30 days', if_not_exists => true);
END
$$;
