package io.kindling.provisioning.pool;

import io.kindling.events.PoolAttached;
import io.kindling.kit.jdbc.SqlTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Attached pools and what is placed on them, in the {@code provisioning} schema. */
@Repository
class AttachedPools {

    /** A pool as provisioning-service places applications on it. */
    record Pool(String name, String workspace, String masterUrl, String restUrl, String webUiUrl, String runtimeVersion,
                Map<String, String> conf, List<String> jars, boolean attached) {
    }

    /** A session or job on a pool; {@code placed} false while it waits for the pool's PoolAttached. */
    record Use(String id, String pool, String kind, String clusterId, boolean placed, Instant createdAt) {
    }

    private static final TypeReference<Map<String, String>> CONF = new TypeReference<>() { };
    private static final TypeReference<List<String>> JARS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AttachedPools(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Holds pool {@code name} for the rest of this transaction: whoever reads its state and then changes it or its
     * uses (a request placed on it, its PoolAttached, its PoolDetached) takes this first. They arrive on two topics
     * and run on two consumer threads, and under read committed each would miss the other's uncommitted row: a
     * request that found no pool and an attach that found no waiting request left the request waiting until it
     * failed.
     */
    void lock(String name) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('attached_pool'), hashtext(:name))").param("name", name)
                .query().listOfRows();
    }

    /** Records (or re-attaches) a pool, unless a newer generation of it was applied already. */
    void attach(PoolAttached e) {
        jdbc.sql("""
                INSERT INTO attached_pool (name, workspace, master_url, rest_url, web_ui_url, runtime_version, conf,
                                           jars, attached, generation, updated_at)
                VALUES (:name, :workspace, :master, :rest, :ui, :runtime, CAST(:conf AS jsonb), CAST(:jars AS jsonb),
                        TRUE, :generation, :at)
                ON CONFLICT (name) DO UPDATE SET workspace = EXCLUDED.workspace, master_url = EXCLUDED.master_url,
                    rest_url = EXCLUDED.rest_url, web_ui_url = EXCLUDED.web_ui_url,
                    runtime_version = EXCLUDED.runtime_version, conf = EXCLUDED.conf, jars = EXCLUDED.jars,
                    attached = TRUE, generation = EXCLUDED.generation, updated_at = EXCLUDED.updated_at
                WHERE attached_pool.generation < EXCLUDED.generation
                """).param("name", e.pool()).param("workspace", e.workspace()).param("master", e.masterUrl())
                .param("rest", e.restUrl()).param("ui", e.webUiUrl()).param("runtime", e.runtimeVersion())
                .param("conf", json.writeValueAsString(e.conf())).param("jars", json.writeValueAsString(e.jars()))
                .param("generation", e.generation()).param("at", SqlTime.of(e.attachedAt())).update();
    }

    /** @return whether it was attached (at an older generation) and now is not */
    boolean detach(String name, long generation, Instant at) {
        return jdbc.sql("""
                UPDATE attached_pool SET attached = FALSE, generation = :generation, updated_at = :at
                WHERE name = :name AND attached AND generation < :generation
                """).param("name", name).param("generation", generation).param("at", SqlTime.of(at))
                .update() == 1;
    }

    Optional<Pool> find(String name) {
        return jdbc.sql("SELECT * FROM attached_pool WHERE name = :name").param("name", name)
                .query((rs, i) -> new Pool(rs.getString("name"), rs.getString("workspace"), rs.getString("master_url"),
                        rs.getString("rest_url"), rs.getString("web_ui_url"), rs.getString("runtime_version"),
                        json.readValue(rs.getString("conf"), CONF), json.readValue(rs.getString("jars"), JARS),
                        rs.getBoolean("attached"))).optional();
    }

    /** @return false when {@code id} was placed already (a redelivered request) */
    boolean place(Use use) {
        return jdbc.sql("""
                INSERT INTO pool_use (id, pool, state, kind, cluster_id, created_at)
                VALUES (:id, :pool, :state, :kind, :cluster, :at)
                ON CONFLICT (id) DO NOTHING
                """).param("id", use.id()).param("pool", use.pool()).param("state", use.placed() ? "PLACED" : "WAITING")
                .param("kind", use.kind())
                .param("cluster", use.clusterId()).param("at", SqlTime.of(use.createdAt())).update() == 1;
    }

    Optional<Use> release(String id) {
        return jdbc.sql("DELETE FROM pool_use WHERE id = :id RETURNING " + COLUMNS)
                .param("id", id).query(this::use).optional();
    }

    /** What runs on a pool now (placed), oldest first. */
    List<Use> uses(String pool) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pool_use WHERE pool = :pool AND state = 'PLACED' ORDER BY "
                + "created_at").param("pool", pool).query(this::use).list();
    }

    /** The requests waiting for {@code pool} to be attached, locked for this transaction. */
    List<Use> waitingFor(String pool) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pool_use WHERE pool = :pool AND state = 'WAITING' "
                + "ORDER BY created_at FOR UPDATE").param("pool", pool).query(this::use).list();
    }

    void markPlaced(String id) {
        jdbc.sql("UPDATE pool_use SET state = 'PLACED' WHERE id = :id").param("id", id).update();
    }

    /** Requests that waited since before {@code since}: taken (deleted) by this transaction, others skip them. */
    List<Use> takeWaitingSince(Instant since) {
        return jdbc.sql("DELETE FROM pool_use WHERE id IN (SELECT id FROM pool_use WHERE state = 'WAITING' "
                + "AND created_at < :since FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .param("since", SqlTime.of(since)).query(this::use).list();
    }

    private static final String COLUMNS = "id, pool, kind, cluster_id, state, created_at";

    private Use use(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Use(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5).equals("PLACED"), rs.getTimestamp(6).toInstant());
    }
}
