-- Export jobs (GET/POST /api/v1/exports): one row per job, scoped by project. The file itself lives on the disk of the
-- API process that ran the job (Export:Directory); the row carries status and progress so any caller can poll it.
CREATE TABLE export_jobs (
    project_id      text        NOT NULL,
    job_id          uuid        NOT NULL,
    format          text        NOT NULL,
    -- The trace-list filters as the query string the caller sent, re-parsed when the job runs.
    filter_query    text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    rows_written    bigint      NOT NULL DEFAULT 0,
    rows_estimated  bigint,
    bytes_written   bigint      NOT NULL DEFAULT 0,
    file_path       text,
    error           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    -- Touched by the process that holds the job; a queued or running job whose heartbeat stops is reported failed.
    heartbeat_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, job_id)
);
