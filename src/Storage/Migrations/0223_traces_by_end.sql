-- Trace summaries newest end first: the session and user lists (newest activity first) walk the range's traces in this
-- order and stop once they have met a page of keys, instead of grouping every trace of the range (ActivityQueries.Walk).
-- One more B-tree entry per trace summary written (not per span).
CREATE INDEX IF NOT EXISTS traces_by_end ON traces (project_id, end_time DESC);
