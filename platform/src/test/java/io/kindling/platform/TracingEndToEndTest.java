package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static io.kindling.platform.RecordedSpans.assertOneTree;
import static io.kindling.platform.RecordedSpans.find;
import static io.kindling.platform.RecordedSpans.names;
import static io.kindling.platform.RecordedSpans.parentOf;
import static io.kindling.platform.RecordedSpans.services;
import static io.kindling.platform.RecordedSpans.single;
import static io.kindling.platform.RecordedSpans.trace;
import static org.awaitility.Awaitility.await;

import io.kindling.platform.RecordedSpans.Span;
import io.kindling.session.driver.DriverRegistry;
import java.io.IOException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * One trace per user request, across the bus: the spans every service exported (the suite writes them to a
 * span file) are read back and their parent links checked hop by hop; logs carry the trace and session, and
 * neither logs nor spans carry a secret.
 */
@Tag("integration")
@ExtendWith({SharedPlatform.class, OutputCaptureExtension.class})
class TracingEndToEndTest {

    private static final String SESSION = "kindling.session.id";
    private static GatewayClient gateway;

    @BeforeAll
    static void connect() {
        gateway = new GatewayClient(SharedPlatform.platform()).as("tracer");
    }

    @Test
    void aSessionStartIsOneTraceFromTheGatewayThroughEveryHopToTheDriver(CapturedOutput output) throws IOException {
        GatewayClient.Response created = gateway.post("/api/v1/sessions", "{\"numExecutors\":1,"
                + "\"executorMemory\":\"512m\",\"driverMemory\":\"768m\",\"timeoutMinutes\":6}");
        assertThat(created.status()).isEqualTo(202);
        String id = created.body().get("id").asString();
        gateway.awaitState(id, "idle", Duration.ofMinutes(4));
        assertThat(gateway.value(id, "SELECT 41 + 1 AS answer").asInt()).isEqualTo(42);
        String clusterId = gateway.get("/api/v1/sessions/" + id).body().get("clusterId").asString();
        String agentSecret = SharedPlatform.bean(DriverRegistry.class).running(clusterId).orElseThrow().secret();

        // the start: gateway request -> SessionRequested -> provisioning -> ClusterProvisioned -> driver -> idle
        Span requested = await().atMost(Duration.ofSeconds(30))
                .until(() -> find("process kindling.session.requested.v1", "provisioning-service", SESSION, id),
                        Objects::nonNull);
        List<Span> start = await().atMost(Duration.ofSeconds(30)).until(() -> trace(requested.traceId()),
                spans -> names(spans).containsAll(List.of("publish kindling.session.idle.v1", "start driver")));
        Span root = assertOneTree(start);
        assertThat(root.service()).isEqualTo("gateway-service");
        assertThat(root.kind()).isEqualTo("SERVER");
        assertThat(names(start)).contains("publish kindling.session.requested.v1",
                "process kindling.session.requested.v1", "provision cluster",
                "publish kindling.cluster.provisioned.v1", "process kindling.cluster.provisioned.v1", "start driver",
                "publish kindling.session.idle.v1");
        assertThat(services(start)).contains("gateway-service", "session-service", "provisioning-service");
        Span provision = single(start, s -> s.name().equals("provision cluster"));
        assertThat(parentOf(start, provision).name()).isEqualTo("process kindling.session.requested.v1");
        Span driver = single(start, s -> s.name().equals("start driver"));
        assertThat(driver.service()).isEqualTo("session-service");
        assertThat(driver.attribute(SESSION)).isEqualTo(id);

        // a statement is a request of its own: its run is in the trace of the gateway call that submitted it
        Span statement = await().atMost(Duration.ofSeconds(30))
                .until(() -> find("run statement", "session-service", SESSION, id), Objects::nonNull);
        List<Span> run = trace(statement.traceId());
        assertThat(statement.traceId()).isNotEqualTo(requested.traceId());
        assertThat(single(run, s -> s.parent() == null).service()).isEqualTo("gateway-service");

        // the session times out: the expiry is a new trace, linked to the trace whose idle scheduled it
        gateway.awaitState(id, "ended", Duration.ofSeconds(60));
        Span expiry = await().atMost(Duration.ofSeconds(30))
                .until(() -> find("deadline session_expiry", "teardown-service", "kindling.deadline.subject", id),
                        Objects::nonNull);
        assertThat(expiry.parent()).isNull();
        assertThat(expiry.service()).isEqualTo("teardown-service");
        assertThat(expiry.links()).extracting(l -> l.get("traceId").asString()).containsExactly(statement.traceId());
        List<String> expected = List.of("publish kindling.session.expired.v1", "process kindling.session.expired.v1",
                "stop driver", "publish kindling.session.ended.v1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(names(trace(expiry.traceId()))).containsAll(expected));

        // bin/kindling traces prints the start as a tree
        java.io.ByteArrayOutputStream dump = new java.io.ByteArrayOutputStream();
        assertThat(TracesCommand.run(SharedPlatform.spans().getParent().getParent(),
                new String[] {requested.traceId()}, new java.io.PrintStream(dump, true), System.err)).isZero();
        String tree = dump.toString();
        System.out.println(tree);
        assertThat(tree).startsWith("trace " + requested.traceId());
        assertThat(indent(tree, "provision cluster")).isGreaterThan(indent(tree, "process kindling.session.requested.v1"));
        assertThat(indent(tree, "start driver")).isGreaterThan(indent(tree, "provision cluster"));

        // logs: a line of the start names its trace and the session
        assertThat(output.getAll().lines().filter(l -> l.contains(requested.traceId()) && l.contains(id)))
                .isNotEmpty();
        // and no secret is in a log line or a span: not the caller's bearer token (nor its signature alone), not
        // the secret that guards the cluster's agent
        String token = gateway.authorization().substring("Bearer ".length());
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String spans = String.join("\n", java.nio.file.Files.readAllLines(SharedPlatform.spans()));
        for (String secret : List.of(token, signature, agentSecret)) {
            assertThat(secret).hasSizeGreaterThan(20);
            assertThat(output.getAll()).doesNotContain(secret);
            assertThat(spans).doesNotContain(secret);
        }
    }

    /** Where the name of the first span line with {@code name} starts (its depth in the tree). */
    private static int indent(String tree, String name) {
        return tree.lines().filter(l -> l.endsWith(" " + name) || l.contains(" " + name + "  ")).findFirst()
                .map(l -> l.indexOf(name)).orElseThrow(() -> new AssertionError("no " + name + " in\n" + tree));
    }
}
