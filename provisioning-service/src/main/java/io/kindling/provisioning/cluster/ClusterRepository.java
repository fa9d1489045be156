package io.kindling.provisioning.cluster;

import io.kindling.events.ClusterSize;
import io.kindling.kit.jdbc.SqlTime;
import io.kindling.provisioning.backend.ClusterInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Clusters and their history in the {@code provisioning} schema. */
@Repository
public class ClusterRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ClusterRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts a new cluster; returns false if that id exists (a redelivered request). */
    boolean insert(Cluster c) {
        return jdbc.sql("""
                INSERT INTO cluster (id, session_id, owner, static_conf, runtime_version, size, driver_worker, backend,
                                     state, created_at, updated_at, version)
                VALUES (:id, :session, :owner, :staticConf, :runtime, CAST(:size AS jsonb), :driverWorker, :backend,
                        :state, :at, :at, :version)
                ON CONFLICT (id) DO NOTHING
                """)
                .param("id", c.id()).param("session", c.sessionId()).param("owner", c.owner())
                .param("staticConf", c.staticConf()).param("runtime", c.runtimeVersion())
                .param("size", json.writeValueAsString(c.size())).param("driverWorker", c.driverWorker())
                .param("backend", c.backend())
                .param("state", c.state().name()).param("at", SqlTime.of(c.createdAt()))
                .param("version", c.version()).update() == 1;
    }

    void update(Cluster c, long expectedVersion) {
        int rows = jdbc.sql("""
                UPDATE cluster SET state = :state, session_id = :session, owner = :owner, master_url = :master, rest_url = :rest, web_ui_url = :ui,
                       processes = CAST(:processes AS jsonb), release_requested = :release, message = :message,
                       updated_at = :at, version = :version
                WHERE id = :id AND version = :expected
                """)
                .param("state", c.state().name()).param("session", c.sessionId()).param("owner", c.owner())
                .param("master", c.info() == null ? null : c.info().masterUrl())
                .param("rest", c.info() == null ? null : c.info().restUrl())
                .param("ui", c.info() == null ? null : c.info().webUiUrl())
                .param("processes", c.info() == null ? null : json.writeValueAsString(c.info().pids()))
                .param("release", c.releaseRequested()).param("message", c.message())
                .param("at", SqlTime.of(c.updatedAt())).param("version", c.version()).param("id", c.id())
                .param("expected", expectedVersion).update();
        if (rows != 1) {
            throw new IllegalStateException("cluster " + c.id() + " changed concurrently");
        }
    }

    void appendHistory(String clusterId, ClusterState state, String reason, java.time.Instant at) {
        append(clusterId, state, reason, at, false);
    }

    /** A state change that was not made: {@code state} is the one the cluster stayed in, {@code what} was refused. */
    void appendIgnored(String clusterId, ClusterState state, String what, java.time.Instant at) {
        append(clusterId, state, what, at, true);
    }

    private void append(String clusterId, ClusterState state, String reason, java.time.Instant at, boolean ignored) {
        jdbc.sql("""
                INSERT INTO cluster_history (cluster_id, seq, state, reason, at, ignored)
                VALUES (:id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM cluster_history WHERE cluster_id = :id),
                        :state, :reason, :at, :ignored)
                """)
                .param("id", clusterId).param("state", state.name()).param("reason", reason)
                .param("at", SqlTime.of(at)).param("ignored", ignored).update();
    }

    public Optional<Cluster> find(String id) {
        return jdbc.sql("SELECT * FROM cluster WHERE id = :id").param("id", id).query(this::map).optional();
    }

    Optional<Cluster> lock(String id) {
        return jdbc.sql("SELECT * FROM cluster WHERE id = :id FOR UPDATE").param("id", id).query(this::map).optional();
    }

    /**
     * Claims a WARM cluster that fits, locked for this transaction: the owner's own released cluster first,
     * else a pre-warmed pool cluster (no owner yet, no static conf). A concurrent request skips it and
     * looks further (or starts cold).
     */
    Optional<Cluster> claimWarm(String owner, String runtime, ClusterSize size, String staticConf,
                                boolean driverWorker) {
        return jdbc.sql("""
                SELECT * FROM cluster WHERE state = 'WARM' AND (owner = :owner OR owner = '')
                  AND runtime_version = :runtime AND size = CAST(:size AS jsonb) AND static_conf = :staticConf
                  AND driver_worker = :driverWorker
                ORDER BY (owner = :owner) DESC, updated_at DESC LIMIT 1 FOR UPDATE SKIP LOCKED
                """)
                .param("owner", owner).param("runtime", runtime).param("size", json.writeValueAsString(size))
                .param("staticConf", staticConf).param("driverWorker", driverWorker).query(this::map).optional();
    }

    /** Unclaimed pool clusters of this runtime and size that are up or on their way. */
    long poolSize(String runtime, ClusterSize size) {
        return jdbc.sql("""
                SELECT count(*) FROM cluster WHERE owner = '' AND state IN ('PROVISIONING', 'WARM')
                  AND runtime_version = :runtime AND size = CAST(:size AS jsonb)
                """)
                .param("runtime", runtime).param("size", json.writeValueAsString(size)).query(Long.class).single();
    }

    public Optional<Cluster> bySession(String sessionId) {
        return jdbc.sql("SELECT * FROM cluster WHERE session_id = :s ORDER BY created_at DESC LIMIT 1")
                .param("s", sessionId).query(this::map).optional();
    }

    public List<Cluster> all() {
        return jdbc.sql("SELECT * FROM cluster ORDER BY created_at DESC LIMIT 1000").query(this::map).list();
    }

    /** The cluster's state changes, in order. */
    public List<Map<String, Object>> history(String clusterId) {
        return history(clusterId, false);
    }

    /** The state changes asked for and not made (repeated, late or illegal triggers), in order. */
    public List<Map<String, Object>> ignored(String clusterId) {
        return history(clusterId, true);
    }

    private List<Map<String, Object>> history(String clusterId, boolean ignored) {
        return jdbc.sql("SELECT state, reason, at FROM cluster_history WHERE cluster_id = :id AND ignored = :ignored "
                        + "ORDER BY seq")
                .param("id", clusterId).param("ignored", ignored)
                .query((rs, i) -> Map.<String, Object>of("state", rs.getString(1).toLowerCase(java.util.Locale.ROOT),
                        "reason", rs.getString(2), "at", rs.getTimestamp(3).toInstant().toString()))
                .list();
    }

    private Cluster map(ResultSet rs, int row) throws SQLException {
        String processes = rs.getString("processes");
        ClusterInfo info = rs.getString("master_url") == null ? null : new ClusterInfo(rs.getString("id"),
                rs.getString("master_url"), rs.getString("rest_url"), rs.getString("web_ui_url"),
                processes == null ? List.of() : List.of(json.readValue(processes, Long[].class)));
        return new Cluster(rs.getString("id"), rs.getString("session_id"), rs.getString("owner"),
                rs.getString("static_conf"), rs.getString("runtime_version"),
                json.readValue(rs.getString("size"), ClusterSize.class), rs.getBoolean("driver_worker"),
                rs.getString("backend"),
                ClusterState.valueOf(rs.getString("state")), info, rs.getBoolean("release_requested"),
                rs.getString("message"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"));
    }
}
