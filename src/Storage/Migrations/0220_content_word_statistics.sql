-- Word statistics for full-text search: how often each word occurs in span and log-event content.
--
-- The content indexes of 0202_trace_search.sql are partial, and PostgreSQL takes no statistics from a partial expression
-- index, so it guessed the same 0.5 % for every word: a word in every prompt and a word in none looked alike. Expression
-- statistics (PostgreSQL 14+) give ANALYZE's most-common-word list for exactly the indexed expression, so the estimate
-- tells a common word from a rare one. TraceQueries asks that estimate to pick its search path: a rare or absent word
-- reads its posting list, a common one checks the newest traces one by one. No cost at ingest; ANALYZE reads the sample.
CREATE STATISTICS IF NOT EXISTS spans_content_words
    ON (to_tsvector('simple'::regconfig, coalesce(input, '') || ' ' || coalesce(output, ''))) FROM spans;

CREATE STATISTICS IF NOT EXISTS log_events_content_words
    ON (to_tsvector('simple'::regconfig, coalesce(input_part, '') || ' ' || coalesce(output_part, ''))) FROM log_events;
