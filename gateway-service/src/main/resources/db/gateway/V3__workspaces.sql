-- Who may reach which data: workspaces, their user-assigned managed identities, their datastores (beside the
-- install's, kindling.jobs.datastores) and role assignments on datastores. Written by workspace admins through
-- /api/v1/workspaces; read before a job is accepted.
CREATE TABLE workspace (
    name        TEXT        PRIMARY KEY,
    description TEXT,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE managed_identity (
    workspace   TEXT        NOT NULL REFERENCES workspace (name),
    name        TEXT        NOT NULL,
    client_id   TEXT        NOT NULL,
    object_id   TEXT,
    resource_id TEXT,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace, name),
    UNIQUE (workspace, client_id)
);

CREATE TABLE datastore (
    workspace   TEXT        NOT NULL REFERENCES workspace (name),
    name        TEXT        NOT NULL,
    path        TEXT        NOT NULL,
    description TEXT,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace, name)
);

-- principal_type: user (a user name), managed (a managed identity's name in the workspace), system (an attached
-- pool's system-assigned identity, named by the pool)
CREATE TABLE role_assignment (
    workspace      TEXT        NOT NULL REFERENCES workspace (name),
    principal_type TEXT        NOT NULL CHECK (principal_type IN ('user', 'managed', 'system')),
    principal      TEXT        NOT NULL,
    role           TEXT        NOT NULL,
    datastore      TEXT        NOT NULL,
    created_by     TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace, principal_type, principal, role, datastore)
);
