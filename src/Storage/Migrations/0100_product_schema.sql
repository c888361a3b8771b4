-- LLM Observatory product schema: spans (the source of truth), trace summaries and per-minute model rollups.
-- Every row carries project_id: nothing is keyed without it.
-- Plain PostgreSQL 15; TimescaleDB hypertables are added by a later migration when the extension exists.

-- Spans: typed columns for every fact dashboards filter or sum on, the rest in JSONB.
-- The primary key makes a re-sent span a no-op (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE spans (
    project_id          text             NOT NULL,
    trace_id            text             NOT NULL,
    span_id             text             NOT NULL,
    parent_span_id      text,
    name                text             NOT NULL,
    kind                smallint         NOT NULL,
    service_name        text             NOT NULL,
    start_time          timestamptz      NOT NULL,
    end_time            timestamptz      NOT NULL,
    start_unix_nano     bigint           NOT NULL,
    end_unix_nano       bigint           NOT NULL,
    status              smallint         NOT NULL,
    status_message      text,
    error_type          text,
    user_id             text,
    session_id          text,
    is_llm              boolean          NOT NULL,
    provider            text,
    operation           text,
    request_model       text,
    response_model      text,
    input_tokens        bigint,
    output_tokens       bigint,
    cost_usd            numeric(24, 12),
    finish_reasons      text[],
    attributes          jsonb            NOT NULL,
    resource_attributes jsonb            NOT NULL,
    events              jsonb            NOT NULL,
    ingested_at         timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, trace_id, span_id)
);

CREATE INDEX spans_by_time ON spans (project_id, start_time DESC);

-- Trace summaries, owned and written by TraceGrain (absolute values, last writer wins per trace).
CREATE TABLE traces (
    project_id      text            NOT NULL,
    trace_id        text            NOT NULL,
    service_name    text            NOT NULL,
    root_span_name  text            NOT NULL,
    has_root        boolean         NOT NULL,
    start_time      timestamptz     NOT NULL,
    end_time        timestamptz     NOT NULL,
    duration_ms     double precision NOT NULL,
    span_count      integer         NOT NULL,
    llm_call_count  integer         NOT NULL,
    error_count     integer         NOT NULL,
    input_tokens    bigint          NOT NULL,
    output_tokens   bigint          NOT NULL,
    cost_usd        numeric(24, 12) NOT NULL,
    models          text[]          NOT NULL,
    user_id         text,
    session_id      text,
    updated_at      timestamptz     NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, trace_id)
);

-- The trace list pages newest first by (start_time, trace_id).
CREATE INDEX traces_newest_first ON traces (project_id, start_time DESC, trace_id DESC);
CREATE INDEX traces_by_model ON traces USING gin (models);

-- Per-minute model rollups, owned and written by ModelGrain (absolute values per bucket).
-- provider/model are '' when unknown so they can be part of the key.
CREATE TABLE model_rollups (
    project_id          text            NOT NULL,
    provider            text            NOT NULL,
    model               text            NOT NULL,
    service_name        text            NOT NULL,
    bucket_start        timestamptz     NOT NULL,
    request_count       bigint          NOT NULL,
    error_count         bigint          NOT NULL,
    calls_without_usage bigint          NOT NULL,
    input_tokens        bigint          NOT NULL,
    output_tokens       bigint          NOT NULL,
    cost_usd            numeric(24, 12) NOT NULL,
    latency_sketch      bytea           NOT NULL,
    updated_at          timestamptz     NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, provider, model, service_name, bucket_start)
);

CREATE INDEX model_rollups_by_time ON model_rollups (project_id, bucket_start);
