-- An agent's secret is no longer kept: it is derived from the install's service credential and this salt
-- (AgentSecrets), so a copy of the database opens no agent. Rows of drivers started before keep their secret.
ALTER TABLE driver ADD COLUMN secret_salt TEXT;
ALTER TABLE driver ALTER COLUMN secret DROP NOT NULL;
