package io.kindling.gateway.session;

import io.kindling.events.SessionRequested;
import io.kindling.events.SessionStopRequested;
import io.kindling.kit.jdbc.SqlTime;
import io.kindling.kit.outbox.Outbox;
import io.kindling.kit.problem.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.security.SecureRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's record of accepted requests; each is written with its event in one transaction. */
@Component
class SessionRequests {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final JsonMapper json;

    SessionRequests(JdbcClient jdbc, Outbox outbox, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
        this.json = json;
    }

    /** Accepts a valid request, or returns the session an earlier request with the same idempotency key made. */
    @Transactional
    AcceptedSession accept(String owner, String workspace, SessionSpec spec, Optional<String> idempotencyKey) {
        String specJson = json.writeValueAsString(spec);
        String hash = Integer.toHexString(specJson.hashCode());
        if (idempotencyKey.isPresent()) {
            Optional<IdempotentHit> hit = jdbc.sql("SELECT session_id, request_hash FROM idempotency_key "
                            + "WHERE owner = :owner AND key = :key")
                    .param("owner", owner).param("key", idempotencyKey.get())
                    .query((rs, i) -> new IdempotentHit(rs.getString(1), rs.getString(2))).optional();
            if (hit.isPresent()) {
                if (!hit.get().hash().equals(hash)) {
                    throw ApiProblem.conflict("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key '" + idempotencyKey.get()
                            + "' was used for a different request").with("sessionId", hit.get().sessionId());
                }
                return find(hit.get().sessionId()).orElseThrow();
            }
        }
        Instant now = clock.instant();
        AcceptedSession session = new AcceptedSession(newId(), owner, spec, now);
        jdbc.sql("INSERT INTO session_request (id, owner, workspace, name, spec, created_at) "
                        + "VALUES (:id, :owner, :workspace, :name, CAST(:spec AS jsonb), :at)")
                .param("id", session.id()).param("owner", owner).param("workspace", workspace)
                .param("name", spec.name())
                .param("spec", specJson).param("at", SqlTime.of(now)).update();
        idempotencyKey.ifPresent(key -> jdbc.sql("INSERT INTO idempotency_key (owner, key, request_hash, session_id, "
                        + "created_at) VALUES (:owner, :key, :hash, :id, :at)")
                .param("owner", owner).param("key", key).param("hash", hash).param("id", session.id())
                .param("at", SqlTime.of(now)).update());
        outbox.add(new SessionRequested(session.id(), 1, owner, spec.name(), spec.kind(), spec.runtimeVersion(),
                spec.size(), spec.timeoutMinutes(), spec.conf(), now, spec.conda(), spec.compute()));
        return session;
    }

    Optional<AcceptedSession> find(String id) {
        return jdbc.sql("SELECT id, owner, spec::text, created_at FROM session_request WHERE id = :id")
                .param("id", id).query((rs, i) -> new AcceptedSession(rs.getString(1), rs.getString(2),
                        json.readValue(rs.getString(3), SessionSpec.class), rs.getTimestamp(4).toInstant()))
                .optional();
    }

    List<AcceptedSession> list(String owner) {
        return jdbc.sql("SELECT id, owner, spec::text, created_at FROM session_request WHERE owner = :owner "
                        + "ORDER BY created_at DESC LIMIT 1000")
                .param("owner", owner).query((rs, i) -> new AcceptedSession(rs.getString(1), rs.getString(2),
                        json.readValue(rs.getString(3), SessionSpec.class), rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** The sessions asked for in {@code workspace}, newest first (at most 1000). */
    List<AcceptedSession> inWorkspace(String workspace) {
        return jdbc.sql("SELECT id, owner, spec::text, created_at FROM session_request WHERE workspace = :workspace "
                        + "ORDER BY created_at DESC LIMIT 1000")
                .param("workspace", workspace).query((rs, i) -> new AcceptedSession(rs.getString(1), rs.getString(2),
                        json.readValue(rs.getString(3), SessionSpec.class), rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** Publishes SessionStopRequested once per session; a repeated stop is a no-op. */
    @Transactional
    void requestStop(String sessionId, String by) {
        Instant now = clock.instant();
        int inserted = jdbc.sql("INSERT INTO stop_request (session_id, requested_by, requested_at) "
                        + "VALUES (:id, :by, :at) ON CONFLICT DO NOTHING")
                .param("id", sessionId).param("by", by).param("at", SqlTime.of(now)).update();
        if (inserted == 1) {
            outbox.add(new SessionStopRequested(sessionId, 2, by, now));
        }
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "s-" + HexFormat.of().formatHex(bytes);
    }

    private record IdempotentHit(String sessionId, String hash) {
    }
}
