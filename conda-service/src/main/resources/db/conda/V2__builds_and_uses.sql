-- V1's table was never written to (no handlers yet); environments are now builds (one per attempt at a spec
-- hash) and uses (one per requesting session).
DROP TABLE environment;

CREATE TABLE environment_build (
    id              TEXT        PRIMARY KEY,
    spec_hash       TEXT        NOT NULL,
    attempt         INT         NOT NULL,
    runtime         TEXT        NOT NULL,
    builder         TEXT        NOT NULL,
    spec            TEXT        NOT NULL,
    normalized_spec TEXT        NOT NULL,
    cached          BOOLEAN     NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('REQUESTED', 'BUILDING', 'READY', 'FAILED')),
    failure         TEXT        CHECK (failure IN ('INVALID_SPEC', 'INSTALL_TIMEOUT', 'INSTALL_ERROR')),
    message         TEXT,
    pending         TEXT,
    pending_since   TIMESTAMPTZ,
    skipped         JSONB       NOT NULL DEFAULT '[]',
    archive_uri     TEXT,
    archive_bytes   BIGINT,
    log_path        TEXT,
    requested_at    TIMESTAMPTZ NOT NULL,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    version         BIGINT      NOT NULL,
    UNIQUE (spec_hash, attempt)
);
-- single flight: at most one build of a spec in progress
CREATE UNIQUE INDEX environment_build_in_flight ON environment_build (spec_hash)
    WHERE state IN ('REQUESTED', 'BUILDING');

CREATE TABLE environment_history (
    build_id TEXT        NOT NULL REFERENCES environment_build (id),
    seq      BIGSERIAL   PRIMARY KEY,
    state    TEXT        NOT NULL,
    reason   TEXT        NOT NULL,
    at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX environment_history_build ON environment_history (build_id, seq);

CREATE TABLE environment_use (
    session_id      TEXT        PRIMARY KEY,
    owner           TEXT        NOT NULL,
    spec_hash       TEXT,
    build_id        TEXT        REFERENCES environment_build (id),
    cache_requested BOOLEAN     NOT NULL,
    cache_hit       BOOLEAN,
    state           TEXT        NOT NULL CHECK (state IN ('WAITING', 'READY', 'FAILED', 'RELEASED')),
    message         TEXT,
    requested_at    TIMESTAMPTZ NOT NULL,
    resolved_at     TIMESTAMPTZ
);
CREATE INDEX environment_use_build ON environment_use (build_id);
CREATE INDEX environment_use_hash ON environment_use (spec_hash);
