-- Spark clusters the organisation runs and a workspace admin attached (PoolAttached), and what Kindling placed on
-- them. A pool is never provisioned or torn down here: a session or job on it only gets its master.
CREATE TABLE attached_pool (
    name            TEXT        PRIMARY KEY,
    workspace       TEXT        NOT NULL,
    master_url      TEXT        NOT NULL,
    rest_url        TEXT        NOT NULL,
    web_ui_url      TEXT,
    runtime_version TEXT        NOT NULL,
    conf            JSONB       NOT NULL,
    jars            JSONB       NOT NULL,
    attached        BOOLEAN     NOT NULL,
    generation      BIGINT      NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- One row per session or job on a pool, while it lasts. WAITING: the request came before the pool's PoolAttached
-- (another topic); placed when it arrives, failed after kindling.provisioning.pool-wait.
CREATE TABLE pool_use (
    id         TEXT        PRIMARY KEY,
    pool       TEXT        NOT NULL,
    state      TEXT        NOT NULL CHECK (state IN ('WAITING', 'PLACED')),
    kind       TEXT        NOT NULL CHECK (kind IN ('session', 'job')),
    cluster_id TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX pool_use_pool ON pool_use (pool);
