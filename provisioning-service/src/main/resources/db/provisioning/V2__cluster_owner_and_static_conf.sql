-- A WARM cluster is reused only by a session of the same owner with the same static Spark conf.
ALTER TABLE cluster ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE cluster ADD COLUMN static_conf TEXT NOT NULL DEFAULT '';
CREATE INDEX cluster_warm ON cluster (owner, runtime_version) WHERE state = 'WARM';
