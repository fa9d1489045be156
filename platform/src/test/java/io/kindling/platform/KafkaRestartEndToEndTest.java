package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.events.ClusterProvisioned;
import io.kindling.events.Topics;
import io.kindling.provisioning.cluster.Cluster;
import io.kindling.provisioning.cluster.ClusterRepository;
import io.kindling.session.session.SessionRepository;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka broker stops during a flow and starts again on the same data: while it is away the gateway still
 * accepts requests and keeps their events in its outbox, readiness says why, and once it is back every event
 * written meanwhile is delivered, consumers and producers carry on without a service restart, and nothing is
 * applied twice.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class KafkaRestartEndToEndTest {

    /** Ten minutes of inactivity in the suite's short durations: the first session outlives the outage. */
    private static final String SESSION = "{\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\","
            + "\"timeoutMinutes\":600}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void eventsWrittenWhileTheBrokerIsAwayAreDeliveredOnceItIsBack() {
        Platform platform = SharedPlatform.platform();
        GatewayClient gateway = new GatewayClient(platform).as("kafka-restart");
        String first = gateway.post("/api/v1/sessions", SESSION).body().get("id").asString();
        gateway.awaitState(first, "idle", Duration.ofMinutes(4));

        long stopped = System.nanoTime();
        platform.stopKafka();
        String second;
        double backlogMax;
        AtomicReference<JsonNode> readiness = new AtomicReference<>();
        try {
            // the gateway answers without the bus: both requests wait in its outbox
            GatewayClient.Response created = gateway.post("/api/v1/sessions", SESSION);
            assertThat(created.status()).isEqualTo(202);
            second = created.body().get("id").asString();
            assertThat(gateway.delete("/api/v1/sessions/" + first).status()).isEqualTo(202);
            await("both requests waiting in the gateway's outbox").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200)).until(() -> backlog("gateway-service") >= 2);

            // readiness says why: the binder at once, the outbox once the relay has failed for longer than stuck-after
            await("the gateway's outbox reported stuck, its unsent rows waiting").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpResponse<String> ready = Actuator.get(platform, "gateway-service", "/actuator/health/readiness");
                readiness.set(JSON.readTree(ready.body()));
                return ready.statusCode() == 503
                        && readiness.get().get("components").get("outbox").get("status").asString().equals("DOWN");
            });
            backlogMax = backlog("gateway-service");
            JsonNode components = readiness.get().get("components");
            System.out.println("kafka restart: gateway readiness while the broker is away: " + components);
            assertThat(components.get("outbox").get("details").get("lastError").asString()).isNotBlank();
            assertThat(components.get("binders").get("status").asString()).isEqualTo("DOWN");
            // the services still answer reads from their own state
            assertThat(gateway.get("/api/v1/sessions/" + first).body().get("state").asString()).isEqualTo("idle");
            assertThat(gateway.get("/api/v1/sessions/" + second).body().get("state").asString())
                    .isEqualTo("requested");
        } finally {
            long down = System.nanoTime();
            platform.startKafka();
            System.out.println("kafka restart: broker away for " + (System.nanoTime() - stopped) / 1_000_000
                    + " ms, up again in " + (System.nanoTime() - down) / 1_000_000 + " ms");
        }
        long back = System.nanoTime();

        // what was written while it was away is delivered: the first session ends, the second starts and runs SQL
        JsonNode ended = gateway.awaitState(first, "ended", Duration.ofMinutes(2));
        assertThat(ended.get("endReason").asString()).isEqualTo("STOPPED_BY_USER");
        JsonNode idle = gateway.awaitState(second, "idle", Duration.ofMinutes(4));
        System.out.println("kafka restart: second session idle " + (System.nanoTime() - back) / 1_000_000
                + " ms after the broker was back; gateway outbox backlog at most " + backlogMax);
        assertThat(gateway.value(second, "SELECT 1 + 1 AS two").asInt()).isEqualTo(2);

        // every outbox drains and every service is ready again, without a restart
        for (ConfigurableApplicationContext service : platform.services()) {
            String name = service.getEnvironment().getRequiredProperty("spring.application.name");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> backlog(name) == 0);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Actuator.get(platform, name, "/actuator/health/readiness").statusCode() == 200);
        }

        // nothing applied twice: one cluster for the second session, each state once in both histories, no state
        // change asked for and refused (a redelivered event the lifecycle swallowed would be one), and what really
        // exists: one ClusterProvisioned on the bus for it, one live Spark master of its clusters
        ClusterRepository clusterRows = platform.service("provisioning-service").getBean(ClusterRepository.class);
        List<Cluster> clusters = clusterRows.all().stream()
                .filter(c -> second.equals(c.sessionId()) || c.id().startsWith("kc-" + second + "-")).toList();
        String clusterId = idle.get("clusterId").asString();
        assertThat(clusters).extracting(Cluster::id).containsExactly(clusterId);
        assertThat(SessionEndToEndTest.states(ended)).containsExactly("requested", "preparing", "starting", "idle",
                "ending", "ended");
        assertThat(SessionEndToEndTest.states(idle)).containsExactly("requested", "preparing", "starting", "idle");
        SessionRepository sessionRows = platform.service("session-service").getBean(SessionRepository.class);
        for (String id : List.of(first, second)) {
            assertThat(sessionRows.ignored(id)).as("transitions of %s asked for and not made", id).isEmpty();
            assertThat(clusterRows.ignored("kc-" + id + "-1")).as("transitions of its cluster asked for and not made")
                    .isEmpty();
        }
        assertThat(BusRecords.of(platform, Topics.CLUSTERS, ClusterProvisioned.TYPE, "sessionId", second))
                .as("ClusterProvisioned on the bus for the second session").hasSize(1);
        assertThat(ClusterProcesses.running("kc-" + second + "-")).filteredOn(ClusterProcesses.Running::master)
                .as("live Spark masters of the second session's clusters").extracting(ClusterProcesses.Running::pid)
                .containsExactly(clusters.get(0).info().pids().get(0));

        assertThat(gateway.delete("/api/v1/sessions/" + second).status()).isEqualTo(202);
        gateway.awaitState(second, "ended", Duration.ofSeconds(60));
    }

    private static double backlog(String service) {
        return SharedPlatform.meters(service).get("kindling.outbox.backlog").gauge().value();
    }
}
