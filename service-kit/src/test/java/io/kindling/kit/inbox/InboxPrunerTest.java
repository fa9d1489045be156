package io.kindling.kit.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.embedded.EmbeddedDatabase;
import io.kindling.events.SessionStopRequested;
import io.kindling.kit.cloudevents.InboundEvent;
import io.kindling.kit.jdbc.SqlTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The inbox forgets applied events past its retention, on a real PostgreSQL with the kit's migrations. */
class InboxPrunerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(8);

    private static EmbeddedDatabase db;

    @BeforeAll
    static void start() {
        db = EmbeddedDatabase.start(0, null);
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anEventPastTheRetentionIsForgottenAndOneWithinItIsStillADuplicate() {
        JdbcClient jdbc = migrated("prune_one");
        TransactionTemplate tx = tx("prune_one");
        admitAt(jdbc, tx, T0, "old", "s-1", 1);
        admitAt(jdbc, tx, T0.plus(Duration.ofDays(1)), "recent", "s-2", 1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InboxPruner pruner = new InboxPruner(jdbc, Clock.fixed(T0.plus(RETENTION).plusSeconds(1), ZoneOffset.UTC),
                new InboxProperties(Duration.ofMinutes(4), RETENTION), meters, "test");

        assertThat(pruner.prune()).isEqualTo(1);

        assertThat(jdbc.sql("SELECT event_id FROM processed_event").query(String.class).list())
                .containsExactly("recent");
        assertThat(meters.get("kindling.inbox.pruned").counter().count()).isEqualTo(1);
        Instant later = T0.plus(RETENTION).plusSeconds(2);
        assertThat(admitAt(jdbc, tx, later, "recent", "s-2", 1)).isEqualTo(EventInbox.Verdict.DUPLICATE);
        // the watermark of s-1 outlives its event: an older generation is still stale
        assertThat(admitAt(jdbc, tx, later, "older", "s-1", 0))
                .as("an older generation of an aggregate whose event was forgotten")
                .isEqualTo(EventInbox.Verdict.STALE);
        assertThat(pruner.prune()).isZero();
    }

    @Test
    void aBacklogLargerThanAChunkGoesInChunksUntilNoneIsLeft() {
        JdbcClient jdbc = migrated("prune_many");
        int backlog = InboxPruner.CHUNK * 2 + 7;
        jdbc.sql("""
                INSERT INTO processed_event (event_id, event_type, source, subject, outcome, processed_at)
                SELECT 'e-' || i, 'kindling.test.v1', 'test', 's-' || i, 'APPLIED', :at FROM generate_series(1, :n) i
                """).param("at", SqlTime.of(T0)).param("n", backlog).update();
        jdbc.sql("""
                INSERT INTO processed_event (event_id, event_type, source, subject, outcome, processed_at)
                VALUES ('kept', 'kindling.test.v1', 'test', 's-kept', 'APPLIED', :at)
                """).param("at", SqlTime.of(T0.plus(Duration.ofDays(1)))).update();
        InboxPruner pruner = new InboxPruner(jdbc, Clock.fixed(T0.plus(RETENTION).plusSeconds(1), ZoneOffset.UTC),
                new InboxProperties(Duration.ofMinutes(4), RETENTION), new SimpleMeterRegistry(), "test");

        assertThat(pruner.prune()).isEqualTo(backlog);
        assertThat(jdbc.sql("SELECT event_id FROM processed_event").query(String.class).list())
                .containsExactly("kept");
    }

    /**
     * A service's database migrated before the pruning index existed: its own migrations are past the kit's new
     * one, and Flyway takes the kit's only with the kit's {@code spring.flyway.out-of-order}.
     */
    @Test
    void aDatabaseMigratedBeforeTheKitsNewMigrationTakesItOnTheNextStart() throws IOException {
        String schema = "upgraded";
        flyway(schema, false).locations("classpath:db/kit").target("0.1").load().migrate();
        flyway(schema, false).locations("classpath:db/none").ignoreMigrationPatterns("*:missing")
                .javaMigrations(new V1__service_tables()).load().migrate();

        assertThatThrownBy(() -> flyway(schema, false).locations("classpath:db/kit")
                .javaMigrations(new V1__service_tables()).load().migrate())
                .hasMessageContaining("0.2");
        flyway(schema, kitDefaultOutOfOrder()).locations("classpath:db/kit")
                .javaMigrations(new V1__service_tables()).load().migrate();

        assertThat(JdbcClient.create(dataSource(schema)).sql(
                        "SELECT count(*) FROM pg_indexes WHERE schemaname = :schema AND indexname = :index")
                .param("schema", schema).param("index", "processed_event_processed_at").query(Long.class).single())
                .isEqualTo(1);
    }

    /** What a service's own first migration stands for (Flyway reads the version from the class name). */
    static class V1__service_tables extends BaseJavaMigration {
        @Override
        public void migrate(Context context) throws Exception {
            try (var statement = context.getConnection().createStatement()) {
                statement.execute("CREATE TABLE service_table (id TEXT PRIMARY KEY)");
            }
        }
    }

    private static boolean kitDefaultOutOfOrder() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = InboxPrunerTest.class.getResourceAsStream("/kindling-kit-defaults.properties")) {
            defaults.load(in);
        }
        return Boolean.parseBoolean(defaults.getProperty("spring.flyway.out-of-order"));
    }

    private static EventInbox.Verdict admitAt(JdbcClient jdbc, TransactionTemplate tx, Instant at, String id,
                                              String subject, long generation) {
        EventInbox inbox = new EventInbox(jdbc, Clock.fixed(at, ZoneOffset.UTC));
        InboundEvent event = new InboundEvent(id, SessionStopRequested.TYPE, "test", subject, at,
                new SessionStopRequested(subject, generation, "alice", at));
        return tx.execute(status -> inbox.admit(event));
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String schema, boolean outOfOrder) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).schemas(schema)
                .defaultSchema(schema).outOfOrder(outOfOrder);
    }

    private static JdbcClient migrated(String schema) {
        flyway(schema, false).locations("classpath:db/kit").load().migrate();
        return JdbcClient.create(dataSource(schema));
    }

    private static TransactionTemplate tx(String schema) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource(schema)));
    }

    private static DriverManagerDataSource dataSource(String schema) {
        return new DriverManagerDataSource(db.jdbcUrl() + "?currentSchema=" + schema, db.username(), db.password());
    }
}
