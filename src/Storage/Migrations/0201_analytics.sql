-- Analytics: sessions and users are read from the trace summaries (a call belongs to its trace's user and session,
-- since identity usually sits on the root span, not on the LLM span). Partial indexes on traces, not spans: traces
-- are written in batches by TraceGrain, one row per trace, so they cost far less at ingest than indexes on spans.
CREATE INDEX traces_by_user ON traces (project_id, user_id, start_time) WHERE user_id IS NOT NULL;
CREATE INDEX traces_by_session ON traces (project_id, session_id, start_time) WHERE session_id IS NOT NULL;
