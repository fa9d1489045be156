-- What the gateway accepted: answers reads until session-service has applied SessionRequested.
CREATE TABLE session_request (
    id          TEXT        PRIMARY KEY,
    owner       TEXT        NOT NULL,
    name        TEXT,
    spec        JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX session_request_owner ON session_request (owner, created_at);

-- Idempotency-Key header: the same key and body return the same session.
CREATE TABLE idempotency_key (
    owner        TEXT        NOT NULL,
    key          TEXT        NOT NULL,
    request_hash TEXT        NOT NULL,
    session_id   TEXT        NOT NULL REFERENCES session_request (id),
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (owner, key)
);

-- Stop requests, so a repeated DELETE does not publish twice.
CREATE TABLE stop_request (
    session_id   TEXT        PRIMARY KEY,
    requested_by TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL
);
