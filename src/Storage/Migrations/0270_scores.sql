-- Scores (issue 12): evaluation results (gen_ai.evaluation.result span events and log records) and scores posted to
-- POST /api/v1/scores by apps and people. Written in the transaction of the spans or log records that carried them;
-- score_id is deterministic for events (a hash of where the event sat), so a re-sent export stores nothing twice.
-- A score may arrive before its trace: nothing references spans; model, service and agent are joined when read.
CREATE TABLE scores (
    project_id   text             NOT NULL,
    score_id     text             NOT NULL,
    trace_id     text             NOT NULL,  -- '' when only gen_ai.response.id names the completion
    span_id      text             NOT NULL,  -- '' for a score of the whole trace
    response_id  text,
    name         text             NOT NULL,
    value        double precision,           -- boolean scores: 1 or 0
    label        text,
    kind         text             NOT NULL CHECK (kind IN ('numeric', 'categorical', 'boolean')),
    comment      text,                       -- the evaluator's explanation, or a person's comment
    source       text             NOT NULL CHECK (source IN ('event', 'log', 'api')),
    author       text,
    time         timestamptz      NOT NULL,
    ingested_at  timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, score_id),
    CHECK (value IS NOT NULL OR label IS NOT NULL)
);

CREATE INDEX scores_by_time ON scores (project_id, time);
CREATE INDEX scores_by_trace ON scores (project_id, trace_id);
