-- The workspace a session or job was asked for in (the caller's token's), so a workspace admin can list them all.
ALTER TABLE session_request ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';
CREATE INDEX session_request_workspace ON session_request (workspace, created_at);
ALTER TABLE accepted_job ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';
CREATE INDEX accepted_job_workspace ON accepted_job (workspace, created_at);
