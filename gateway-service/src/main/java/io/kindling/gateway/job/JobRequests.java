package io.kindling.gateway.job;

import io.kindling.events.JobCancelRequested;
import io.kindling.events.JobAccess;
import io.kindling.events.JobSubmitted;
import io.kindling.gateway.artifact.Artifacts;
import io.kindling.gateway.artifact.StoredCode;
import io.kindling.kit.jdbc.SqlTime;
import io.kindling.kit.outbox.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's record of accepted jobs and cancel requests; each is written with its event in one transaction. */
@Component
class JobRequests {

    private static final String SELECT = "SELECT id, owner, name, display_name, experiment_name, description, "
            + "tags::text, runtime_version, instance_type, compute, spec, code, artifact_id, request_hash, created_at "
            + "FROM accepted_job ";

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Artifacts artifacts;
    private final Clock clock;
    private final JsonMapper json;

    JobRequests(JdbcClient jdbc, Outbox outbox, Artifacts artifacts, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.artifacts = artifacts;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Records the job (and its uploaded code) and publishes JobSubmitted.
     *
     * @throws org.springframework.dao.DuplicateKeyException when a concurrent retry with the same
     *                                                       {@code Idempotency-Key} got there first
     */
    @Transactional
    void accept(AcceptedJob job, StoredCode uploaded, String idempotencyKey, JobAccess access) {
        if (uploaded != null) {
            artifacts.record(job.owner(), uploaded, Artifacts.Origin.JOB);
        }
        jdbc.sql("""
                        INSERT INTO accepted_job (id, owner, workspace, name, display_name, experiment_name,
                            description, tags, runtime_version, instance_type, compute, spec, code, artifact_id,
                            request_hash, created_at, idempotency_key)
                        VALUES (:id, :owner, :workspace, :name, :displayName, :experiment, :description,
                            CAST(:tags AS json),
                            :runtime, :instanceType, :compute, :spec, :code, :artifact, :hash, :at, :key)
                        """)
                .param("id", job.id()).param("owner", job.owner())
                .param("workspace", access.workspace()).param("name", job.name())
                .param("displayName", job.displayName()).param("experiment", job.experimentName())
                .param("description", job.description()).param("tags", json.writeValueAsString(job.tags()))
                .param("runtime", job.runtimeVersion()).param("instanceType", job.instanceType())
                .param("compute", job.compute()).param("spec", job.spec()).param("code", job.code())
                .param("artifact", job.artifactId()).param("hash", job.fingerprint())
                .param("at", SqlTime.of(job.createdAt())).param("key", idempotencyKey).update();
        outbox.add(new JobSubmitted(job.id(), 1, job.owner(), job.spec(), job.code(), job.createdAt(), access));
    }

    Optional<AcceptedJob> find(String id) {
        return jdbc.sql(SELECT + "WHERE id = :id").param("id", id)
                .query(this::row).optional();
    }

    /** The jobs accepted in {@code workspace}, newest first (at most 1000). */
    List<AcceptedJob> inWorkspace(String workspace) {
        return jdbc.sql(SELECT + "WHERE workspace = :workspace ORDER BY created_at DESC LIMIT 1000")
                .param("workspace", workspace).query(this::row).list();
    }

    List<AcceptedJob> list(String owner) {
        return jdbc.sql(SELECT + "WHERE owner = :owner ORDER BY created_at DESC LIMIT 1000")
                .param("owner", owner).query(this::row).list();
    }

    /**
     * Publishes JobCancelRequested once per job; a repeated cancel is a no-op. Generation 2: it follows the
     * gateway's JobSubmitted (generation 1) about the same job.
     */
    @Transactional
    void requestCancel(String jobId, String by) {
        Instant now = clock.instant();
        int inserted = jdbc.sql("INSERT INTO job_cancel_request (job_id, requested_by, requested_at) "
                        + "VALUES (:id, :by, :at) ON CONFLICT DO NOTHING")
                .param("id", jobId).param("by", by).param("at", SqlTime.of(now)).update();
        if (inserted == 1) {
            outbox.add(new JobCancelRequested(jobId, 2, by, now));
        }
    }

    private AcceptedJob row(ResultSet rs, int i) throws SQLException {
        return new AcceptedJob(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), json.readValue(rs.getString(7), new TypeReference<LinkedHashMap<String, String>>() {
                }), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getString(13), rs.getString(14), rs.getTimestamp(15).toInstant());
    }
}
