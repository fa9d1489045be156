CREATE TABLE session (
    id              TEXT        PRIMARY KEY,
    owner           TEXT        NOT NULL,
    name            TEXT,
    kind            TEXT        NOT NULL,
    runtime_version TEXT        NOT NULL,
    size            JSONB       NOT NULL,
    timeout_minutes INT         NOT NULL,
    conf            JSONB       NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN
                        ('REQUESTED','PREPARING','STARTING','IDLE','BUSY','ENDING','ENDED','FAILED')),
    cluster_id      TEXT,
    end_reason      TEXT CHECK (end_reason IN
                        ('STOPPED_BY_USER','TIMED_OUT','ENVIRONMENT_FAILED','CLUSTER_FAILED','DRIVER_LOST')),
    message         TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    version         BIGINT      NOT NULL
);
CREATE INDEX session_owner ON session (owner, created_at);
CREATE INDEX session_cluster ON session (cluster_id);

CREATE TABLE session_history (
    session_id TEXT        NOT NULL REFERENCES session (id),
    seq        INT         NOT NULL,
    state      TEXT        NOT NULL,
    reason     TEXT        NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- The session agent (Spark driver) running on a cluster. The secret guards its loopback API.
CREATE TABLE driver (
    cluster_id  TEXT        PRIMARY KEY,
    session_id  TEXT        NOT NULL,
    pid         BIGINT      NOT NULL,
    port        INT         NOT NULL,
    secret      TEXT        NOT NULL,
    work_dir    TEXT        NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    stopped_at  TIMESTAMPTZ
);

CREATE TABLE statement (
    session_id   TEXT        NOT NULL REFERENCES session (id),
    id           INT         NOT NULL,
    kind         TEXT        NOT NULL,
    code         TEXT        NOT NULL,
    state        TEXT        NOT NULL CHECK (state IN
                     ('WAITING','RUNNING','AVAILABLE','CANCELLING','CANCELLED','ERROR')),
    output       JSONB,
    progress     DOUBLE PRECISION NOT NULL DEFAULT 0,
    submitted_at TIMESTAMPTZ NOT NULL,
    started_at   TIMESTAMPTZ,
    completed_at TIMESTAMPTZ,
    PRIMARY KEY (session_id, id)
);
