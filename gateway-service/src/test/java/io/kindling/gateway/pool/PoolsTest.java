package io.kindling.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.embedded.EmbeddedDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The attached pools on a real PostgreSQL, with the gateway's own migrations. */
class PoolsTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    private static EmbeddedDatabase db;
    private static JdbcClient jdbc;
    private static TransactionTemplate tx;
    private static Pools pools;

    @BeforeAll
    static void start() {
        db = EmbeddedDatabase.start(0, null);
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).schemas("gateway")
                .defaultSchema("gateway").locations("classpath:db/kit", "classpath:db/gateway").load().migrate();
        DriverManagerDataSource ds = new DriverManagerDataSource(db.jdbcUrl() + "?currentSchema=gateway",
                db.username(), db.password());
        jdbc = JdbcClient.create(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        pools = new Pools(jdbc, JsonMapper.builder().build());
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aPoolIsDetachedOnceAndAttachedAgainUnderTheNextGeneration() {
        assertThat(pools.attach(pool("p-once", 1))).isTrue();
        assertThat(pools.attach(pool("p-once", 1))).as("attached already").isFalse();

        assertThat(pools.detach("p-once", AT)).isTrue();
        assertThat(pools.detach("p-once", AT)).as("detached already").isFalse();
        assertThat(pools.find("p-once").orElseThrow().generation()).isEqualTo(2);
        assertThat(pools.attached("p-once", "ws")).isEmpty();

        assertThat(pools.attach(pool("p-once", 1))).isTrue();
        assertThat(pools.find("p-once").orElseThrow().generation()).isEqualTo(3);
        assertThat(pools.attached("p-once", "ws")).isPresent();
    }

    /**
     * Two detaches at the same moment (two admins, a retried request): both found the pool attached before either
     * wrote. The second waits on the first's row lock and then finds the pool detached, so the gateway answers it 404
     * and publishes one PoolDetached, not two.
     */
    @Test
    void ofTwoDetachesAtTheSameMomentOnlyOneDetaches() throws Exception {
        assertThat(pools.attach(pool("p-race", 1))).isTrue();

        CompletableFuture<Boolean> second = tx.execute(status -> {
            assertThat(pools.detach("p-race", AT)).isTrue();
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> pools.detach("p-race", AT));
            // the other detach is waiting on this transaction's row lock before this one commits
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnALock() == 1);
            return other;
        });

        assertThat(second.get(10, TimeUnit.SECONDS)).as("the second detach detached too").isFalse();
        assertThat(pools.find("p-race").orElseThrow().generation()).isEqualTo(2);
    }

    /** Sessions of the database waiting for a lock. */
    private static long waitingOnALock() {
        return jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                .query(Long.class).single();
    }

    private static AttachedPool pool(String name, long generation) {
        return new AttachedPool(name, "ws", "spark://127.0.0.1:7077", "http://127.0.0.1:6066", null, "4.2.0", "4.2",
                AttachedPool.SYSTEM_ASSIGNED, null, null, Map.of(), List.of(), true, generation, "admin", AT, null);
    }
}
