package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.session.job.JobHistoryEntry;
import io.kindling.session.job.JobRepository;
import io.kindling.session.job.JobRunner;
import io.kindling.session.job.JobState;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A job's driver is submitted at most once, however many try at the same moment: the handler of its
 * ClusterProvisioned (twice, as a repeated event would) and the job poller, which takes up a job that has been ready
 * for a while. They are made to race here: the test holds the job's row while all three reach for it, sees them wait
 * on its lock in PostgreSQL, then lets go. Exactly one claims the submission. (In a normal flow the poller leaves a job
 * made ready a moment ago to its handler, so this race never shows by itself.)
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class JobSubmissionRaceTest {

    @Test
    void theHandlerTwiceAndThePollerReachingForOneReadyJobSubmitItsDriverOnce() throws Exception {
        ConfigurableApplicationContext sessions = SharedPlatform.platform().service("session-service");
        JdbcClient jdbc = sessions.getBean(JdbcClient.class);
        TransactionTemplate tx = sessions.getBean(TransactionTemplate.class);
        JobRunner runner = sessions.getBean(JobRunner.class);
        String id = "job-race-" + Long.toHexString(System.nanoTime());
        // a job whose cluster came a minute ago (so the poller takes it up too); the cluster's REST server is a
        // closed port, so the one submission fails at once and the job ends: what counts is how many claimed it
        Timestamp minuteAgo = Timestamp.from(Instant.now().minus(Duration.ofMinutes(1)));
        jdbc.sql("""
                INSERT INTO job (id, owner, spec, state, runtime_version, cluster_id, master_url, rest_url, web_ui_url,
                                 created_at, updated_at, version)
                VALUES (:id, 'race-alice', :spec, 'PREPARING', '4.2', :cluster, 'spark://127.0.0.1:1',
                        'http://127.0.0.1:1', 'http://127.0.0.1:1', :at, :at, 2)
                """).param("id", id).param("spec", JobBusEndToEndTest.spec("io.kindling.examples.SparkPi", "2"))
                .param("cluster", "kc-" + id + "-1").param("at", minuteAgo).update();

        CountDownLatch letGo = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT id FROM job WHERE id = :id FOR UPDATE").param("id", id).query(String.class).single();
            holding.countDown();
            awaitLatch(letGo);
        }));
        try {
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            // the handler's submission, twice, while the poller's round comes by on its own
            runner.submitLater(id);
            runner.submitLater(id);
            await("the handler twice and the poller waiting on the job's row lock").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> waitingOnTheJob(jdbc) >= 3);
        } finally {
            letGo.countDown();
        }
        holder.get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                sessions.getBean(JobRepository.class).find(id).orElseThrow().state().isTerminal());
        assertThat(sessions.getBean(JobRepository.class).find(id).orElseThrow().state()).isEqualTo(JobState.FAILED);
        assertThat(sessions.getBean(JobRepository.class).history(id)).extracting(JobHistoryEntry::reason)
                .filteredOn(reason -> reason.startsWith("submitting the driver"))
                .as("claims of the job's one submission").hasSize(1);
    }

    /** Sessions of session-service waiting for a lock on a row of the job table (the claim's SELECT ... FOR UPDATE). */
    private static long waitingOnTheJob(JdbcClient jdbc) {
        return jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE '%FROM job WHERE id = % FOR UPDATE%'
                """).query(Long.class).single();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not let go within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
