package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindling.events.PoolAttached;
import io.kindling.provisioning.pool.PoolPlacements;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A request naming an attached pool and that pool's PoolAttached travel on two topics and are applied on two
 * consumer threads at once: the request, finding no pool yet, waits; the attach must then find it waiting, however
 * the two transactions interleave. (A CI run lost this race: the request waited until it failed.)
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class PoolPlacementRaceTest {

    @Test
    void anAttachAppliedWhileTheRequestForItsPoolIsStillUncommittedPlacesTheRequest() throws Exception {
        ConfigurableApplicationContext provisioning = SharedPlatform.platform().service("provisioning-service");
        TransactionTemplate tx = provisioning.getBean(TransactionTemplate.class);
        JdbcClient jdbc = provisioning.getBean(JdbcClient.class);
        PoolPlacements placements = provisioning.getBean(PoolPlacements.class);
        String pool = "race-" + Long.toHexString(System.nanoTime() & 0xffffff);
        String session = "s-race-" + Long.toHexString(System.nanoTime());
        CountDownLatch requestApplied = new CountDownLatch(1);
        CountDownLatch commitRequest = new CountDownLatch(1);
        try {
            // the request's transaction: no pool known, so it waits, and it has not committed yet
            CompletableFuture<Void> request = CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
                placements.place(session, "session", pool);
                requestApplied.countDown();
                await(commitRequest);
            }));
            assertThat(requestApplied.await(30, TimeUnit.SECONDS)).isTrue();

            // the attach's transaction, on another thread meanwhile; it is rolled back at the end, and reports what
            // it left the request as
            CompletableFuture<String> attach = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
                placements.onPoolAttached(attached(pool));
                String state = jdbc.sql("SELECT state FROM pool_use WHERE id = :id").param("id", session)
                        .query(String.class).optional().orElse("none");
                status.setRollbackOnly();
                return state;
            }));
            try {
                // unserialised, the attach would finish here, before the request commits, and miss it
                attach.get(2, TimeUnit.SECONDS);
            } catch (TimeoutException waitsForTheRequest) {
                // serialised: it waits for the request's transaction
            }
            commitRequest.countDown();
            request.get(30, TimeUnit.SECONDS);
            assertThat(attach.get(30, TimeUnit.SECONDS)).as("what the attach left the waiting request as")
                    .isEqualTo("PLACED");
        } finally {
            commitRequest.countDown();
            // nothing of this stays: no waiting request for the sweeper to fail, no pool
            jdbc.sql("DELETE FROM pool_use WHERE id = :id").param("id", session).update();
        }
    }

    private static PoolAttached attached(String pool) {
        return new PoolAttached(pool, 1, "ws-race", "spark://127.0.0.1:1", "http://127.0.0.1:1", null, "4.2.0",
                "4.2", "system_assigned", null, Map.of(), List.of(), "race-admin", Instant.now());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not told to commit within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
