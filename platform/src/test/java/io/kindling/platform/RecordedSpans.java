package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The spans every service of the shared platform exported, read back from the suite's span file. */
final class RecordedSpans {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RecordedSpans() {
    }

    record Span(String traceId, String spanId, String parent, String service, String name, String kind,
                JsonNode attributes, List<JsonNode> links) {

        /** The value of a string attribute, or {@code null}. */
        String attribute(String key) {
            return attributes.path(key).asString(null);
        }
    }

    /** Every span written so far. */
    static List<Span> all() {
        try {
            if (!Files.exists(SharedPlatform.spans())) {
                return List.of();
            }
            return Files.readAllLines(SharedPlatform.spans()).stream().filter(l -> !l.isBlank()).map(l -> {
                JsonNode n = JSON.readTree(l);
                return new Span(n.get("traceId").asString(), n.get("spanId").asString(),
                        n.get("parentSpanId").isNull() ? null : n.get("parentSpanId").asString(),
                        n.get("service").asString(), n.get("name").asString(), n.get("kind").asString(),
                        n.get("attributes"), n.get("links").valueStream().toList());
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first span of that name and service whose attribute {@code key} is {@code value}, or {@code null}. */
    static Span find(String name, String service, String key, String value) {
        return all().stream().filter(s -> s.name().equals(name) && s.service().equals(service)
                && value.equals(s.attribute(key))).findFirst().orElse(null);
    }

    static List<Span> trace(String traceId) {
        return all().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** The one span matching, failing with the names of them all when there is none or more than one. */
    static Span single(List<Span> spans, Predicate<Span> which) {
        List<Span> matching = spans.stream().filter(which).toList();
        assertThat(matching).as("spans matching in %s", names(spans)).hasSize(1);
        return matching.get(0);
    }

    static List<String> names(List<Span> spans) {
        return spans.stream().map(Span::name).toList();
    }

    static Set<String> services(List<Span> spans) {
        return spans.stream().map(Span::service).collect(Collectors.toSet());
    }

    /**
     * Checks that the spans are one tree with one root, and that every consumer span hangs off the producer span
     * that published its event (the binding's own "send" span may sit between them).
     *
     * @return the root
     */
    static Span assertOneTree(List<Span> spans) {
        Span root = single(spans, s -> s.parent() == null);
        Set<String> ids = spans.stream().map(Span::spanId).collect(Collectors.toSet());
        assertThat(spans).allSatisfy(s -> assertThat(s.parent() == null || ids.contains(s.parent()))
                .as("the parent of %s is in the trace", s.name()).isTrue());
        for (Span consumer : spans.stream().filter(s -> s.kind().equals("CONSUMER")).toList()) {
            Span producer = parentOf(spans, consumer);
            while (!producer.name().startsWith("publish ")) {
                assertThat(producer.kind()).isEqualTo("PRODUCER");
                producer = parentOf(spans, producer);
            }
            assertThat(producer.kind()).isEqualTo("PRODUCER");
            assertThat(producer.name()).isEqualTo(consumer.name().replace("process ", "publish "));
        }
        return root;
    }

    static Span parentOf(List<Span> spans, Span child) {
        return single(spans, s -> Objects.equals(s.spanId(), child.parent()));
    }
}
