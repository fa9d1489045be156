package io.kindling.gateway.pool;

import io.kindling.kit.jdbc.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The attached pools, in the {@code gateway} schema. */
@Repository
public class Pools {

    private static final TypeReference<Map<String, String>> CONF = new TypeReference<>() { };
    private static final TypeReference<List<String>> JARS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Pools(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An attached pool of {@code workspace}. */
    public Optional<AttachedPool> attached(String name, String workspace) {
        return find(name).filter(p -> p.attached() && p.workspace().equals(workspace));
    }

    Optional<AttachedPool> find(String name) {
        return jdbc.sql("SELECT * FROM attached_pool WHERE name = :name").param("name", name)
                .query(this::row).optional();
    }

    public List<AttachedPool> inWorkspace(String workspace) {
        return jdbc.sql("SELECT * FROM attached_pool WHERE workspace = :workspace AND attached ORDER BY name")
                .param("workspace", workspace).query(this::row).list();
    }

    /** Inserts a pool, or re-attaches a detached one of the same name; {@code false} when it is attached already. */
    boolean attach(AttachedPool p) {
        return jdbc.sql("""
                INSERT INTO attached_pool (name, workspace, master_url, rest_url, web_ui_url, spark_version,
                    runtime_version, identity_type, identity_client_id, identity_name, conf, jars, attached,
                    generation, attached_by, attached_at)
                VALUES (:name, :workspace, :master, :rest, :ui, :spark, :runtime, :idType, :idClient, :idName,
                    CAST(:conf AS jsonb), CAST(:jars AS jsonb), TRUE, :generation, :by, :at)
                ON CONFLICT (name) DO UPDATE SET workspace = EXCLUDED.workspace, master_url = EXCLUDED.master_url,
                    rest_url = EXCLUDED.rest_url, web_ui_url = EXCLUDED.web_ui_url,
                    spark_version = EXCLUDED.spark_version, runtime_version = EXCLUDED.runtime_version,
                    identity_type = EXCLUDED.identity_type, identity_client_id = EXCLUDED.identity_client_id,
                    identity_name = EXCLUDED.identity_name, conf = EXCLUDED.conf, jars = EXCLUDED.jars,
                    attached = TRUE, generation = attached_pool.generation + 1, attached_by = EXCLUDED.attached_by,
                    attached_at = EXCLUDED.attached_at, detached_at = NULL
                WHERE NOT attached_pool.attached
                """).param("name", p.name()).param("workspace", p.workspace()).param("master", p.masterUrl())
                .param("rest", p.restUrl()).param("ui", p.webUiUrl()).param("spark", p.sparkVersion())
                .param("runtime", p.runtimeVersion()).param("idType", p.identityType())
                .param("idClient", p.identityClientId()).param("idName", p.identityName())
                .param("conf", json.writeValueAsString(p.conf())).param("jars", json.writeValueAsString(p.jars()))
                .param("generation", p.generation()).param("by", p.attachedBy())
                .param("at", SqlTime.of(p.attachedAt())).update() == 1;
    }

    /**
     * Detaches an attached pool; {@code false} when it is not attached (a detach that came at the same moment took
     * it first), so a pool is detached, and its PoolDetached published, once.
     */
    boolean detach(String name, Instant at) {
        return jdbc.sql("UPDATE attached_pool SET attached = FALSE, generation = generation + 1, detached_at = :at "
                + "WHERE name = :name AND attached").param("name", name).param("at", SqlTime.of(at)).update() == 1;
    }

    private AttachedPool row(ResultSet rs, int i) throws SQLException {
        Timestamp detached = rs.getTimestamp("detached_at");
        return new AttachedPool(rs.getString("name"), rs.getString("workspace"), rs.getString("master_url"),
                rs.getString("rest_url"), rs.getString("web_ui_url"), rs.getString("spark_version"),
                rs.getString("runtime_version"), rs.getString("identity_type"), rs.getString("identity_client_id"),
                rs.getString("identity_name"), json.readValue(rs.getString("conf"), CONF),
                json.readValue(rs.getString("jars"), JARS), rs.getBoolean("attached"), rs.getLong("generation"),
                rs.getString("attached_by"), rs.getTimestamp("attached_at").toInstant(),
                detached == null ? null : detached.toInstant());
    }
}
