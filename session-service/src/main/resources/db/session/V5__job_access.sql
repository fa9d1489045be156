-- How an API job reaches data, as the gateway checked it: its workspace, identity and workspace datastores
-- (JobSubmitted.access). NULL for a bus job: its owner's identity and the install's datastores.
ALTER TABLE job ADD COLUMN access JSONB;
