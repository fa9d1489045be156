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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** A killed worker or driver ends its session with the right reason within seconds; nothing waits forever. */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class LossEndToEndTest {

    private static final String BODY = "{\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\","
            + "\"timeoutMinutes\":600}";

    private static GatewayClient gateway;

    @BeforeAll
    static void connect() {
        gateway = new GatewayClient(SharedPlatform.platform());
    }

    @Test
    void killedWorkerFailsTheSessionWithClusterFailed() {
        GatewayClient carol = gateway.as("loss-worker");
        String id = carol.post("/api/v1/sessions", BODY).body().get("id").asString();
        String clusterId = carol.awaitState(id, "idle", Duration.ofMinutes(4)).get("clusterId").asString();
        Cluster cluster = SharedPlatform.bean(ClusterRepository.class).find(clusterId).orElseThrow();
        long driverPid = SharedPlatform.bean(DriverRegistry.class).running(clusterId).orElseThrow().pid();
        List<Long> processes = new ArrayList<>(cluster.info().pids());
        processes.add(driverPid);

        ProcessHandle.of(cluster.info().pids().get(1)).orElseThrow().destroyForcibly();

        JsonNode failed = carol.awaitState(id, "failed", Duration.ofSeconds(30));
        assertThat(failed.get("endReason").asString()).isEqualTo("CLUSTER_FAILED");
        assertThat(failed.get("message").asString()).contains("worker").contains("exited unexpectedly");
        assertThat(SharedPlatform.bean(ClusterRepository.class).find(clusterId).orElseThrow().state())
                .isEqualTo(ClusterState.FAILED);
        await().atMost(Duration.ofSeconds(60)).until(() -> processes.stream().noneMatch(SessionEndToEndTest::alive));
    }

    @Test
    void killedDriverFailsTheSessionWithDriverLostAndItsRunningStatement() {
        GatewayClient dave = gateway.as("loss-driver");
        String id = dave.post("/api/v1/sessions", BODY).body().get("id").asString();
        String clusterId = dave.awaitState(id, "idle", Duration.ofMinutes(4)).get("clusterId").asString();
        long driverPid = SharedPlatform.bean(DriverRegistry.class).running(clusterId).orElseThrow().pid();
        assertThat(dave.post("/api/v1/sessions/" + id + "/statements",
                "{\"code\":\"SELECT reflect('java.lang.Thread', 'sleep', CAST(60000 AS BIGINT))\"}").status())
                .isEqualTo(201);
        dave.awaitState(id, "busy", Duration.ofSeconds(30));

        ProcessHandle.of(driverPid).orElseThrow().destroyForcibly();

        JsonNode failed = dave.awaitState(id, "failed", Duration.ofSeconds(30));
        assertThat(failed.get("endReason").asString()).isEqualTo("DRIVER_LOST");
        JsonNode statement = dave.get("/api/v1/sessions/" + id + "/statements/0").body();
        assertThat(statement.get("state").asString()).isEqualTo("cancelled");
        assertThat(statement.get("output").get("ename").asString()).isEqualTo("DRIVER_LOST");
        // a failed session's cluster is not kept warm
        await().atMost(Duration.ofSeconds(60)).until(() -> SharedPlatform.bean(ClusterRepository.class)
                .find(clusterId).orElseThrow().state().isTerminal());
    }
}
