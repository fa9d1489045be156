package io.kindling.kit.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox backlog: {@code kindling.outbox.backlog} (events written, not yet on the bus) and
 * {@code kindling.outbox.oldest.age} (seconds the oldest of them has waited). Read from the table at most once
 * a second, however often it is scraped; a database that does not answer reads as NaN.
 */
public class OutboxMetrics implements MeterBinder {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(Instant.EPOCH, Double.NaN, Double.NaN);

    public OutboxMetrics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("kindling.outbox.backlog", this, m -> m.current().backlog())
                .description("Events written to the outbox and not yet published").register(registry);
        Gauge.builder("kindling.outbox.oldest.age", this, m -> m.current().oldestAgeSeconds())
                .description("Seconds the oldest unpublished event has waited").baseUnit("seconds")
                .register(registry);
    }

    private Snapshot current() {
        Snapshot last = snapshot;
        Instant now = clock.instant();
        if (Duration.between(last.at(), now).compareTo(FRESH_FOR) < 0) {
            return last;
        }
        Snapshot next;
        try {
            next = jdbc.sql("SELECT count(*), min(created_at) FROM outbox WHERE sent_at IS NULL")
                    .query((rs, i) -> {
                        Timestamp oldest = rs.getTimestamp(2);
                        return new Snapshot(now, rs.getLong(1), oldest == null ? 0
                                : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0));
                    }).single();
        } catch (RuntimeException databaseDown) {
            next = new Snapshot(now, Double.NaN, Double.NaN);
        }
        snapshot = next;
        return next;
    }

    private record Snapshot(Instant at, double backlog, double oldestAgeSeconds) {
    }
}
