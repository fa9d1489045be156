-- Durable timers: swept by due_at with FOR UPDATE SKIP LOCKED, so replicas are safe and restarts lose nothing.
CREATE TABLE deadline (
    id          TEXT        PRIMARY KEY,
    kind        TEXT        NOT NULL CHECK (kind IN ('SESSION_EXPIRY', 'CLUSTER_TEARDOWN')),
    subject     TEXT        NOT NULL,
    generation  BIGINT      NOT NULL,
    state       TEXT        NOT NULL CHECK (state IN ('SCHEDULED', 'FIRED', 'CANCELLED')),
    due_at      TIMESTAMPTZ NOT NULL,
    fired_at    TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX deadline_due ON deadline (due_at) WHERE state = 'SCHEDULED';
CREATE INDEX deadline_subject ON deadline (subject);
