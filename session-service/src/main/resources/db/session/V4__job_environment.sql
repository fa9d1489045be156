-- A job with an environment (a conda spec) waits for it as well as for its cluster; its driver is submitted
-- with the packed environment in spark.archives once both are there. The same columns as a session's (V2).
ALTER TABLE job ADD COLUMN environment_state   TEXT NOT NULL DEFAULT 'NONE'
    CHECK (environment_state IN ('NONE', 'WAITING', 'READY'));
ALTER TABLE job ADD COLUMN environment_hash    TEXT;
ALTER TABLE job ADD COLUMN environment_archive TEXT;
