package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.provisioning.cluster.Cluster;
import io.kindling.provisioning.cluster.ClusterRepository;
import io.kindling.provisioning.cluster.ClusterState;
import io.kindling.session.driver.DriverRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton through the public API, on real components: a KRaft broker, PostgreSQL, the five
 * services, and a real Spark standalone cluster with a real driver.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class SessionEndToEndTest {

    private static GatewayClient gateway;

    @BeforeAll
    static void connect() {
        gateway = new GatewayClient(SharedPlatform.platform()).as("e2e");
    }

    @Test
    void sessionRunsSqlOnARealClusterAndLeavesNothingBehind() {
        GatewayClient.Response runtimes = gateway.get("/api/v1/runtimes");
        assertThat(runtimes.body().get("runtimes").get(0).get("version").asString()).isEqualTo("4.2");

        GatewayClient.Response created = gateway.post("/api/v1/sessions", """
                {"name":"e2e","kind":"sql","runtimeVersion":"4.2","numExecutors":2,"executorCores":1,
                 "executorMemory":"512m","driverCores":1,"driverMemory":"1g","timeoutMinutes":600,"conf":{}}""");
        assertThat(created.status()).isEqualTo(202);
        String id = created.body().get("id").asString();
        assertThat(created.location()).isEqualTo("/api/v1/sessions/" + id);
        assertThat(created.body().get("state").asString()).isEqualTo("requested");

        JsonNode idle = gateway.awaitState(id, "idle", Duration.ofMinutes(4));
        String clusterId = idle.get("clusterId").asString();
        Cluster cluster = SharedPlatform.bean(ClusterRepository.class).find(clusterId).orElseThrow();
        assertThat(cluster.state()).isEqualTo(ClusterState.RESERVED);
        List<Long> processes = new ArrayList<>(cluster.info().pids());
        assertThat(processes).hasSize(3);
        long driverPid = SharedPlatform.bean(DriverRegistry.class).running(clusterId).orElseThrow().pid();
        processes.add(driverPid);
        assertThat(processes).allMatch(SessionEndToEndTest::alive);

        JsonNode two = runStatement(id, "SELECT 1 + 1 AS two");
        assertThat(two.get("status").asString()).isEqualTo("ok");
        assertThat(two.get("data").get("application/json").get("data").get(0).get(0).asLong()).isEqualTo(2);
        assertThat(two.get("data").get("application/json").get("schema").get("fields").get(0).get("name").asString())
                .isEqualTo("two");

        JsonNode sum = runStatement(id, "SELECT sum(id) AS total FROM range(1000000)");
        assertThat(sum.get("data").get("application/json").get("data").get(0).get(0).asLong()).isEqualTo(499999500000L);

        JsonNode error = runStatement(id, "SELECT * FROM no_such_table");
        assertThat(error.get("status").asString()).isEqualTo("error");
        assertThat(error.get("evalue").asString()).contains("no_such_table");

        assertThat(gateway.delete("/api/v1/sessions/" + id).status()).isEqualTo(202);
        JsonNode ended = gateway.awaitState(id, "ended", Duration.ofMinutes(1));
        assertThat(ended.get("endReason").asString()).isEqualTo("STOPPED_BY_USER");
        assertThat(states(ended)).containsExactly("requested", "preparing", "starting", "idle",
                "busy", "idle", "busy", "idle", "busy", "idle", "ending", "ended");

        // the cluster waits out its (test-short) grace period WARM, then every process of it goes (a first one of the
        // install writes its class-data archives as it goes: up to a minute more)
        await().atMost(Duration.ofMinutes(3)).until(() ->
                SharedPlatform.bean(ClusterRepository.class).find(clusterId).orElseThrow().state() == ClusterState.TORN_DOWN);
        assertThat(SharedPlatform.bean(ClusterRepository.class).history(clusterId))
                .extracting(h -> h.get("state")).containsExactly("provisioning", "reserved", "warm", "tearing_down",
                        "torn_down");
        await().atMost(Duration.ofSeconds(30)).until(() -> processes.stream().noneMatch(SessionEndToEndTest::alive));

        GatewayClient.Response late = gateway.post("/api/v1/sessions/" + id + "/statements", "{\"code\":\"SELECT 1\"}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().get("code").asString()).isEqualTo("SESSION_ENDED");
    }

    private static JsonNode runStatement(String sessionId, String sql) {
        GatewayClient.Response submitted = gateway.post("/api/v1/sessions/" + sessionId + "/statements",
                "{\"kind\":\"sql\",\"code\":\"" + sql + "\"}");
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        int statementId = submitted.body().get("id").asInt();
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last.set(gateway.get("/api/v1/sessions/" + sessionId + "/statements/" + statementId).body());
            return last.get().get("state").asString().equals("available");
        });
        return last.get().get("output");
    }

    static List<String> states(JsonNode session) {
        List<String> states = new ArrayList<>();
        session.get("history").forEach(h -> states.add(h.get("state").asString()));
        return states;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
