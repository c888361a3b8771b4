-- Budgets: a limit in USD and/or tokens over a period, scoped to a project and optionally narrowed (issue 11). Written by
-- the project's budget directory grain; the spend itself is never stored: it is what the spans say, and the budget grains
-- keep it in memory, back-filled from spans.
CREATE TABLE budgets (
    project_id      text            NOT NULL REFERENCES projects (project_id),
    budget_id       text            NOT NULL,
    name            text            NOT NULL,
    limit_usd       numeric(24, 12),
    limit_tokens    bigint,
    period          text            NOT NULL CHECK (period IN ('day', 'week', 'month', 'rolling')),
    time_zone       text            NOT NULL DEFAULT 'UTC',
    window_minutes  integer,
    service_name    text,
    provider        text,
    model           text,
    user_id         text,
    session_id      text,
    attribute_key   text,
    attribute_value text,
    created_at      timestamptz     NOT NULL DEFAULT now(),
    updated_at      timestamptz     NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, budget_id),
    CHECK (limit_usd IS NOT NULL OR limit_tokens IS NOT NULL),
    CHECK ((period = 'rolling') = (window_minutes IS NOT NULL)),
    CHECK ((attribute_key IS NULL) = (attribute_value IS NULL))
);
