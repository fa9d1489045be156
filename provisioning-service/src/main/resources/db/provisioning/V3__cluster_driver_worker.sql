-- A job's cluster runs its driver too (cluster deploy mode) on one more worker; it is reused only by jobs of the
-- same size, and a session's cluster only by sessions.
ALTER TABLE cluster ADD COLUMN driver_worker BOOLEAN NOT NULL DEFAULT FALSE;
