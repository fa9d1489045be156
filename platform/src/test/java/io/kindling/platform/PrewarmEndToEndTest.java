package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.provisioning.cluster.Cluster;
import io.kindling.provisioning.cluster.ClusterRepository;
import io.kindling.provisioning.cluster.ClusterState;
import io.kindling.session.driver.AgentClient;
import io.kindling.session.driver.DriverRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A pre-warmed pool serves a first session at once and refills itself; nothing outlives the platform. */
@Tag("integration")
class PrewarmEndToEndTest {

    @Test
    void poolClusterServesTheFirstMatchingSessionAndIsReplaced() throws Exception {
        List<Long> processes = new ArrayList<>();
        try (Platform platform = Platform.start(PlatformOptions.forTests(Files.createTempDirectory("kindling-prewarm"),
                Path.of(System.getProperty("kindling.runtime.root"))).withOverrides(Map.of(
                "kindling.provisioning.prewarm[0].runtime-version", "4.2",
                "kindling.provisioning.prewarm[0].num-executors", "1",
                "kindling.provisioning.prewarm[0].executor-memory", "512MB",
                "kindling.provisioning.prewarm[0].driver-memory", "768MB",
                "kindling.provisioning.prewarm[0].count", "1")))) {
            ClusterRepository clusters = bean(platform, ClusterRepository.class);
            Cluster pooled = awaitReadyPoolCluster(platform, null);
            processes.addAll(pooled.info().pids());

            GatewayClient erin = new GatewayClient(platform).as("erin");
            String id = erin.post("/api/v1/sessions", "{\"numExecutors\":1,\"executorMemory\":\"512m\","
                    + "\"driverMemory\":\"768m\",\"timeoutMinutes\":600}").body().get("id").asString();
            JsonNode idle = erin.awaitState(id, "idle", Duration.ofMinutes(1));

            assertThat(idle.get("clusterId").asString()).isEqualTo(pooled.id());
            assertThat(idle.get("history").get(3).get("reason").asString()).contains("warm start");
            assertThat(clusters.find(pooled.id()).orElseThrow().owner()).isEqualTo("erin");
            assertThat(erin.run(id, "SELECT sum(id) FROM range(10)").get("status").asString()).isEqualTo("ok");
            assertThat(clusters.history(pooled.id())).extracting(h -> h.get("state"))
                    .containsExactly("provisioning", "warm", "reserved");

            Cluster refill = awaitReadyPoolCluster(platform, pooled.id());
            assertThat(refill.id()).isNotEqualTo(pooled.id());
            processes.addAll(refill.info().pids());
            processes.add(bean(platform, DriverRegistry.class).running(refill.id()).orElseThrow().pid());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> processes.stream().noneMatch(SessionEndToEndTest::alive));
    }

    /** A WARM pool cluster (other than {@code except}) whose driver answers ready. */
    private static Cluster awaitReadyPoolCluster(Platform platform, String except) {
        ClusterRepository clusters = bean(platform, ClusterRepository.class);
        DriverRegistry drivers = bean(platform, DriverRegistry.class);
        AgentClient agent = bean(platform, AgentClient.class);
        List<Cluster> found = new ArrayList<>();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Optional<Cluster> pooled = clusters.all().stream()
                    .filter(c -> c.owner().isEmpty() && c.state() == ClusterState.WARM && !c.id().equals(except))
                    .findFirst();
            if (pooled.isEmpty()) {
                return false;
            }
            try {
                boolean ready = drivers.running(pooled.get().id())
                        .map(d -> agent.health(d).path("state").asString("").equals("ready")).orElse(false);
                if (ready) {
                    found.add(pooled.get());
                }
                return ready;
            } catch (AgentClient.AgentException starting) {
                return false;
            }
        });
        return found.get(0);
    }

    private static <T> T bean(Platform platform, Class<T> type) {
        return platform.services().stream().filter(c -> c.getBeanProvider(type).stream().findAny().isPresent())
                .findFirst().orElseThrow().getBean(type);
    }
}
