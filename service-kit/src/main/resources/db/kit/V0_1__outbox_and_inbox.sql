-- Shared by every service, created in the service's own schema (Flyway runs it per schema).

-- Transactional outbox: written in the same transaction as the state change that causes the event.
CREATE TABLE outbox (
    id            BIGSERIAL PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    event_type    TEXT        NOT NULL,
    topic         TEXT        NOT NULL,
    aggregate_id  TEXT        NOT NULL,
    payload       JSONB       NOT NULL,
    occurred_at   TIMESTAMPTZ NOT NULL,
    traceparent   TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    sent_at       TIMESTAMPTZ,
    attempts      INT         NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Idempotent consumers: an event id is applied at most once, in the transaction that applies it.
CREATE TABLE processed_event (
    event_id     TEXT        PRIMARY KEY,
    event_type   TEXT        NOT NULL,
    source       TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    outcome      TEXT        NOT NULL CHECK (outcome IN ('APPLIED', 'STALE')),
    processed_at TIMESTAMPTZ NOT NULL
);

-- Highest generation applied per (producer, aggregate): older events are dropped as stale.
CREATE TABLE event_watermark (
    source     TEXT   NOT NULL,
    subject    TEXT   NOT NULL,
    generation BIGINT NOT NULL,
    PRIMARY KEY (source, subject)
);
