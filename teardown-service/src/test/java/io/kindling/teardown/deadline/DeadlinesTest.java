package io.kindling.teardown.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindling.embedded.EmbeddedDatabase;
import io.kindling.events.ClusterProvisioned;
import io.kindling.events.ClusterReleased;
import io.kindling.events.SessionBusy;
import io.kindling.events.SessionEnded;
import io.kindling.events.SessionIdle;
import io.kindling.kit.cloudevents.EventCodec;
import io.kindling.kit.outbox.Outbox;
import io.kindling.kit.outbox.OutboxSignal;
import io.kindling.kit.tracing.Traces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The deadline rules with a fake clock, on a real PostgreSQL: exact due times, staleness, replicas, restarts. */
@Tag("integration")
class DeadlinesTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final Traces TRACES = new Traces(OpenTelemetry.noop());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DeadlineTelemetry telemetry = new DeadlineTelemetry(TRACES, meters);

    private static EmbeddedDatabase db;
    private static PGSimpleDataSource dataSource;
    private MutableClock clock;
    private JdbcClient jdbc;
    private TransactionTemplate tx;
    private DeadlineRepository deadlines;
    private DeadlinePlanner planner;
    private Outbox outbox;

    @BeforeAll
    static void database() {
        db = EmbeddedDatabase.start(0, null);
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(db.jdbcUrl() + "?currentSchema=teardown");
        dataSource.setUser(db.username());
        dataSource.setPassword(db.password());
        Flyway.configure().dataSource(dataSource).schemas("teardown").defaultSchema("teardown")
                .locations("classpath:db/kit", "classpath:db/teardown").load().migrate();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @BeforeEach
    void fresh() {
        clock = new MutableClock(T0);
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("TRUNCATE deadline, outbox").update();
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        deadlines = new DeadlineRepository(jdbc);
        planner = new DeadlinePlanner(deadlines, clock, GRACE, telemetry);
        outbox = new Outbox(jdbc, new EventCodec(), clock, new OutboxSignal(),
                TRACES);
    }

    @Test
    void idleSessionExpiresExactlyAtItsTimeoutAndOnlyOnce() {
        inTx(() -> planner.onIdle(new SessionIdle("s-1", 4, "kc-1", T0, 3, T0.plusSeconds(180))));
        DeadlineSweeper sweeper = sweeper();

        clock.advance(Duration.ofSeconds(179));
        assertThat(sweeper.sweep()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sweeper.sweep()).isEqualTo(1);
        assertThat(sweeper.sweep()).isZero();

        assertThat(events()).containsExactly("kindling.session.expired.v1 s-1");
        assertThat(jdbc.sql("SELECT payload->>'idleGeneration' FROM outbox").query(String.class).single()).isEqualTo("4");
        Deadline fired = deadlines.bySubject("s-1").get(0);
        assertThat(fired.state()).isEqualTo(DeadlineState.FIRED);
        assertThat(fired.dueAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(fired.firedAt()).isEqualTo(T0.plusSeconds(180));
    }

    @Test
    void busySessionNeverExpiresHoweverLongItsStatementRuns() {
        inTx(() -> planner.onIdle(new SessionIdle("s-2", 4, "kc-1", T0, 3, T0.plusSeconds(180))));
        clock.advance(Duration.ofSeconds(60));
        inTx(() -> planner.onBusy(new SessionBusy("s-2", 5, clock.instant())));

        clock.advance(Duration.ofHours(5));
        assertThat(sweeper().sweep()).isZero();
        assertThat(deadlines.bySubject("s-2")).extracting(Deadline::state).containsExactly(DeadlineState.CANCELLED);

        // idle again after the statement: a new period with a new due time
        Instant idleAgain = clock.instant();
        inTx(() -> planner.onIdle(new SessionIdle("s-2", 6, "kc-1", idleAgain, 3, idleAgain.plusSeconds(180))));
        clock.advance(Duration.ofSeconds(180));
        assertThat(sweeper().sweep()).isEqualTo(1);
        assertThat(deadlines.bySubject("s-2")).extracting(Deadline::state)
                .containsExactly(DeadlineState.CANCELLED, DeadlineState.FIRED);
    }

    @Test
    void endedSessionCancelsItsExpiry() {
        inTx(() -> planner.onIdle(new SessionIdle("s-3", 4, "kc-1", T0, 3, T0.plusSeconds(180))));
        inTx(() -> planner.onSessionEnded(new SessionEnded("s-3", 8, "kc-1", false, "STOPPED_BY_USER", "", T0)));
        clock.advance(Duration.ofHours(1));
        assertThat(sweeper().sweep()).isZero();
    }

    @Test
    void warmClusterIsDueAfterTheGraceUnlessReservedAgain() {
        inTx(() -> planner.onReleased(new ClusterReleased("kc-a", 3, "s-a", T0)));
        inTx(() -> planner.onReleased(new ClusterReleased("kc-b", 3, "s-b", T0)));
        clock.advance(Duration.ofMinutes(2));
        inTx(() -> planner.onReserved(new ClusterProvisioned("kc-b", 4, "s-b2", "4.2", "spark://x", "http://x",
                "http://x", clock.instant(), ClusterProvisioned.WARM)));

        clock.advance(GRACE.minus(Duration.ofMinutes(2)).minusMillis(1));
        assertThat(sweeper().sweep()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(sweeper().sweep()).isEqualTo(1);
        assertThat(events()).containsExactly("kindling.cluster.teardown-due.v1 kc-a");
        assertThat(jdbc.sql("SELECT payload->>'dueAt' FROM outbox").query(String.class).single())
                .isEqualTo(T0.plus(GRACE).toString());
    }

    @Test
    void theSameEventTwiceSchedulesOneDeadline() {
        SessionIdle idle = new SessionIdle("s-4", 4, "kc-1", T0, 3, T0.plusSeconds(180));
        inTx(() -> planner.onIdle(idle));
        inTx(() -> planner.onIdle(idle));
        assertThat(deadlines.bySubject("s-4")).hasSize(1);
    }

    @Test
    void deadlinesDueWhileNoSweeperRanFireAtTheFirstSweepAfterARestart() {
        for (int i = 0; i < 5; i++) {
            String id = "s-restart-" + i;
            inTx(() -> planner.onIdle(new SessionIdle(id, 4, "kc-1", T0, 1, T0.plusSeconds(60))));
        }
        clock.advance(Duration.ofMinutes(30)); // the service was down
        DeadlineSweeper afterRestart = sweeper();
        assertThat(afterRestart.sweep()).isEqualTo(5);
        assertThat(deadlines.bySubject("s-restart-0").get(0).firedAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        // operators see how late they fired
        assertThat(meters.get("kindling.deadlines.fired").tag("kind", "session_expiry").counter().count()).isEqualTo(5);
        assertThat(meters.get("kindling.deadline.lateness").tag("kind", "session_expiry").timer()
                .max(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(29 * 60);
    }

    @Test
    void replicasSweepingTogetherFireEachDeadlineOnce() throws Exception {
        int count = 300;
        for (int i = 0; i < count; i++) {
            String id = "s-many-" + i;
            inTx(() -> planner.onIdle(new SessionIdle(id, 4, "kc-1", T0, 1, T0.plusSeconds(60))));
        }
        clock.advance(Duration.ofMinutes(2));
        ExecutorService replicas = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Integer>> work = List.of(this::drain, this::drain, this::drain);
            int fired = 0;
            for (Future<Integer> f : replicas.invokeAll(work)) {
                fired += f.get();
            }
            assertThat(fired).isEqualTo(count);
        } finally {
            replicas.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single()).isEqualTo(count);
        assertThat(jdbc.sql("SELECT count(DISTINCT aggregate_id) FROM outbox").query(Long.class).single())
                .isEqualTo(count);
    }

    private int drain() {
        DeadlineSweeper replica = new DeadlineSweeper(deadlines, outbox,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), clock, Duration.ofMillis(10), 7, telemetry);
        int total = 0;
        int fired;
        do {
            fired = replica.sweep();
            total += fired;
        } while (fired > 0);
        return total;
    }

    private DeadlineSweeper sweeper() {
        return new DeadlineSweeper(deadlines, outbox, tx, clock, Duration.ofMillis(250), 100, telemetry);
    }

    private List<String> events() {
        return jdbc.sql("SELECT event_type || ' ' || aggregate_id FROM outbox ORDER BY id").query(String.class).list();
    }

    private void inTx(Runnable work) {
        tx.executeWithoutResult(s -> work.run());
    }
}
