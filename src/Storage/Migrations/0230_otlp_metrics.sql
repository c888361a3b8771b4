-- The OTLP metrics signal: GenAI and MCP instruments (and any other allowed by Otlp:Metrics:StoredInstruments).
-- A series is OTLP's identity of a time series (instrument, kind, unit, temporality, resource, scope, attributes),
-- keyed by a hash of it. Its row also keeps the last running total of a cumulative series, so the next total can be
-- turned into a delta in the same transaction that stores it (row-locked: silos never race on a series).
CREATE TABLE otlp_metric_series (
    project_id          text        NOT NULL,
    series_key          text        NOT NULL,
    instrument          text        NOT NULL,
    kind                text        NOT NULL,   -- gauge | sum | histogram | exponential_histogram | summary
    unit                text        NOT NULL,
    temporality         text        NOT NULL,   -- delta | cumulative | unspecified (gauges)
    monotonic           boolean     NOT NULL,
    service_name        text,
    scope_name          text,
    scope_version       text,
    attributes          jsonb       NOT NULL,
    resource_attributes jsonb       NOT NULL,
    cumulative_state    jsonb,                  -- the last total seen (CumulativeState), cumulative series only
    first_seen          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, series_key)
);

CREATE INDEX otlp_metric_series_instrument ON otlp_metric_series (project_id, instrument);
CREATE INDEX otlp_metric_series_attributes ON otlp_metric_series USING gin (attributes jsonb_path_ops);

-- Every stored point is a delta over (start, time] (sums, histograms, summaries) or a level at time (gauges), so any
-- range sums its points whatever temporality the exporter used. A re-sent delta point is the same key and adds nothing.
CREATE TABLE otlp_metric_points (
    project_id      text             NOT NULL,
    series_key      text             NOT NULL,
    instrument      text             NOT NULL,
    time            timestamptz      NOT NULL,
    start_unix_nano bigint           NOT NULL,
    time_unix_nano  bigint           NOT NULL,
    restarted       boolean          NOT NULL DEFAULT false,  -- the cumulative series was found reset at this point
    value           double precision,                          -- sum delta or gauge level
    count           bigint,
    sum             double precision,
    min             double precision,
    max             double precision,
    bounds          double precision[],                        -- explicit histogram
    bucket_counts   bigint[],
    scale           integer,                                   -- exponential histogram
    zero_count      bigint,
    positive_offset integer,
    positive_counts bigint[],
    negative_offset integer,
    negative_counts bigint[],
    PRIMARY KEY (project_id, series_key, time_unix_nano)
);

CREATE INDEX otlp_metric_points_instrument_time ON otlp_metric_points (project_id, instrument, time);
