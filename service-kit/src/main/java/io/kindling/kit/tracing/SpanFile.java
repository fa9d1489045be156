package io.kindling.kit.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes finished spans as JSON lines to one file, for the embedded default without a collector
 * ({@code kindling.tracing.file}; {@code bin/kindling traces} prints them as trees). Every service writes to the
 * same file; one batch is one append.
 */
public final class SpanFile implements SpanExporter {

    private static final Logger log = LoggerFactory.getLogger(SpanFile.class);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    /** Services of one JVM share a file: one lock per file keeps their lines whole. */
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();

    public SpanFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the span file " + this.file, e);
        }
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        StringBuilder lines = new StringBuilder();
        for (SpanData span : spans) {
            lines.append(json.writeValueAsString(line(span))).append('\n');
        }
        try {
            synchronized (LOCKS.computeIfAbsent(file, f -> new Object())) {
                Files.write(file, lines.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            log.warn("could not write {} spans to {}: {}", spans.size(), file, e.getMessage());
            return CompletableResultCode.ofFailure();
        }
    }

    static Map<String, Object> line(SpanData span) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("traceId", span.getTraceId());
        line.put("spanId", span.getSpanId());
        line.put("parentSpanId", span.getParentSpanContext().isValid() ? span.getParentSpanId() : null);
        line.put("service", span.getResource().getAttribute(SERVICE_NAME));
        line.put("name", span.getName());
        line.put("kind", span.getKind().name());
        line.put("startNanos", span.getStartEpochNanos());
        line.put("endNanos", span.getEndEpochNanos());
        line.put("status", span.getStatus().getStatusCode().name());
        Map<String, String> attributes = new LinkedHashMap<>();
        span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), String.valueOf(value)));
        line.put("attributes", attributes);
        List<Map<String, String>> links = span.getLinks().stream().map(SpanFile::link).toList();
        line.put("links", links);
        return line;
    }

    private static Map<String, String> link(LinkData link) {
        return Map.of("traceId", link.getSpanContext().getTraceId(), "spanId", link.getSpanContext().getSpanId());
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
