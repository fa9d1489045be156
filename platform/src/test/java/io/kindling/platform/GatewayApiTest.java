package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.gateway.GatewayApplication;
import io.kindling.provisioning.cluster.Cluster;
import io.kindling.provisioning.cluster.ClusterRepository;
import io.kindling.provisioning.cluster.ClusterState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The public API's contract on the running system: problems for bad input, idempotency, early stops. */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class GatewayApiTest {

    private static GatewayClient gateway;

    @BeforeAll
    static void connect() {
        gateway = new GatewayClient(SharedPlatform.platform());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON        | {\"numExecutors\": | 400 | MALFORMED_JSON",
            "not an object         | [1, 2, 3]           | 400 | MALFORMED_REQUEST",
            "unknown runtime       | {\"runtimeVersion\":\"1.6\"} | 400 | UNKNOWN_RUNTIME",
            "zero executors        | {\"numExecutors\":0} | 400 | INVALID_SIZE",
            "negative cores        | {\"executorCores\":-2} | 400 | INVALID_SIZE",
            "bad memory            | {\"executorMemory\":\"lots\"} | 400 | INVALID_MEMORY",
            "oversize              | {\"numExecutors\":1000} | 400 | CAPACITY_EXCEEDED",
            "too much memory       | {\"numExecutors\":8,\"executorMemory\":\"4g\"} | 400 | CAPACITY_EXCEEDED",
            "unknown field         | {\"numExecutor\":2} | 400 | UNKNOWN_FIELD",
            "wrong type            | {\"timeoutMinutes\":\"soon\"} | 400 | INVALID_FIELD",
    })
    void badCreateRequestsGetAProblemAndPersistNothing(String what, String body, int status, String code) {
        long before = acceptedRows();

        GatewayClient.Response response = gateway.post("/api/v1/sessions", body);

        assertThat(response.status()).as(what).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("code").asString()).isEqualTo(code);
        assertThat(response.body().get("detail").asString()).isNotBlank();
        assertThat(response.body().toString()).doesNotContain("Exception").doesNotContain("at io.kindling");
        assertThat(acceptedRows()).isEqualTo(before);
    }

    /** Every invalid conda spec is refused at the gateway, naming the entry, before anything is published. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed YAML       | 'dependencies: [numpy'                          | CONDA_MALFORMED_YAML    | conda",
            "unknown key          | 'name: x\\nvariables: {A: b}'                    | CONDA_UNKNOWN_KEY       | variables",
            "not a package        | 'dependencies: [\"numpy >>= 1\"]'              | CONDA_INVALID_ENTRY     | dependencies[0]",
            "python changed       | 'dependencies: [numpy, python=3.9]'             | CONDA_RUNTIME_COMPONENT | dependencies[1]",
            "pyspark changed      | 'dependencies: [{pip: [pyspark==3.5.1]}]'       | CONDA_RUNTIME_COMPONENT | dependencies[0].pip[0]",
            "java changed         | 'dependencies: [openjdk=11]'                    | CONDA_RUNTIME_COMPONENT | dependencies[0]",
            "scala changed        | 'dependencies: [scala=2.12]'                    | CONDA_RUNTIME_COMPONENT | dependencies[0]",
            "spark changed        | 'dependencies: [\"spark>=4.3\"]'               | CONDA_RUNTIME_COMPONENT | dependencies[0]",
            "pip -r               | 'dependencies: [{pip: [\"-r reqs.txt\"]}]'     | CONDA_INVALID_ENTRY     | dependencies[0].pip[0]",
    })
    void badCondaSpecsGetAProblemNamingTheEntry(String what, String yaml, String code, String entry) {
        long before = acceptedRows();

        GatewayClient.Response response = gateway.post("/api/v1/sessions", tools.jackson.databind.json.JsonMapper
                .builder().build().createObjectNode().put("conda", yaml.replace("\\n", "\n")).toString());

        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("code").asString()).isEqualTo(code);
        assertThat(response.body().get("field").asString()).isEqualTo("conda");
        assertThat(response.body().get("entry").asString()).isEqualTo(entry);
        assertThat(response.body().get("detail").asString()).contains(entry.equals("conda") ? "YAML" : entry);
        assertThat(acceptedRows()).isEqualTo(before);
    }

    @Test
    void wrongMediaTypeIsRefused() {
        GatewayClient.Response response = gateway.post("/api/v1/sessions", "numExecutors=2", "text/plain", null);
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.body().get("code").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void unknownSessionIsNotFoundEverywhere() {
        for (GatewayClient.Response response : List.of(
                gateway.get("/api/v1/sessions/s-0000000000000000"),
                gateway.delete("/api/v1/sessions/s-0000000000000000"),
                gateway.post("/api/v1/sessions/s-0000000000000000/statements", "{\"code\":\"SELECT 1\"}"),
                gateway.get("/api/v1/sessions/s-0000000000000000/statements/0"))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(gateway.get("/api/v1/sessions/s-0000000000000000").body().get("code").asString())
                .isEqualTo("SESSION_NOT_FOUND");
        // the servlet container refuses encoded slashes before any handler runs
        assertThat(gateway.get("/api/v1/sessions/..%2F..%2Fetc%2Fpasswd").status()).isEqualTo(400);
        assertThat(gateway.get("/api/v1/sessions/not-a-session-id").status()).isEqualTo(404);
    }

    @Test
    void sameIdempotencyKeyGivesTheSameSessionAndADifferentBodyIsAConflict() {
        GatewayClient gateway = GatewayApiTest.gateway.as("api-idempotency");
        String body = "{\"name\":\"idem\",\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"512m\"}";
        GatewayClient.Response first = gateway.post("/api/v1/sessions", body, "application/json", "key-1");
        GatewayClient.Response again = gateway.post("/api/v1/sessions", body, "application/json", "key-1");
        GatewayClient.Response other = gateway.post("/api/v1/sessions", body.replace("idem", "other"),
                "application/json", "key-1");

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().get("id").asString()).isEqualTo(first.body().get("id").asString());
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

        stopAndAwaitClusterGone(gateway, first.body().get("id").asString());
    }

    @Test
    void statementBeforeReadyIsAConflictAtOnceAndAStopWhileProvisioningLeavesNoCluster() {
        GatewayClient gateway = GatewayApiTest.gateway.as("api-early-stop");
        String id = gateway.post("/api/v1/sessions",
                "{\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"512m\"}").body().get("id")
                .asString();

        GatewayClient.Response early = gateway.post("/api/v1/sessions/" + id + "/statements", "{\"code\":\"SELECT 1\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().get("code").asString()).isEqualTo("SESSION_NOT_READY");

        JsonNode ended = stopAndAwaitClusterGone(gateway, id);
        assertThat(ended.get("endReason").asString()).isEqualTo("STOPPED_BY_USER");
        assertThat(SessionEndToEndTest.states(ended)).startsWith("requested", "preparing").endsWith("ending", "ended");
    }

    private static JsonNode stopAndAwaitClusterGone(GatewayClient gateway, String id) {
        assertThat(gateway.delete("/api/v1/sessions/" + id).status()).isEqualTo(202);
        JsonNode ended = gateway.awaitState(id, "ended", Duration.ofMinutes(1));
        ClusterRepository clusters = SharedPlatform.bean(ClusterRepository.class);
        await().atMost(Duration.ofMinutes(3)).until(() -> clusters.bySession(id).map(Cluster::state)
                .filter(s -> s == ClusterState.TORN_DOWN || s == ClusterState.FAILED).isPresent());
        Optional<Cluster> cluster = clusters.bySession(id);
        assertThat(cluster.map(Cluster::info).map(info -> info.pids()).orElse(List.of()))
                .noneMatch(SessionEndToEndTest::alive);
        return ended;
    }

    private static long acceptedRows() {
        ConfigurableApplicationContext gatewayContext = SharedPlatform.platform().services().stream()
                .filter(c -> c.getBeanProvider(GatewayApplication.class).stream().findAny().isPresent())
                .findFirst().orElseThrow();
        JdbcClient jdbc = gatewayContext.getBean(JdbcClient.class);
        return jdbc.sql("SELECT (SELECT count(*) FROM session_request) + (SELECT count(*) FROM outbox)")
                .query(Long.class).single();
    }
}
