package io.kindling.conda.environment;

import io.kindling.kit.jdbc.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Builds, their history and the sessions using them. */
@Repository
public class EnvironmentRepository {

    private static final String BUILD_COLUMNS = "id, spec_hash, attempt, runtime, builder, spec, normalized_spec, "
            + "cached, state, failure, message, pending, pending_since, skipped::text, archive_uri, archive_bytes, "
            + "log_path, requested_at, started_at, finished_at, version";

    private final JdbcClient jdbc;

    EnvironmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serializes requests for one spec hash (single flight across replicas); held until the transaction ends. */
    void lockHash(String hash) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('environment:' || :hash))").param("hash", hash)
                .query((rs, i) -> 1).list();
    }

    void insert(EnvironmentBuild b) {
        jdbc.sql("INSERT INTO environment_build (id, spec_hash, attempt, runtime, builder, spec, normalized_spec, "
                        + "cached, state, skipped, requested_at, version) VALUES (:id, :hash, :attempt, :runtime, "
                        + ":builder, :spec, :normalized, :cached, :state, CAST(:skipped AS jsonb), :at, :version)")
                .param("id", b.id()).param("hash", b.specHash()).param("attempt", b.attempt())
                .param("runtime", b.runtime()).param("builder", b.builder()).param("spec", b.spec())
                .param("normalized", b.normalizedSpec()).param("cached", b.cached()).param("state", b.state().name())
                .param("skipped", b.skippedJson()).param("at", SqlTime.of(b.requestedAt())).param("version", b.version())
                .update();
    }

    void update(EnvironmentBuild b) {
        jdbc.sql("UPDATE environment_build SET cached = :cached, state = :state, failure = :failure, "
                        + "message = :message, pending = :pending, pending_since = :since, archive_uri = :uri, "
                        + "archive_bytes = :bytes, log_path = :log, started_at = :started, finished_at = :finished, "
                        + "version = :version WHERE id = :id")
                .param("cached", b.cached()).param("state", b.state().name())
                .param("failure", b.failure() == null ? null : b.failure().name()).param("message", b.message())
                .param("pending", b.pending()).param("since", SqlTime.of(b.pendingSince())).param("uri", b.archiveUri())
                .param("bytes", b.archiveBytes()).param("log", b.logPath()).param("started", SqlTime.of(b.startedAt()))
                .param("finished", SqlTime.of(b.finishedAt())).param("version", b.version()).param("id", b.id()).update();
    }

    /** Sends a build in progress to the cache when it finishes (a requester with the cache flag joined it). */
    void markCached(String id) {
        jdbc.sql("UPDATE environment_build SET cached = TRUE WHERE id = :id").param("id", id).update();
    }

    /** Records the step in progress without a state change (not a lifecycle event). */
    void updatePending(String id, String pending, Instant since) {
        jdbc.sql("UPDATE environment_build SET pending = :pending, pending_since = :since WHERE id = :id")
                .param("pending", pending).param("since", SqlTime.of(since)).param("id", id).update();
    }

    Optional<EnvironmentBuild> find(String id) {
        return jdbc.sql("SELECT " + BUILD_COLUMNS + " FROM environment_build WHERE id = :id").param("id", id)
                .query(EnvironmentRepository::build).optional();
    }

    Optional<EnvironmentBuild> lock(String id) {
        return jdbc.sql("SELECT " + BUILD_COLUMNS + " FROM environment_build WHERE id = :id FOR UPDATE")
                .param("id", id).query(EnvironmentRepository::build).optional();
    }

    Optional<EnvironmentBuild> inFlight(String hash) {
        return jdbc.sql("SELECT " + BUILD_COLUMNS + " FROM environment_build WHERE spec_hash = :hash "
                + "AND state IN ('REQUESTED', 'BUILDING')").param("hash", hash)
                .query(EnvironmentRepository::build).optional();
    }

    /** The newest READY build that went into the cache. */
    Optional<EnvironmentBuild> cachedReady(String hash) {
        return jdbc.sql("SELECT " + BUILD_COLUMNS + " FROM environment_build WHERE spec_hash = :hash "
                        + "AND state = 'READY' AND cached ORDER BY attempt DESC LIMIT 1").param("hash", hash)
                .query(EnvironmentRepository::build).optional();
    }

    int nextAttempt(String hash) {
        return jdbc.sql("SELECT COALESCE(MAX(attempt), 0) + 1 FROM environment_build WHERE spec_hash = :hash")
                .param("hash", hash).query(Integer.class).single();
    }

    /** Every build of a spec hash, newest first. */
    public List<EnvironmentBuild> builds(String hash) {
        return jdbc.sql("SELECT " + BUILD_COLUMNS + " FROM environment_build WHERE spec_hash = :hash "
                + "ORDER BY attempt DESC").param("hash", hash).query(EnvironmentRepository::build).list();
    }

    List<EnvironmentBuild> unfinished() {
        return jdbc.sql("SELECT " + BUILD_COLUMNS + " FROM environment_build WHERE state IN ('REQUESTED', 'BUILDING') "
                + "ORDER BY requested_at").query(EnvironmentRepository::build).list();
    }

    void appendHistory(String buildId, EnvironmentState state, String reason, Instant at) {
        jdbc.sql("INSERT INTO environment_history (build_id, state, reason, at) VALUES (:id, :state, :reason, :at)")
                .param("id", buildId).param("state", state.name()).param("reason", reason).param("at", SqlTime.of(at))
                .update();
    }

    /** (state, reason, at) rows of a build, oldest first. */
    public List<java.util.Map<String, Object>> history(String buildId) {
        return jdbc.sql("SELECT state, reason, at FROM environment_history WHERE build_id = :id ORDER BY seq")
                .param("id", buildId).query((rs, i) -> java.util.Map.<String, Object>of(
                        "state", rs.getString(1).toLowerCase(java.util.Locale.ROOT), "reason", rs.getString(2),
                        "at", rs.getTimestamp(3).toInstant().toString())).list();
    }

    void insertUse(EnvironmentUse u) {
        jdbc.sql("INSERT INTO environment_use (session_id, owner, spec_hash, build_id, cache_requested, cache_hit, "
                        + "state, message, requested_at, resolved_at) VALUES (:sid, :owner, :hash, :build, :req, :hit, "
                        + ":state, :message, :at, :resolved)")
                .param("sid", u.sessionId()).param("owner", u.owner()).param("hash", u.specHash())
                .param("build", u.buildId()).param("req", u.cacheRequested()).param("hit", u.cacheHit())
                .param("state", u.state()).param("message", u.message()).param("at", SqlTime.of(u.requestedAt()))
                .param("resolved", SqlTime.of(u.resolvedAt())).update();
    }

    Optional<EnvironmentUse> use(String sessionId) {
        return jdbc.sql("SELECT session_id, owner, spec_hash, build_id, cache_requested, cache_hit, state, message, "
                        + "requested_at, resolved_at FROM environment_use WHERE session_id = :sid")
                .param("sid", sessionId).query(EnvironmentRepository::use).optional();
    }

    List<EnvironmentUse> waitingOn(String buildId) {
        return jdbc.sql("SELECT session_id, owner, spec_hash, build_id, cache_requested, cache_hit, state, message, "
                        + "requested_at, resolved_at FROM environment_use WHERE build_id = :id AND state = 'WAITING' "
                        + "ORDER BY requested_at")
                .param("id", buildId).query(EnvironmentRepository::use).list();
    }

    /** Every use of a spec hash, newest first. */
    public List<EnvironmentUse> uses(String hash) {
        return jdbc.sql("SELECT session_id, owner, spec_hash, build_id, cache_requested, cache_hit, state, message, "
                        + "requested_at, resolved_at FROM environment_use WHERE spec_hash = :hash "
                        + "ORDER BY requested_at DESC LIMIT 200")
                .param("hash", hash).query(EnvironmentRepository::use).list();
    }

    void resolveUse(String sessionId, String state, Boolean cacheHit, String message, Instant at) {
        jdbc.sql("UPDATE environment_use SET state = :state, cache_hit = COALESCE(:hit, cache_hit), "
                        + "message = :message, resolved_at = COALESCE(resolved_at, :at) WHERE session_id = :sid")
                .param("state", state).param("hit", cacheHit).param("message", message).param("at", SqlTime.of(at))
                .param("sid", sessionId).update();
    }

    /** Whether any session of {@code owner} used the environment. */
    boolean usedBy(String hash, String owner) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM environment_use WHERE spec_hash = :hash AND owner = :owner)")
                .param("hash", hash).param("owner", owner).query(Boolean.class).single();
    }

    /** Uses of a build other than RELEASED ones. */
    int activeUses(String buildId) {
        return jdbc.sql("SELECT COUNT(*) FROM environment_use WHERE build_id = :id AND state <> 'RELEASED'")
                .param("id", buildId).query(Integer.class).single();
    }

    private static EnvironmentBuild build(ResultSet rs, int row) throws SQLException {
        Long bytes = rs.getObject(16, Long.class);
        return new EnvironmentBuild(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getBoolean(8), EnvironmentState.valueOf(rs.getString(9)),
                rs.getString(10) == null ? null : EnvironmentFailure.valueOf(rs.getString(10)), rs.getString(11),
                rs.getString(12), instant(rs.getTimestamp(13)), rs.getString(14), rs.getString(15),
                bytes, rs.getString(17), instant(rs.getTimestamp(18)),
                instant(rs.getTimestamp(19)), instant(rs.getTimestamp(20)), rs.getLong(21));
    }

    private static EnvironmentUse use(ResultSet rs, int row) throws SQLException {
        Boolean cacheHit = rs.getObject(6, Boolean.class);
        return new EnvironmentUse(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBoolean(5), cacheHit, rs.getString(7), rs.getString(8), instant(rs.getTimestamp(9)),
                instant(rs.getTimestamp(10)));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
