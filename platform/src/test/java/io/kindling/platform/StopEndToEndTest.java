package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.kit.runtime.RuntimeProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Kindling as {@code bin/kindling up} runs it, stopped the two ways a process is stopped: SIGTERM (Ctrl-C,
 * {@code docker stop}) with a warm cluster and a statement running, and SIGKILL in the middle of a cold start. Either
 * way no process of the run is left afterwards (its Spark masters, workers, executors and drivers, its PostgreSQL,
 * the lifeline's reaper), and the next start on the same data works: a session there starts cold and runs SQL. How
 * long the SIGTERM took is printed, not asserted ({@code bin/kindling bench} measures it).
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class StopEndToEndTest {

    private static final String SIZE = "\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\","
            + "\"timeoutMinutes\":600";
    /** Generous: a start is about half a minute on two busy cores. */
    private static final Duration START = Duration.ofMinutes(3);
    /** What the run's processes may take to go after its JVM has: the lifeline gives them 10 s, then kills them. */
    private static final Duration GONE = Duration.ofSeconds(30);

    @TempDir
    Path work;

    /**
     * The suite's class-data archives, so that these runs' cold starts are as quick as the suite's (a run's own
     * archives would be trained, and killed at its stop, every time).
     */
    private static Map<String, String> sharedArchives() {
        return Map.of("KINDLING_RUNTIME_CLASSDATADIR", SharedPlatform.bean(RuntimeProperties.class).classDataDir()
                .toAbsolutePath().toString());
    }

    @Test
    void aStoppedOrKilledKindlingLeavesNoProcessAndStartsAgainOnItsData() throws IOException {
        Path home = Files.createDirectories(work.resolve("home"));
        String runningSession;

        // 1. SIGTERM with a warm cluster (its session ended) and a statement running on another cluster
        String tag = "stop-" + UUID.randomUUID();
        try (KindlingProcess kindling = KindlingProcess.start(home, tag, START, sharedArchives())) {
            GatewayClient alice = gateway(kindling, "stop-alice");
            String ended = idleSession(alice);
            assertThat(alice.delete("/api/v1/sessions/" + ended).status()).isEqualTo(202);
            alice.awaitState(ended, "ended", Duration.ofMinutes(1));
            GatewayClient bob = gateway(kindling, "stop-bob");
            runningSession = idleSession(bob);
            GatewayClient.Response statement = bob.post("/api/v1/sessions/" + runningSession + "/statements",
                    "{\"kind\":\"sql\",\"code\":\"SELECT reflect('java.lang.Thread', 'sleep', CAST(120000 AS BIGINT))"
                            + "\"}");
            assertThat(statement.status()).isEqualTo(201);
            bob.awaitState(runningSession, "busy", Duration.ofMinutes(1));
            // the session is busy as soon as the statement is handed to its driver; it runs a moment later
            await("the statement running").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                    .until(() -> bob.get("/api/v1/sessions/" + runningSession + "/statements/0").body(),
                            s -> "running".equals(s.get("state").asString()));
            assertThat(kindling.processesOfTheRun()).extracting(KindlingProcess.RunProcess::command)
                    .as("the run's Spark masters and drivers, its executors, its PostgreSQL")
                    .anyMatch(p -> p.contains("org.apache.spark.deploy.master.Master"))
                    .anyMatch(p -> p.contains("io.kindling.agent.AgentMain"))
                    .anyMatch(p -> p.contains("CoarseGrainedExecutorBackend"))
                    .anyMatch(p -> p.contains("postgres"));

            Duration stop = kindling.stop(Duration.ofMinutes(2));
            // a figure, not an assertion: bin/kindling bench measures stops
            System.out.println("stop: SIGTERM with a warm cluster and a running statement took " + stop.toMillis()
                    + " ms");
            assertThat(kindling.output()).contains("Stopping Kindling...");
            awaitNothingLeft(kindling);
        }

        // 2. the next start on the same data works; SIGKILL in the middle of a cold start there
        tag = "kill-" + UUID.randomUUID();
        try (KindlingProcess kindling = KindlingProcess.start(home, tag, START, sharedArchives())) {
            GatewayClient carol = gateway(kindling, "stop-carol");
            GatewayClient.Response created = carol.post("/api/v1/sessions", "{" + SIZE + "}");
            assertThat(created.status()).isEqualTo(202);
            String starting = created.body().get("id").asString();
            await("a cold start under way: a master and a worker of its cluster up").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100)).until(() -> kindling.processesOfTheRun().stream()
                            .filter(p -> p.command().contains("-Dkindling.cluster=kc-" + starting)).count() >= 2);

            kindling.kill();
            awaitNothingLeft(kindling);
        }

        // 3. and the next start after that works too, with what the earlier runs left in its database
        tag = "again-" + UUID.randomUUID();
        try (KindlingProcess kindling = KindlingProcess.start(home, tag, START, sharedArchives())) {
            GatewayClient bob = gateway(kindling, "stop-bob");
            JsonNode lost = await("the session whose driver went with the first run ends").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).until(() -> bob.get("/api/v1/sessions/" + runningSession)
                            .body(), s -> List.of("ended", "failed").contains(s.get("state").asString()));
            System.out.println("stop: the session that was busy at the stop is now " + lost);
            GatewayClient dave = gateway(kindling, "stop-dave");
            String id = idleSession(dave);
            assertThat(dave.value(id, "SELECT 6 * 7 AS answer").asInt()).isEqualTo(42);
            kindling.stop(Duration.ofMinutes(2));
            awaitNothingLeft(kindling);
        }
    }

    /** The gateway of a Kindling run as a process, called as {@code user}. */
    private static GatewayClient gateway(KindlingProcess kindling, String user) {
        return GatewayClient.at(kindling.gatewayUrl(), user, kindling.token(user));
    }

    private static String idleSession(GatewayClient user) {
        GatewayClient.Response created = user.post("/api/v1/sessions", "{" + SIZE + "}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
        String id = created.body().get("id").asString();
        user.awaitState(id, "idle", Duration.ofMinutes(4));
        return id;
    }

    private static void awaitNothingLeft(KindlingProcess kindling) {
        try {
            await().atMost(GONE).pollInterval(Duration.ofMillis(250))
                    .until(() -> kindling.processesOfTheRun().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("processes of the run left " + GONE.toSeconds() + " s after its JVM exited: "
                    + kindling.processesOfTheRun(), e);
        }
    }
}
