package io.kindling.session.job;

import io.kindling.events.JobAccess;
import io.kindling.kit.jdbc.SqlTime;
import io.kindling.session.session.SessionEnvironment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Jobs, their history and their kept driver output in the {@code session} schema. */
@Repository
public class JobRepository {

    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JobRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @return false when a job with this id exists already (the event was delivered before) */
    boolean insert(Job j) {
        return jdbc.sql("""
                INSERT INTO job (id, owner, spec, code, access, state, created_at, updated_at, version)
                VALUES (:id, :owner, :spec, :code, CAST(:access AS jsonb), :state, :created, :updated, :version)
                ON CONFLICT (id) DO NOTHING
                """)
                .param("id", j.id()).param("owner", j.owner()).param("spec", j.spec()).param("code", j.code())
                .param("access", j.access() == null ? null : json.writeValueAsString(j.access()))
                .param("state", j.state().name()).param("created", SqlTime.of(j.createdAt()))
                .param("updated", SqlTime.of(j.updatedAt())).param("version", j.version())
                .update() == 1;
    }

    /** Writes the new value if nobody changed the row since {@code expectedVersion}. */
    void update(Job j, long expectedVersion) {
        JobCluster c = j.cluster();
        int rows = jdbc.sql("""
                UPDATE job SET name = :name, display_name = :displayName, experiment_name = :experiment,
                       description = :description, tags = CAST(:tags AS jsonb), runtime_version = :runtime,
                       instance_type = :instanceType, compute = :compute, state = :state,
                       failure_reason = :failure, exit_reason = :exit, cluster_id = :cluster,
                       master_url = :master, rest_url = :rest, web_ui_url = :ui, driver_id = :driver,
                       environment_state = :envState, environment_hash = :envHash,
                       environment_archive = :envArchive,
                       submit_attempted = :attempted, cancel_requested = :cancel, updated_at = :updated,
                       version = :version
                WHERE id = :id AND version = :expected
                """)
                .param("name", j.name()).param("displayName", j.displayName())
                .param("experiment", j.experimentName()).param("description", j.description())
                .param("tags", json.writeValueAsString(j.tags())).param("runtime", j.runtimeVersion())
                .param("instanceType", j.instanceType()).param("compute", j.compute())
                .param("state", j.state().name())
                .param("failure", j.failureReason() == null ? null : j.failureReason().name())
                .param("exit", j.exitReason()).param("cluster", c == null ? null : c.id())
                .param("master", c == null ? null : c.masterUrl()).param("rest", c == null ? null : c.restUrl())
                .param("ui", c == null ? null : c.webUiUrl()).param("driver", j.driverId())
                .param("envState", j.environment().state()).param("envHash", j.environment().hash())
                .param("envArchive", j.environment().archiveUri())
                .param("attempted", j.submitAttempted()).param("cancel", j.cancelRequested())
                .param("updated", SqlTime.of(j.updatedAt())).param("version", j.version())
                .param("id", j.id()).param("expected", expectedVersion)
                .update();
        if (rows != 1) {
            throw new IllegalStateException("job " + j.id() + " changed concurrently (expected version "
                    + expectedVersion + ")");
        }
    }

    void appendHistory(String jobId, JobHistoryEntry entry) {
        jdbc.sql("""
                INSERT INTO job_history (job_id, seq, state, reason, at)
                VALUES (:id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM job_history WHERE job_id = :id),
                        :state, :reason, :at)
                """)
                .param("id", jobId).param("state", entry.state().name()).param("reason", entry.reason())
                .param("at", SqlTime.of(entry.at())).update();
    }

    /** Keeps the tail of a driver stream; {@code truncated} bytes of its start were dropped. */
    void keepLog(String jobId, String stream, String content, long truncated) {
        jdbc.sql("""
                INSERT INTO job_log (job_id, stream, content, truncated) VALUES (:id, :stream, :content, :truncated)
                ON CONFLICT (job_id, stream) DO UPDATE SET content = :content, truncated = :truncated
                """)
                .param("id", jobId).param("stream", stream).param("content", content.replace("\u0000", ""))
                .param("truncated", truncated).update();
    }

    public Optional<String> keptLog(String jobId, String stream) {
        return jdbc.sql("SELECT content FROM job_log WHERE job_id = :id AND stream = :stream")
                .param("id", jobId).param("stream", stream).query(String.class).optional();
    }

    public Optional<Job> find(String id) {
        return jdbc.sql("SELECT * FROM job WHERE id = :id").param("id", id).query(this::map).optional();
    }

    /** Locks the row for the rest of the transaction. */
    Optional<Job> lock(String id) {
        return jdbc.sql("SELECT * FROM job WHERE id = :id FOR UPDATE").param("id", id).query(this::map).optional();
    }

    public boolean exists(String id) {
        return jdbc.sql("SELECT count(*) FROM job WHERE id = :id").param("id", id).query(Long.class).single() > 0;
    }

    public List<Job> inState(JobState state) {
        return jdbc.sql("SELECT * FROM job WHERE state = :state ORDER BY created_at")
                .param("state", state.name()).query(this::map).list();
    }

    public List<Job> byOwner(String owner) {
        return jdbc.sql("SELECT * FROM job WHERE owner = :owner ORDER BY created_at DESC LIMIT 1000")
                .param("owner", owner).query(this::map).list();
    }

    /** The jobs submitted through the gateway in {@code workspace}, newest first. */
    public List<Job> byWorkspace(String workspace) {
        return jdbc.sql("SELECT * FROM job WHERE access->>'workspace' = :workspace ORDER BY created_at DESC LIMIT 1000")
                .param("workspace", workspace).query(this::map).list();
    }

    public List<JobHistoryEntry> history(String jobId) {
        return jdbc.sql("SELECT state, reason, at FROM job_history WHERE job_id = :id ORDER BY seq")
                .param("id", jobId)
                .query((rs, i) -> new JobHistoryEntry(JobState.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getTimestamp(3).toInstant()))
                .list();
    }

    private Job map(ResultSet rs, int row) throws SQLException {
        String failure = rs.getString("failure_reason");
        String clusterId = rs.getString("cluster_id");
        JobCluster cluster = clusterId == null ? null : new JobCluster(clusterId, rs.getString("master_url"),
                rs.getString("rest_url"), rs.getString("web_ui_url"));
        String access = rs.getString("access");
        return new Job(rs.getString("id"), rs.getString("owner"), rs.getString("spec"), rs.getString("code"),
                access == null ? null : json.readValue(access, JobAccess.class),
                rs.getString("name"), rs.getString("display_name"), rs.getString("experiment_name"),
                rs.getString("description"), json.readValue(rs.getString("tags"), TAGS),
                rs.getString("runtime_version"), rs.getString("instance_type"), rs.getString("compute"),
                JobState.valueOf(rs.getString("state")), failure == null ? null : FailureReason.valueOf(failure),
                rs.getString("exit_reason"), cluster, new SessionEnvironment(rs.getString("environment_state"),
                        rs.getString("environment_hash"), rs.getString("environment_archive")),
                rs.getString("driver_id"), rs.getBoolean("submit_attempted"),
                rs.getBoolean("cancel_requested"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"));
    }
}
