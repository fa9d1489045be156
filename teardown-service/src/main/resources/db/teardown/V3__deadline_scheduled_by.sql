-- The W3C traceparent of the work that scheduled a deadline: its firing starts a new trace linked to that one.
ALTER TABLE deadline ADD COLUMN scheduled_by TEXT;
