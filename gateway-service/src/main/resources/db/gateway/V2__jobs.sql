-- Uploaded job code: one folder per upload, <kindling.jobs.artifacts-dir>/<id>/code.
CREATE TABLE artifact (
    id          TEXT        PRIMARY KEY,
    owner       TEXT        NOT NULL,
    origin      TEXT        NOT NULL CHECK (origin IN ('ARTIFACT', 'JOB')),
    file_name   TEXT        NOT NULL,
    files       JSONB       NOT NULL,
    size_bytes  BIGINT      NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX artifact_owner ON artifact (owner, created_at);

-- What the gateway accepted: answers reads until session-service has applied JobSubmitted. A job submitted with
-- an Idempotency-Key has an id derived from the owner and key, so a retry finds it here.
CREATE TABLE accepted_job (
    id              TEXT        PRIMARY KEY,
    owner           TEXT        NOT NULL,
    name            TEXT,
    display_name    TEXT,
    experiment_name TEXT,
    description     TEXT,
    tags            JSON        NOT NULL,   -- JSON, not JSONB: keeps the order written
    runtime_version TEXT,
    instance_type   TEXT,
    compute         TEXT,
    spec            TEXT        NOT NULL,
    code            TEXT,
    artifact_id     TEXT        REFERENCES artifact (id),
    idempotency_key TEXT,
    request_hash    TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX accepted_job_owner ON accepted_job (owner, created_at);

-- Cancel requests, so a repeated DELETE does not publish twice. No foreign key: a job submitted on the bus by
-- another system is not in accepted_job, and its owner may cancel it too.
CREATE TABLE job_cancel_request (
    job_id       TEXT        PRIMARY KEY,
    requested_by TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL
);
