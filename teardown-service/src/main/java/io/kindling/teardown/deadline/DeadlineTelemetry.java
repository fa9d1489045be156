package io.kindling.teardown.deadline;

import io.kindling.kit.tracing.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;

/**
 * What a firing tells operators: a span that starts a new trace linked to the trace that scheduled the deadline,
 * {@code kindling.deadlines.fired} and the lateness ({@code kindling.deadline.lateness}, due to fired), by kind.
 */
public class DeadlineTelemetry {

    private static final AttributeKey<String> KIND = AttributeKey.stringKey("kindling.deadline.kind");
    private static final AttributeKey<String> SUBJECT = AttributeKey.stringKey("kindling.deadline.subject");
    private static final AttributeKey<Long> LATENESS_MS = AttributeKey.longKey("kindling.deadline.lateness_ms");

    private final Traces traces;
    private final MeterRegistry meters;

    public DeadlineTelemetry(Traces traces, MeterRegistry meters) {
        this.traces = traces;
        this.meters = meters;
    }

    /** The trace context a deadline scheduled now remembers. */
    String scheduledBy() {
        return traces.currentTraceparent();
    }

    /** Runs {@code fire} (which writes the deadline's event) in the firing's span, and counts it. */
    void fired(Deadline deadline, Instant now, Runnable fire) {
        Duration lateness = Duration.between(deadline.dueAt(), now);
        String kind = deadline.kind().name().toLowerCase(java.util.Locale.ROOT);
        Span span = traces.startLinked("deadline " + kind, deadline.scheduledBy());
        span.setAttribute(KIND, kind);
        span.setAttribute(SUBJECT, deadline.subject());
        span.setAttribute(LATENESS_MS, lateness.toMillis());
        try (Scope ignored = span.makeCurrent()) {
            fire.run();
        } finally {
            span.end();
        }
        Counter.builder("kindling.deadlines.fired").description("Deadlines fired").tag("kind", kind)
                .register(meters).increment();
        Timer.builder("kindling.deadline.lateness").description("How long after its due time a deadline fired")
                .tag("kind", kind).publishPercentileHistogram().register(meters)
                .record(lateness.isNegative() ? Duration.ZERO : lateness);
    }
}
