-- Spark standalone clusters a workspace admin attached (POST /api/v1/pools). Names are unique in the install; a
-- detached pool may be attached again (generation + 1).
CREATE TABLE attached_pool (
    name               TEXT        PRIMARY KEY,
    workspace          TEXT        NOT NULL,
    master_url         TEXT        NOT NULL,
    rest_url           TEXT        NOT NULL,
    web_ui_url         TEXT,
    spark_version      TEXT        NOT NULL,
    runtime_version    TEXT        NOT NULL,
    identity_type      TEXT        NOT NULL CHECK (identity_type IN ('system_assigned', 'user_assigned')),
    identity_client_id TEXT,
    identity_name      TEXT,
    conf               JSONB       NOT NULL,
    jars               JSONB       NOT NULL,
    attached           BOOLEAN     NOT NULL,
    generation         BIGINT      NOT NULL,
    attached_by        TEXT        NOT NULL,
    attached_at        TIMESTAMPTZ NOT NULL,
    detached_at        TIMESTAMPTZ
);
CREATE INDEX attached_pool_workspace ON attached_pool (workspace);
