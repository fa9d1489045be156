package io.kindling.session.session;

import io.kindling.events.ClusterSize;
import io.kindling.kit.jdbc.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Sessions and their history in the {@code session} schema. */
@Repository
public class SessionRepository {

    private static final TypeReference<Map<String, String>> CONF = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SessionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Session s) {
        jdbc.sql("""
                INSERT INTO session (id, owner, name, kind, runtime_version, size, timeout_minutes, conf, state,
                                     cluster_id, end_reason, message, created_at, updated_at, version,
                                     environment_state, environment_hash, environment_archive, master_url)
                VALUES (:id, :owner, :name, :kind, :runtime, CAST(:size AS jsonb), :timeout, CAST(:conf AS jsonb),
                        :state, :cluster, :endReason, :message, :created, :updated, :version,
                        :envState, :envHash, :envArchive, :master)
                """)
                .param("id", s.id()).param("owner", s.owner()).param("name", s.name()).param("kind", s.kind())
                .param("runtime", s.runtimeVersion()).param("size", json.writeValueAsString(s.size()))
                .param("timeout", s.timeoutMinutes()).param("conf", json.writeValueAsString(s.conf()))
                .param("state", s.state().name()).param("cluster", s.clusterId())
                .param("endReason", s.endReason() == null ? null : s.endReason().name())
                .param("message", s.message()).param("created", SqlTime.of(s.createdAt()))
                .param("updated", SqlTime.of(s.updatedAt())).param("version", s.version())
                .param("envState", s.environment().state()).param("envHash", s.environment().hash())
                .param("envArchive", s.environment().archiveUri()).param("master", s.masterUrl())
                .update();
    }

    /** Writes the new value if nobody changed the row since {@code expectedVersion}. */
    void update(Session s, long expectedVersion) {
        int rows = jdbc.sql("""
                UPDATE session SET state = :state, cluster_id = :cluster, end_reason = :endReason,
                       message = :message, updated_at = :updated, version = :version,
                       environment_state = :envState, environment_hash = :envHash,
                       environment_archive = :envArchive, master_url = :master
                WHERE id = :id AND version = :expected
                """)
                .param("state", s.state().name()).param("cluster", s.clusterId())
                .param("endReason", s.endReason() == null ? null : s.endReason().name())
                .param("message", s.message()).param("updated", SqlTime.of(s.updatedAt()))
                .param("version", s.version()).param("id", s.id()).param("expected", expectedVersion)
                .param("envState", s.environment().state()).param("envHash", s.environment().hash())
                .param("envArchive", s.environment().archiveUri()).param("master", s.masterUrl())
                .update();
        if (rows != 1) {
            throw new IllegalStateException("session " + s.id() + " changed concurrently (expected version "
                    + expectedVersion + ")");
        }
    }

    void appendHistory(String sessionId, HistoryEntry entry) {
        append(sessionId, entry, false);
    }

    /** A state change that was not made: {@code entry} holds the state the session stayed in, and what was refused. */
    void appendIgnored(String sessionId, HistoryEntry entry) {
        append(sessionId, entry, true);
    }

    private void append(String sessionId, HistoryEntry entry, boolean ignored) {
        jdbc.sql("""
                INSERT INTO session_history (session_id, seq, state, reason, at, ignored)
                VALUES (:id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM session_history WHERE session_id = :id),
                        :state, :reason, :at, :ignored)
                """)
                .param("id", sessionId).param("state", entry.state().name()).param("reason", entry.reason())
                .param("at", SqlTime.of(entry.at())).param("ignored", ignored).update();
    }

    public Optional<Session> find(String id) {
        return jdbc.sql("SELECT * FROM session WHERE id = :id").param("id", id).query(this::map).optional();
    }

    /** Locks the row for the rest of the transaction. */
    public Optional<Session> lock(String id) {
        return jdbc.sql("SELECT * FROM session WHERE id = :id FOR UPDATE").param("id", id).query(this::map).optional();
    }

    public List<Session> byCluster(String clusterId) {
        return jdbc.sql("SELECT * FROM session WHERE cluster_id = :cluster ORDER BY created_at")
                .param("cluster", clusterId).query(this::map).list();
    }

    /** Sessions that are neither ended nor failed. */
    public List<Session> live() {
        return jdbc.sql("SELECT * FROM session WHERE state NOT IN ('ENDED', 'FAILED')").query(this::map).list();
    }

    public List<Session> byOwner(String owner) {
        return jdbc.sql("SELECT * FROM session WHERE owner = :owner ORDER BY created_at DESC LIMIT 1000")
                .param("owner", owner).query(this::map).list();
    }

    /** The session's state changes, in order. */
    public List<HistoryEntry> history(String sessionId) {
        return history(sessionId, false);
    }

    /** The state changes asked for and not made (repeated, late or illegal triggers), in order. */
    public List<HistoryEntry> ignored(String sessionId) {
        return history(sessionId, true);
    }

    private List<HistoryEntry> history(String sessionId, boolean ignored) {
        return jdbc.sql("SELECT state, reason, at FROM session_history WHERE session_id = :id AND ignored = :ignored "
                        + "ORDER BY seq")
                .param("id", sessionId).param("ignored", ignored)
                .query((rs, i) -> new HistoryEntry(SessionState.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getTimestamp(3).toInstant()))
                .list();
    }

    private Session map(ResultSet rs, int row) throws SQLException {
        String endReason = rs.getString("end_reason");
        return new Session(rs.getString("id"), rs.getString("owner"), rs.getString("name"), rs.getString("kind"),
                rs.getString("runtime_version"), json.readValue(rs.getString("size"), ClusterSize.class),
                rs.getInt("timeout_minutes"), json.readValue(rs.getString("conf"), CONF),
                SessionState.valueOf(rs.getString("state")), rs.getString("cluster_id"),
                endReason == null ? null : EndReason.valueOf(endReason), rs.getString("message"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"), new SessionEnvironment(rs.getString("environment_state"),
                        rs.getString("environment_hash"), rs.getString("environment_archive")),
                rs.getString("master_url"));
    }
}
