-- A driver in a sandbox listens at the sandbox's address, not on loopback (Containment).
ALTER TABLE driver ADD COLUMN host TEXT NOT NULL DEFAULT '127.0.0.1';
