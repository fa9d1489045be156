-- A session placed on an attached pool: the pool's conf and jars its driver gets (ClusterProvisioned.pool).
CREATE TABLE session_pool (
    session_id TEXT  PRIMARY KEY,
    pool       TEXT  NOT NULL,
    placement  JSONB NOT NULL
);
