-- Batch jobs: one row per job id (the submitter's idempotency key), its history, and the tail of its driver's
-- output once it ended (the cluster and its worker directories do not outlive the warm period).
CREATE TABLE job (
    id               TEXT        PRIMARY KEY,
    owner            TEXT        NOT NULL,
    spec             TEXT        NOT NULL,
    code             TEXT,
    name             TEXT,
    display_name     TEXT,
    experiment_name  TEXT,
    description      TEXT,
    tags             JSONB       NOT NULL DEFAULT '{}',
    runtime_version  TEXT,
    instance_type    TEXT,
    compute          TEXT,
    state            TEXT        NOT NULL CHECK (state IN
                         ('QUEUED','PREPARING','RUNNING','SUCCEEDED','FAILED','KILLED')),
    failure_reason   TEXT,
    exit_reason      TEXT,
    cluster_id       TEXT,
    master_url       TEXT,
    rest_url         TEXT,
    web_ui_url       TEXT,
    driver_id        TEXT,
    submit_attempted BOOLEAN     NOT NULL DEFAULT FALSE,
    cancel_requested BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    version          BIGINT      NOT NULL
);
CREATE INDEX job_owner ON job (owner, created_at DESC);
CREATE INDEX job_live ON job (state) WHERE state IN ('QUEUED', 'PREPARING', 'RUNNING');

CREATE TABLE job_history (
    job_id TEXT        NOT NULL REFERENCES job (id),
    seq    INT         NOT NULL,
    state  TEXT        NOT NULL,
    reason TEXT        NOT NULL,
    at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, seq)
);

CREATE TABLE job_log (
    job_id    TEXT   NOT NULL REFERENCES job (id),
    stream    TEXT   NOT NULL CHECK (stream IN ('stdout', 'stderr')),
    content   TEXT   NOT NULL,
    truncated BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, stream)
);
