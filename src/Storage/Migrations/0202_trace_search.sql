-- Trace search: full-text search over prompts and completions.
--
-- Expression indexes rather than stored tsvector columns: the span and log-event writers move rows with
-- `INSERT INTO … SELECT * FROM incoming_…` from staging tables made with `LIKE … INCLUDING DEFAULTS`, and a generated
-- column would make that insert fail. TraceFilterSql repeats these exact expressions (and the partial-index predicates)
-- so the planner can use them; change both together.
--
-- 'simple' configuration: lower-cased words, no stemming and no stop words, so it behaves the same for every language
-- and finds identifiers and code. Content is capped at 32 KiB per side at ingest, far below tsvector's 1 MiB limit.
--
-- Ingest cost: one to_tsvector and GIN insertion per row *with content* only (the partial predicate skips the rest);
-- GIN's pending list (fastupdate, on by default) batches the inserts. There is deliberately no GIN index on
-- spans.attributes: attribute equality is an EXISTS that probes the spans primary key (project_id, trace_id) of each
-- candidate trace, which keeps every span's attributes out of an index that every ingested span would pay for.
CREATE INDEX spans_content_fts ON spans
    USING gin (to_tsvector('simple'::regconfig, coalesce(input, '') || ' ' || coalesce(output, '')))
    WHERE input IS NOT NULL OR output IS NOT NULL;

CREATE INDEX log_events_content_fts ON log_events
    USING gin (to_tsvector('simple'::regconfig, coalesce(input_part, '') || ' ' || coalesce(output_part, '')))
    WHERE input_part IS NOT NULL OR output_part IS NOT NULL;
