package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.kindling.kit.resilience.DatabaseCircuit;
import io.kindling.provisioning.cluster.ClusterRepository;
import io.kindling.provisioning.cluster.ClusterState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PostgreSQL goes away under a running platform and comes back: requests fail with 503 problem+json (and, once
 * the database circuit breaker opens, at once), readiness says the database is down, and everything works again
 * afterwards without restarting a service.
 */
@Tag("integration")
@ExtendWith({SharedPlatform.class, OutputCaptureExtension.class})
class DatabaseOutageEndToEndTest {

    private static final String SESSION = "{\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\","
            + "\"timeoutMinutes\":30}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void whileTheDatabaseIsAwayRequestsFailFastWith503AndAllRecoversWithoutARestart() {
        Platform platform = SharedPlatform.platform();
        GatewayClient gateway = new GatewayClient(platform).as("outage");
        String first = gateway.post("/api/v1/sessions", SESSION).body().get("id").asString();
        gateway.awaitState(first, "idle", Duration.ofMinutes(4));
        // a statement still running on the driver when the database goes: its result is recorded once it is back
        GatewayClient.Response running = gateway.post("/api/v1/sessions/" + first + "/statements",
                "{\"kind\":\"sql\",\"code\":\"SELECT reflect('java.lang.Thread', 'sleep', CAST(4000 AS BIGINT)) "
                        + "AS slept, 7 AS seven\"}");
        assertThat(running.status()).isEqualTo(201);
        String runningStatement = "/api/v1/sessions/" + first + "/statements/" + running.body().get("id").asInt();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> statementState(gateway, runningStatement).equals("running"));

        platform.stopDatabase();
        try {
            // writes, reads and statements: 503 problem+json with the reason, never a 500 or a hang
            List<GatewayClient.Response> answers = new ArrayList<>();
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long t0 = System.nanoTime();
                answers.add(gateway.post("/api/v1/sessions", SESSION));
                millis.add((System.nanoTime() - t0) / 1_000_000);
            }
            // figures for docs/reliability.md, not assertions
            System.out.println("outage: POST /api/v1/sessions answered 503 in " + millis + " ms");
            answers.add(gateway.get("/api/v1/sessions/" + first));
            answers.add(gateway.post("/api/v1/sessions/" + first + "/statements",
                    "{\"kind\":\"sql\",\"code\":\"SELECT 1\"}"));
            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(503);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.body().get("code").asString()).isIn("DATABASE_UNAVAILABLE",
                        "SESSION_SERVICE_UNAVAILABLE");
            });
            // after a few failures the gateway's breaker is open: the next call is refused by the breaker, without
            // touching the database (no connection asked of the gateway's pool, none given up waiting)
            CircuitBreaker breaker = platform.service("gateway-service").getBean(DatabaseCircuit.class).breaker();
            // (it stays open 5 s: calls it let through would each wait for a connection and outlast that)
            assertThat(breaker.getState()).as("the gateway's breaker while the database is away")
                    .isEqualTo(CircuitBreaker.State.OPEN);
            long refusedBefore = breaker.getMetrics().getNumberOfNotPermittedCalls();
            double askedBefore = connectionsAsked();
            GatewayClient.Response refused = gateway.post("/api/v1/sessions", SESSION);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body().get("code").asString()).isEqualTo("DATABASE_UNAVAILABLE");
            assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).as("calls the breaker refused")
                    .isEqualTo(refusedBefore + 1);
            assertThat(connectionsAsked()).as("connections asked of the gateway's pool").isEqualTo(askedBefore);

            // readiness says why
            for (String service : List.of("gateway-service", "session-service", "provisioning-service")) {
                HttpResponse<String> ready = Actuator.get(platform, service, "/actuator/health/readiness");
                assertThat(ready.statusCode()).as(service).isEqualTo(503);
                JsonNode db = JSON.readTree(ready.body()).get("components").get("db");
                assertThat(db.get("status").asString()).as(service).isEqualTo("DOWN");
                assertThat(db.get("details").toString()).as(service).isNotBlank().isNotEqualTo("{}");
            }
        } finally {
            platform.startDatabase();
        }
        long back = System.nanoTime();

        // no restart: the breakers half-open, trial calls succeed, and the same session runs statements again
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> gateway.post(
                "/api/v1/sessions/" + first + "/statements", "{\"kind\":\"sql\",\"code\":\"SELECT 1\"}").status() == 201);
        System.out.println("outage: statements accepted again " + (System.nanoTime() - back) / 1_000_000
                + " ms after the database was back");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> statementState(gateway, runningStatement).equals("available"));
        JsonNode rows = GatewayClient.rows(gateway.get(runningStatement).body().get("output"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(1).asInt()).isEqualTo(7);
        assertThat(gateway.value(first, "SELECT 6 * 7 AS answer").asInt()).isEqualTo(42);
        for (ConfigurableApplicationContext service : platform.services()) {
            String name = service.getEnvironment().getRequiredProperty("spring.application.name");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Actuator.get(platform, name, "/actuator/health/readiness").statusCode() == 200);
        }
        // and a new request goes the whole way over the bus again (a warm start on the same cluster)
        assertThat(gateway.delete("/api/v1/sessions/" + first).status()).isEqualTo(202);
        gateway.awaitState(first, "ended", Duration.ofSeconds(60));
        GatewayClient.Response second = gateway.post("/api/v1/sessions", SESSION);
        assertThat(second.status()).isEqualTo(202);
        String id = second.body().get("id").asString();
        gateway.awaitState(id, "idle", Duration.ofMinutes(2));
        assertThat(gateway.delete("/api/v1/sessions/" + id).status()).isEqualTo(202);
        gateway.awaitState(id, "ended", Duration.ofSeconds(60));
    }

    /**
     * The database goes away while a cluster is starting and stays away until its master is up: provisioning waits
     * the outage out and places the cluster, instead of leaving it PROVISIONING with its processes running.
     */
    @Test
    void aClusterThatComesUpDuringAnOutageIsPlacedWhenTheDatabaseIsBack(CapturedOutput output) throws Exception {
        Platform platform = SharedPlatform.platform();
        GatewayClient gateway = new GatewayClient(platform).as("outage-launch");
        String id = gateway.post("/api/v1/sessions", SESSION).body().get("id").asString();
        String clusterId = "kc-" + id + "-1";
        ClusterRepository clusters = platform.service("provisioning-service").getBean(ClusterRepository.class);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> clusters.find(clusterId).isPresent());

        platform.stopDatabase();
        try {
            // the master comes up while the database is away; the step after it finds the database gone
            // (what the services' own threads throw meanwhile is theirs: this waits for the retry it must log)
            await("provisioning waits the outage out").atMost(Duration.ofMinutes(2)).dontCatchUncaughtExceptions()
                    .pollInterval(Duration.ofMillis(200)).until(() -> output.getAll()
                            .contains("database unavailable during provisioning of cluster " + clusterId));
        } finally {
            platform.startDatabase();
        }

        // the first reads after the restart may still meet broken pooled connections (503): wait for a 200
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> gateway.get("/api/v1/sessions/" + id).status() == 200);
        JsonNode idle = gateway.awaitState(id, "idle", Duration.ofMinutes(3));
        assertThat(idle.get("clusterId").asString()).isEqualTo(clusterId);
        assertThat(clusters.find(clusterId).orElseThrow().state()).isEqualTo(ClusterState.RESERVED);
        assertThat(gateway.value(id, "SELECT 1 + 1 AS two").asInt()).isEqualTo(2);
        assertThat(gateway.delete("/api/v1/sessions/" + id).status()).isEqualTo(202);
        gateway.awaitState(id, "ended", Duration.ofSeconds(60));
    }

    /** Connections the gateway asked of its pool: those it got and those it gave up waiting for. */
    private static double connectionsAsked() {
        io.micrometer.core.instrument.MeterRegistry meters = SharedPlatform.meters("gateway-service");
        return meters.get("hikaricp.connections.acquire").timer().count()
                + meters.get("hikaricp.connections.timeout").counter().count();
    }

    /** The statement's state, or "" while the gateway answers something else (a 503 right after the outage). */
    private static String statementState(GatewayClient gateway, String path) {
        GatewayClient.Response statement = gateway.get(path);
        return statement.status() == 200 ? statement.body().get("state").asString() : "";
    }
}
