-- Spans with content, newest first: full-text search reads the matching spans of a word that is not rare in time order
-- (TraceQueries.ContentWalk), checking each, and traffic without content (often the newest hours: embeddings, tools,
-- instrumentations that do not record prompts) must cost nothing to step over. Partial, so a span without content (most
-- spans of most traces) adds no entry at ingest.
CREATE INDEX IF NOT EXISTS spans_content_by_time ON spans (project_id, start_time DESC)
    WHERE input IS NOT NULL OR output IS NOT NULL;
