CREATE TABLE environment (
    spec_hash     TEXT        PRIMARY KEY,
    runtime       TEXT        NOT NULL,
    state         TEXT        NOT NULL CHECK (state IN ('REQUESTED', 'BUILDING', 'READY', 'FAILED')),
    failure       TEXT CHECK (failure IN ('INVALID_SPEC', 'INSTALL_TIMEOUT', 'INSTALL_ERROR')),
    spec          TEXT        NOT NULL,
    archive_path  TEXT,
    log           TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
