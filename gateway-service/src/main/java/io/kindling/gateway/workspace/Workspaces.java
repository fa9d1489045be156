package io.kindling.gateway.workspace;

import io.kindling.kit.jdbc.SqlTime;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The workspace registry in the {@code gateway} schema. */
@Repository
class Workspaces {

    private final JdbcClient jdbc;

    Workspaces(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the workspace exists already */
    boolean create(String name, String description, String by, Instant at) {
        return jdbc.sql("""
                INSERT INTO workspace (name, description, created_by, created_at) VALUES (:name, :description, :by, :at)
                ON CONFLICT (name) DO NOTHING
                """).param("name", name).param("description", description).param("by", by)
                .param("at", SqlTime.of(at)).update() == 1;
    }

    Optional<Map<String, Object>> find(String name) {
        return jdbc.sql("SELECT name, description, created_by, created_at FROM workspace WHERE name = :name")
                .param("name", name).query((rs, i) -> Map.<String, Object>of("name", rs.getString(1),
                        "description", rs.getString(2) == null ? "" : rs.getString(2), "createdBy", rs.getString(3),
                        "createdAt", rs.getTimestamp(4).toInstant().toString())).optional();
    }

    boolean exists(String name) {
        return jdbc.sql("SELECT count(*) FROM workspace WHERE name = :name").param("name", name)
                .query(Long.class).single() == 1;
    }

    /** @return false when the workspace has an identity of that name or client id already */
    boolean addIdentity(ManagedIdentity m) {
        return jdbc.sql("""
                INSERT INTO managed_identity (workspace, name, client_id, object_id, resource_id, created_by, created_at)
                VALUES (:workspace, :name, :clientId, :objectId, :resourceId, :by, :at)
                ON CONFLICT DO NOTHING
                """).param("workspace", m.workspace()).param("name", m.name()).param("clientId", m.clientId())
                .param("objectId", m.objectId()).param("resourceId", m.resourceId()).param("by", m.createdBy())
                .param("at", SqlTime.of(m.createdAt())).update() == 1;
    }

    List<ManagedIdentity> identities(String workspace) {
        return jdbc.sql("""
                SELECT workspace, name, client_id, object_id, resource_id, created_by, created_at
                FROM managed_identity WHERE workspace = :workspace ORDER BY name
                """).param("workspace", workspace).query((rs, i) -> new ManagedIdentity(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7).toInstant())).list();
    }

    /** @return false when the workspace has a datastore of that name already */
    boolean addDatastore(String workspace, String name, Path path, String description, String by, Instant at) {
        return jdbc.sql("""
                INSERT INTO datastore (workspace, name, path, description, created_by, created_at)
                VALUES (:workspace, :name, :path, :description, :by, :at)
                ON CONFLICT DO NOTHING
                """).param("workspace", workspace).param("name", name).param("path", path.toString())
                .param("description", description).param("by", by).param("at", SqlTime.of(at)).update() == 1;
    }

    List<Datastore> datastores(String workspace) {
        return jdbc.sql("SELECT name, path, description FROM datastore WHERE workspace = :workspace ORDER BY name")
                .param("workspace", workspace).query((rs, i) -> new Datastore(rs.getString(1),
                        Path.of(rs.getString(2)), rs.getString(3), false)).list();
    }

    /** @return false when the assignment exists already */
    boolean assign(RoleAssignment a) {
        return jdbc.sql("""
                INSERT INTO role_assignment (workspace, principal_type, principal, role, datastore, created_by,
                                             created_at)
                VALUES (:workspace, :type, :principal, :role, :datastore, :by, :at)
                ON CONFLICT DO NOTHING
                """).param("workspace", a.workspace()).param("type", a.principal().type().apiName())
                .param("principal", a.principal().name()).param("role", a.role()).param("datastore", a.datastore())
                .param("by", a.createdBy()).param("at", SqlTime.of(a.createdAt())).update() == 1;
    }

    List<RoleAssignment> assignments(String workspace) {
        return jdbc.sql("""
                SELECT workspace, principal_type, principal, role, datastore, created_by, created_at
                FROM role_assignment WHERE workspace = :workspace ORDER BY datastore, principal_type, principal, role
                """).param("workspace", workspace).query((rs, i) -> new RoleAssignment(rs.getString(1),
                new Principal(Principal.Type.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                        rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7).toInstant())).list();
    }

    /** The roles {@code principal} holds on {@code datastore} of {@code workspace}. */
    List<String> roles(String workspace, Principal principal, String datastore) {
        return jdbc.sql("""
                SELECT role FROM role_assignment
                WHERE workspace = :workspace AND principal_type = :type AND principal = :principal
                  AND datastore = :datastore
                """).param("workspace", workspace).param("type", principal.type().apiName())
                .param("principal", principal.name()).param("datastore", datastore).query(String.class).list();
    }
}
