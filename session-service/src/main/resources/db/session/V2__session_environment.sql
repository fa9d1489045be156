-- A session with a conda spec waits for its environment as well as its cluster; the driver starts when both
-- are there, so the master URL is kept until then.
ALTER TABLE session ADD COLUMN environment_state   TEXT NOT NULL DEFAULT 'NONE'
    CHECK (environment_state IN ('NONE', 'WAITING', 'READY'));
ALTER TABLE session ADD COLUMN environment_hash    TEXT;
ALTER TABLE session ADD COLUMN environment_archive TEXT;
ALTER TABLE session ADD COLUMN master_url          TEXT;

-- A driver started with an environment (spark.archives) serves only sessions with the same one.
ALTER TABLE driver ADD COLUMN environment_hash TEXT;
