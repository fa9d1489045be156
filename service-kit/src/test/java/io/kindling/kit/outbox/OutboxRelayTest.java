package io.kindling.kit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.embedded.EmbeddedDatabase;
import io.kindling.kit.jdbc.SqlTime;
import io.kindling.kit.tracing.Traces;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay against a bus that does not take its rows, on a real PostgreSQL with the kit's migrations. */
class OutboxRelayTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    /** What the producer waits before it gives a row up (delivery.timeout.ms in the kit's defaults). */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STUCK_AFTER = Duration.ofSeconds(30);

    private static EmbeddedDatabase db;
    private static JdbcClient jdbc;
    private static TransactionTemplate tx;

    @BeforeAll
    static void start() {
        db = EmbeddedDatabase.start(0, null);
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).schemas("relaytest")
                .defaultSchema("relaytest").locations("classpath:db/kit").load().migrate();
        DriverManagerDataSource ds = new DriverManagerDataSource(db.jdbcUrl() + "?currentSchema=relaytest",
                db.username(), db.password());
        jdbc = JdbcClient.create(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    /**
     * The broker went away as the batch went out; the producer says so only at its delivery timeout. The relay is
     * failing since the batch went out, so readiness says the outbox is stuck once {@code stuck-after} has passed
     * since then, not {@code stuck-after} plus the delivery timeout.
     */
    @Test
    void aFailingRelayIsFailingSinceItsBatchWentOut() {
        jdbc.sql("""
                INSERT INTO outbox (event_id, event_type, topic, aggregate_id, payload, occurred_at, created_at)
                VALUES (:id, 'kindling.test.v1', 'kindling.test', 's-1', '{}', :at, :at)
                """).param("id", UUID.randomUUID()).param("at", SqlTime.of(T0)).update();
        MutableClock clock = new MutableClock(T0);
        EventPublisher brokerAway = row -> {
            clock.advance(DELIVERY_TIMEOUT);
            return CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s): 15000 ms has passed"));
        };
        OutboxProperties props = new OutboxProperties(Duration.ofMillis(500), 200, Duration.ofDays(1), STUCK_AFTER);
        OutboxRelay relay = new OutboxRelay(jdbc, tx, brokerAway, new OutboxSignal(), props, clock, "test",
                new Traces(OpenTelemetry.noop()));
        OutboxHealth health = new OutboxHealth(relay, clock, STUCK_AFTER);

        assertThatThrownBy(relay::round).hasMessageContaining("bus did not take event");
        assertThat(relay.progress().failingSince()).as("when the relay started failing").isEqualTo(T0);
        assertThat(relay.progress().lastError()).contains("Expiring 1 record(s)");

        // a second failing round does not move it
        assertThatThrownBy(relay::round).hasMessageContaining("bus did not take event");
        assertThat(relay.progress().failingSince()).isEqualTo(T0);
        assertThat(jdbc.sql("SELECT attempts FROM outbox WHERE aggregate_id = 's-1'").query(Integer.class).single())
                .isEqualTo(2);

        // 30 s (two delivery timeouts) after the first batch went out: not yet stuck; past that, stuck
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        clock.advance(Duration.ofSeconds(1));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("failingSince", T0.toString());
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
