CREATE TABLE cluster (
    id               TEXT        PRIMARY KEY,
    session_id       TEXT        NOT NULL,
    runtime_version  TEXT        NOT NULL,
    size             JSONB       NOT NULL,
    backend          TEXT        NOT NULL,
    state            TEXT        NOT NULL CHECK (state IN
                         ('PROVISIONING','RESERVED','WARM','ATTACHED','TEARING_DOWN','TORN_DOWN','FAILED')),
    master_url       TEXT,
    rest_url         TEXT,
    web_ui_url       TEXT,
    processes        JSONB,
    release_requested BOOLEAN    NOT NULL DEFAULT FALSE,
    message          TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    version          BIGINT      NOT NULL
);
CREATE INDEX cluster_session ON cluster (session_id);
CREATE INDEX cluster_state ON cluster (state);

CREATE TABLE cluster_history (
    cluster_id TEXT        NOT NULL REFERENCES cluster (id),
    seq        INT         NOT NULL,
    state      TEXT        NOT NULL,
    reason     TEXT        NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (cluster_id, seq)
);
