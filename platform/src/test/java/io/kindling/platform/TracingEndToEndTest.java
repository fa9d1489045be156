package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace per user request, across the bus: the spans every service exported (the suite writes them to a
 * span file) are read back and their parent links checked hop by hop, and logs carry the trace and session.
 */
@Tag("integration")
@ExtendWith({SharedPlatform.class, OutputCaptureExtension.class})
class TracingEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static GatewayClient gateway;

    @BeforeAll
    static void connect() {
        gateway = new GatewayClient(SharedPlatform.platform()).as("tracer");
    }

    @Test
    void aSessionStartIsOneTraceFromTheGatewayThroughEveryHopToTheDriver(CapturedOutput output) {
        GatewayClient.Response created = gateway.post("/api/v1/sessions", "{\"numExecutors\":1,"
                + "\"executorMemory\":\"512m\",\"driverMemory\":\"768m\",\"timeoutMinutes\":6}");
        assertThat(created.status()).isEqualTo(202);
        String id = created.body().get("id").asString();
        gateway.awaitState(id, "idle", Duration.ofMinutes(4));
        assertThat(gateway.run(id, "SELECT 41 + 1 AS answer").toString()).contains("42");

        // the start: gateway request -> SessionRequested -> provisioning -> ClusterProvisioned -> driver -> idle
        Span requested = await().atMost(Duration.ofSeconds(30))
                .until(() -> find(id, "process kindling.session.requested.v1", "provisioning-service"),
                        Objects::nonNull);
        List<Span> start = await().atMost(Duration.ofSeconds(30)).until(() -> trace(requested.traceId()),
                spans -> names(spans).containsAll(List.of("publish kindling.session.idle.v1", "start driver")));
        Span root = single(start, s -> s.parent() == null);
        assertThat(root.service()).isEqualTo("gateway-service");
        assertThat(root.kind()).isEqualTo("SERVER");
        assertThat(names(start)).contains("publish kindling.session.requested.v1",
                "process kindling.session.requested.v1", "provision cluster",
                "publish kindling.cluster.provisioned.v1", "process kindling.cluster.provisioned.v1", "start driver",
                "publish kindling.session.idle.v1");
        assertThat(services(start)).contains("gateway-service", "session-service", "provisioning-service");
        // every span hangs off the one tree, and every consumer span off the producer span of its event (the
        // binding's own "send" span may sit between them)
        Set<String> ids = start.stream().map(Span::spanId).collect(Collectors.toSet());
        assertThat(start).allSatisfy(s -> assertThat(s.parent() == null || ids.contains(s.parent())).isTrue());
        for (Span consumer : start.stream().filter(s -> s.kind().equals("CONSUMER")).toList()) {
            Span producer = single(start, s -> s.spanId().equals(consumer.parent()));
            while (!producer.name().startsWith("publish ")) {
                assertThat(producer.kind()).isEqualTo("PRODUCER");
                String up = producer.parent();
                producer = single(start, s -> s.spanId().equals(up));
            }
            assertThat(producer.kind()).isEqualTo("PRODUCER");
            assertThat(producer.name()).isEqualTo(consumer.name().replace("process ", "publish "));
        }
        Span provision = single(start, s -> s.name().equals("provision cluster"));
        assertThat(single(start, s -> s.spanId().equals(provision.parent())).name())
                .isEqualTo("process kindling.session.requested.v1");
        Span driver = single(start, s -> s.name().equals("start driver"));
        assertThat(driver.service()).isEqualTo("session-service");
        assertThat(driver.attributes().get("kindling.session.id").asString()).isEqualTo(id);

        // a statement is a request of its own: its run is in the trace of the gateway call that submitted it
        Span statement = await().atMost(Duration.ofSeconds(30))
                .until(() -> find(id, "run statement", "session-service"), Objects::nonNull);
        List<Span> run = trace(statement.traceId());
        assertThat(statement.traceId()).isNotEqualTo(requested.traceId());
        assertThat(single(run, s -> s.parent() == null).service()).isEqualTo("gateway-service");

        // the session times out: the expiry is a new trace, linked to the trace whose idle scheduled it
        gateway.awaitState(id, "ended", Duration.ofSeconds(60));
        Span expiry = await().atMost(Duration.ofSeconds(30))
                .until(() -> spans().stream().filter(s -> s.name().equals("deadline session_expiry")
                        && id.equals(s.attributes().path("kindling.deadline.subject").asString(null)))
                        .findFirst().orElse(null), Objects::nonNull);
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
    }

    /** Where the name of the first span line with {@code name} starts (its depth in the tree). */
    private static int indent(String tree, String name) {
        return tree.lines().filter(l -> l.endsWith(" " + name) || l.contains(" " + name + "  ")).findFirst()
                .map(l -> l.indexOf(name)).orElseThrow(() -> new AssertionError("no " + name + " in\n" + tree));
    }

    record Span(String traceId, String spanId, String parent, String service, String name, String kind,
                JsonNode attributes, List<JsonNode> links) {
    }

    private static Span find(String sessionId, String name, String service) {
        return spans().stream().filter(s -> s.name().equals(name) && s.service().equals(service)
                && sessionId.equals(s.attributes().path("kindling.session.id").asString(null)))
                .findFirst().orElse(null);
    }

    private static List<Span> trace(String traceId) {
        return spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private static List<Span> spans() {
        try {
            if (!Files.exists(SharedPlatform.spans())) {
                return List.of();
            }
            return Files.readAllLines(SharedPlatform.spans()).stream().filter(l -> !l.isBlank()).map(l -> {
                JsonNode n = JSON.readTree(l);
                List<JsonNode> links = n.get("links").valueStream().toList();
                return new Span(n.get("traceId").asString(), n.get("spanId").asString(),
                        n.get("parentSpanId").isNull() ? null : n.get("parentSpanId").asString(),
                        n.get("service").asString(), n.get("name").asString(), n.get("kind").asString(),
                        n.get("attributes"), links);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Span single(List<Span> spans, java.util.function.Predicate<Span> which) {
        List<Span> matching = spans.stream().filter(which).toList();
        assertThat(matching).as("spans matching in %s", names(spans)).hasSize(1);
        return matching.get(0);
    }

    private static List<String> names(List<Span> spans) {
        return spans.stream().map(Span::name).toList();
    }

    private static Set<String> services(List<Span> spans) {
        return spans.stream().map(Span::service).collect(Collectors.toSet());
    }
}
