-- What the start latency is measured with: when the gateway accepted the request, and how the cluster came
-- (cold, warm, prewarmed, attached).
ALTER TABLE session ADD COLUMN requested_at TIMESTAMPTZ;
ALTER TABLE session ADD COLUMN start_kind TEXT;
