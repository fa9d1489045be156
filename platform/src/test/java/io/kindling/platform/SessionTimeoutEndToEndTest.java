package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.provisioning.cluster.Cluster;
import io.kindling.provisioning.cluster.ClusterRepository;
import io.kindling.provisioning.cluster.ClusterState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Sessions on the clock, end to end on real Spark, with the test platform's short durations: one minute of
 * {@code timeoutMinutes} lasts 1 s, the cluster grace is 4 s.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class SessionTimeoutEndToEndTest {

    private static GatewayClient gateway;

    @BeforeAll
    static void connect() {
        gateway = new GatewayClient(SharedPlatform.platform());
    }

    @Test
    void idleSessionTimesOutAndItsClusterIsTornDownAfterTheGrace() {
        // each test its own owner: a warm cluster is shared by one owner's sessions, by design
        GatewayClient gateway = SessionTimeoutEndToEndTest.gateway.as("timeout-idle");
        String id = create(gateway, 3);
        JsonNode idle = gateway.awaitState(id, "idle", Duration.ofMinutes(4));
        String clusterId = idle.get("clusterId").asString();

        JsonNode ended = gateway.awaitState(id, "ended", Duration.ofSeconds(30));

        assertThat(ended.get("endReason").asString()).isEqualTo("TIMED_OUT");
        assertThat(SessionEndToEndTest.states(ended)).containsExactly("requested", "preparing", "starting", "idle",
                "ending", "ended");
        // never before its timeout (3 "minutes", 3 s here); how late after it is the benchmarks' business
        // (deadline lateness in bin/kindling bench), not a bound that a slow machine would break
        Duration idleFor = Duration.between(at(ended, "idle"), at(ended, "ending"));
        assertThat(idleFor).isGreaterThanOrEqualTo(Duration.ofSeconds(3));

        Cluster torn = awaitCluster(clusterId, ClusterState.TORN_DOWN);
        List<Long> pids = new ArrayList<>(torn.info().pids());
        await().atMost(Duration.ofSeconds(30)).until(() -> pids.stream().noneMatch(SessionEndToEndTest::alive));
        List<String> clusterStates = SharedPlatform.bean(ClusterRepository.class).history(clusterId).stream()
                .map(h -> (String) h.get("state")).toList();
        assertThat(clusterStates).containsExactly("provisioning", "reserved", "warm", "tearing_down", "torn_down");

        JsonNode timeline = gateway.get("/api/v1/sessions/" + id + "/timeline").body();
        List<String> entries = new ArrayList<>();
        List<String> times = new ArrayList<>();
        timeline.get("events").forEach(e -> {
            entries.add(e.get("source").asString() + ":" + e.get("state").asString());
            times.add(e.get("at").asString());
        });
        assertThat(times).isSorted();
        // causal order only: both services consume SessionRequested, either may record it first
        assertThat(entries).containsSubsequence("session:requested", "cluster:reserved", "session:idle",
                "deadline:scheduled", "deadline:fired", "session:ending", "session:ended", "cluster:warm",
                "deadline:scheduled", "deadline:fired", "cluster:torn_down");
        assertThat(timeline.get("timeoutDueAt").isNull()).isTrue();
        assertThat(timeline.get("clusterState").asString()).isEqualTo("torn_down");

        JsonNode cluster = gateway.get("/api/v1/clusters/" + clusterId).body();
        assertThat(cluster.get("state").asString()).isEqualTo("torn_down");
        assertThat(cluster.get("owner").asString()).isEqualTo("timeout-idle");
        assertThat(cluster.get("history")).hasSize(5);
        assertThat(gateway.get("/api/v1/clusters").body().get("clusters")).extracting(c -> c.get("id").asString())
                .contains(clusterId);
        assertThat(gateway.as("someone-else").get("/api/v1/clusters/" + clusterId).status()).isEqualTo(404);
        assertThat(gateway.as("someone-else").get("/api/v1/sessions/" + id + "/timeline").status()).isEqualTo(404);
    }

    @Test
    void busySessionSurvivesItsTimeoutAndExpiresOnlyOnceIdleAgain() {
        GatewayClient gateway = SessionTimeoutEndToEndTest.gateway.as("timeout-busy");
        String id = create(gateway, 3);
        gateway.awaitState(id, "idle", Duration.ofMinutes(4));

        GatewayClient.Response submitted = gateway.post("/api/v1/sessions/" + id + "/statements",
                "{\"code\":\"SELECT reflect('java.lang.Thread', 'sleep', CAST(7000 AS BIGINT)) AS slept\"}");
        assertThat(submitted.status()).isEqualTo(201);

        JsonNode ended = gateway.awaitState(id, "ended", Duration.ofSeconds(60));
        assertThat(ended.get("endReason").asString()).isEqualTo("TIMED_OUT");
        assertThat(SessionEndToEndTest.states(ended)).containsExactly("requested", "preparing", "starting", "idle",
                "busy", "idle", "ending", "ended");
        JsonNode statement = gateway.get("/api/v1/sessions/" + id + "/statements/0").body();
        assertThat(statement.get("state").asString()).isEqualTo("available");
        assertThat(statement.get("output").get("status").asString()).isEqualTo("ok");
        List<JsonNode> history = new ArrayList<>();
        ended.get("history").forEach(history::add);
        Duration busyFor = Duration.between(Instant.parse(history.get(4).get("at").asString()),
                Instant.parse(history.get(5).get("at").asString()));
        assertThat(busyFor).isGreaterThan(Duration.ofSeconds(6));
        assertThat(Duration.between(Instant.parse(history.get(5).get("at").asString()),
                Instant.parse(history.get(6).get("at").asString()))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    private static String create(GatewayClient gateway, int timeoutMinutes) {
        GatewayClient.Response created = gateway.post("/api/v1/sessions", "{\"numExecutors\":1,"
                + "\"executorMemory\":\"512m\",\"driverMemory\":\"768m\",\"timeoutMinutes\":" + timeoutMinutes + "}");
        assertThat(created.status()).isEqualTo(202);
        return created.body().get("id").asString();
    }

    private static Instant at(JsonNode session, String state) {
        for (JsonNode h : session.get("history")) {
            if (h.get("state").asString().equals(state)) {
                return Instant.parse(h.get("at").asString());
            }
        }
        throw new AssertionError("no " + state + " in " + session);
    }

    private static Cluster awaitCluster(String clusterId, ClusterState state) {
        ClusterRepository clusters = SharedPlatform.bean(ClusterRepository.class);
        // a first cluster of the install writes its class-data archives as it is torn down: up to a minute more
        await().atMost(Duration.ofMinutes(3)).until(() -> clusters.find(clusterId).orElseThrow().state() == state);
        return clusters.find(clusterId).orElseThrow();
    }
}
