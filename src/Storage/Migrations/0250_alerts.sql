-- Alert rules, their webhooks and the delivery log (issue 11). A rule's state (ok, firing, resolved) is stored on
-- every change, so a restart neither forgets a firing nor notifies it again; the windowed values themselves are kept by
-- the alert grains in memory, read back from spans on activation.
CREATE TABLE alert_rules (
    project_id      text             NOT NULL REFERENCES projects (project_id),
    alert_id        text             NOT NULL,
    name            text             NOT NULL,
    metric          text             NOT NULL CHECK (metric IN ('cost', 'tokens', 'calls', 'error_rate', 'latency_p95', 'ttft_p95', 'budget_percent')),
    threshold       double precision NOT NULL,
    window_minutes  integer          NOT NULL,
    min_calls       integer          NOT NULL DEFAULT 1,
    budget_id       text,
    webhook_ids     text[],
    service_name    text,
    provider        text,
    model           text,
    user_id         text,
    session_id      text,
    attribute_key   text,
    attribute_value text,
    state           text             NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'firing', 'resolved')),
    state_since     timestamptz,
    state_value     double precision,
    firings         bigint           NOT NULL DEFAULT 0,
    created_at      timestamptz      NOT NULL DEFAULT now(),
    updated_at      timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, alert_id),
    CHECK ((metric = 'budget_percent') = (budget_id IS NOT NULL))
);

CREATE TABLE alert_webhooks (
    project_id  text        NOT NULL REFERENCES projects (project_id),
    webhook_id  text        NOT NULL,
    name        text        NOT NULL,
    url         text        NOT NULL,
    secret      text        NOT NULL,
    format      text        NOT NULL CHECK (format IN ('json', 'slack')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, webhook_id)
);

-- One row per notification and webhook, written when its last attempt ended (delivered, or given up).
CREATE TABLE alert_deliveries (
    delivery_id bigserial   PRIMARY KEY,
    project_id  text        NOT NULL,
    alert_id    text        NOT NULL,
    webhook_id  text        NOT NULL,
    event       text        NOT NULL,
    firing      bigint      NOT NULL,
    delivered   boolean     NOT NULL,
    attempts    jsonb       NOT NULL,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX alert_deliveries_by_alert ON alert_deliveries (project_id, alert_id, delivery_id DESC);
