package io.kindling.session.session;

import io.kindling.kit.jdbc.SqlTime;
import io.kindling.kit.tx.AfterCommit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Session start latency, {@code kindling.session.start{start=cold|warm|prewarmed|attached}}: from the gateway
 * accepting the request to the session's first idle, by how its cluster came. The two facts are kept on the
 * session's row, so a restart in between loses no sample.
 */
@Component
public class SessionStarts {

    private final JdbcClient jdbc;
    private final MeterRegistry meters;

    SessionStarts(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** In the transaction that records the session. */
    void requested(String sessionId, Instant acceptedAt) {
        jdbc.sql("UPDATE session SET requested_at = :at WHERE id = :id")
                .param("at", acceptedAt == null ? null : SqlTime.of(acceptedAt)).param("id", sessionId).update();
    }

    /** In the transaction that applies its ClusterProvisioned: how the cluster came. */
    public void placed(String sessionId, String start) {
        jdbc.sql("UPDATE session SET start_kind = :start WHERE id = :id")
                .param("start", start).param("id", sessionId).update();
    }

    /** In the transaction of its first idle: records the latency once that commits. */
    void started(Session session) {
        jdbc.sql("SELECT requested_at, start_kind FROM session WHERE id = :id").param("id", session.id())
                .query(rs -> {
                    Timestamp requested = rs.getTimestamp(1);
                    String start = rs.getString(2);
                    Instant from = requested == null ? session.createdAt() : requested.toInstant();
                    Duration took = Duration.between(from, session.updatedAt());
                    Timer timer = Timer.builder("kindling.session.start")
                            .description("From the request's acceptance to the session's first idle")
                            .tag("start", start == null ? "unknown" : start)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofMinutes(15))
                            .register(meters);
                    AfterCommit.run(() -> timer.record(took.isNegative() ? Duration.ZERO : took));
                });
    }
}
