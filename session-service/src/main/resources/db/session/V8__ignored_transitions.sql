-- A state change asked for and not made (a repeated, late or illegal trigger) is kept beside the history it did not
-- change: the history shows each state once, these rows show what was refused (IgnoredTransitions).
ALTER TABLE session_history ADD COLUMN ignored BOOLEAN NOT NULL DEFAULT FALSE;
