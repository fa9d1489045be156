package io.kindling.kit.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Kindling's own spans, through the OpenTelemetry API (HTTP server and client spans come from Spring's
 * observations, on the same context). A trace crosses the bus in the W3C {@code traceparent} the outbox row
 * keeps: the relay publishes long after the request's span ended, on its own thread, so the context cannot
 * travel in a thread-local.
 */
public final class Traces {

    public static final String TRACEPARENT = "traceparent";
    public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("kindling.session.id");
    public static final AttributeKey<String> CLUSTER_ID = AttributeKey.stringKey("kindling.cluster.id");
    public static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("kindling.job.id");
    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");

    private static final TextMapGetter<Map<String, ?>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, ?> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, ?> carrier, String key) {
            Object value = carrier == null ? null : carrier.get(key);
            if (value instanceof byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
            return value == null ? null : value.toString();
        }
    };

    private final Tracer tracer;

    public Traces(OpenTelemetry otel) {
        this.tracer = otel.getTracer("io.kindling");
    }

    /** The current context as a W3C {@code traceparent}, or {@code null} outside any span. */
    public String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** A producer span for one event the outbox relay sends, a child of the span that wrote the row. */
    public Span startPublish(String traceparent, String topic, String eventType, String eventId) {
        return tracer.spanBuilder("publish " + eventType)
                .setParent(parse(traceparent))
                .setSpanKind(SpanKind.PRODUCER)
                .setAllAttributes(messaging(topic, eventType, eventId))
                .startSpan();
    }

    /** The {@code traceparent} to send with an event published under {@code span}. */
    public static String traceparentOf(Span span) {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** A consumer span for one event taken off the bus, a child of the producer span in its headers. */
    public Span startConsume(Map<String, ?> headers, String topic, String eventType, String eventId) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
        return tracer.spanBuilder("process " + eventType)
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAllAttributes(messaging(topic, eventType, eventId))
                .startSpan();
    }

    /**
     * A new trace for work that runs later than the request that scheduled it (a deadline firing), linked to
     * that request's trace.
     */
    public Span startLinked(String name, String scheduledBy) {
        SpanBuilder builder = tracer.spanBuilder(name).setNoParent().setSpanKind(SpanKind.INTERNAL);
        SpanContext link = Span.fromContext(parse(scheduledBy)).getSpanContext();
        if (link.isValid()) {
            builder.addLink(link);
        }
        return builder.startSpan();
    }

    /** Runs {@code work} in a child span of the current context; an exception marks the span failed. */
    public <T> T inSpan(String name, Attributes attributes, Supplier<T> work) {
        Span span = tracer.spanBuilder(name).setAllAttributes(attributes).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    public void inSpan(String name, Attributes attributes, Runnable work) {
        inSpan(name, attributes, () -> {
            work.run();
            return null;
        });
    }

    /** Records a failure on a span. */
    public static void failed(Span span, Throwable e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
    }

    /** {@code work}, to run in the current context wherever it runs (a queued task). */
    public static Runnable carry(Runnable work) {
        return Context.current().wrap(work);
    }

    /** An executor whose tasks run in the context of the thread that submitted them. */
    public static ExecutorService carryingContext(ExecutorService executor) {
        return Context.taskWrapping(executor);
    }

    private static Context parse(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(TRACEPARENT, traceparent),
                HEADERS);
    }

    private static Attributes messaging(String topic, String eventType, String eventId) {
        return Attributes.of(MESSAGING_SYSTEM, "kafka", DESTINATION, topic, EVENT_TYPE, eventType, MESSAGE_ID,
                eventId);
    }
}
