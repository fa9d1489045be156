-- How often a widget's event was applied: a repeated apply counts up instead of failing on the primary key, so a
-- test sees an event applied twice rather than a rollback that hides it.
ALTER TABLE widget ADD COLUMN applied INT NOT NULL DEFAULT 1;
