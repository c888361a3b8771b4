-- Semantics and cost: every token kind, both costs, time to first token, the dialect and the content of LLM calls;
-- GenAI log events; per-project prices and settings.

ALTER TABLE spans
    ADD COLUMN dialect            text,
    ADD COLUMN cache_read_tokens  bigint,
    ADD COLUMN cache_write_tokens bigint,
    ADD COLUMN reasoning_tokens   bigint,
    ADD COLUMN computed_cost_usd  numeric(24, 12),
    ADD COLUMN supplied_cost_usd  numeric(24, 12),
    ADD COLUMN cost_source        text,
    ADD COLUMN ttft_ms            double precision,
    ADD COLUMN input              text,
    ADD COLUMN output             text;

ALTER TABLE model_rollups
    ADD COLUMN cache_read_tokens  bigint NOT NULL DEFAULT 0,
    ADD COLUMN cache_write_tokens bigint NOT NULL DEFAULT 0,
    ADD COLUMN reasoning_tokens   bigint NOT NULL DEFAULT 0,
    ADD COLUMN ttft_sketch        bytea;

-- GenAI content and per-message events that arrive as OTLP log records. They are joined to their span by
-- (project, trace, span) when read, so it does not matter whether the span or its events arrive first.
-- The key makes a re-sent log export a no-op.
CREATE TABLE log_events (
    project_id      text        NOT NULL,
    trace_id        text        NOT NULL,
    span_id         text        NOT NULL,
    record_hash     text        NOT NULL,
    time_unix_nano  bigint      NOT NULL,
    event_name      text,
    severity_number integer     NOT NULL,
    body            jsonb,
    attributes      jsonb       NOT NULL,
    input_part      text,
    output_part     text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, trace_id, span_id, record_hash)
);

-- A project's own prices: they win over the built-in catalog from their effective date on.
CREATE TABLE project_prices (
    project_id     text        NOT NULL,
    provider       text        NOT NULL,
    model          text        NOT NULL,
    effective_from timestamptz NOT NULL,
    price          jsonb       NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, provider, model, effective_from)
);

-- Per-project switches: content capture and PII redaction.
CREATE TABLE project_settings (
    project_id      text        PRIMARY KEY,
    capture_content boolean     NOT NULL DEFAULT true,
    redaction       jsonb,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
