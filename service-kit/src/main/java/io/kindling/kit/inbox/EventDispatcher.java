package io.kindling.kit.inbox;

import io.cloudevents.CloudEvent;
import io.kindling.events.DomainEvent;
import io.kindling.events.EventCatalog;
import io.kindling.kit.cloudevents.CloudEventHeaders;
import io.kindling.kit.cloudevents.EventCodec;
import io.kindling.kit.cloudevents.InboundEvent;
import io.kindling.kit.resilience.DatabaseRetry;
import io.kindling.kit.tracing.LogContext;
import io.kindling.kit.tracing.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a bus message into a CloudEvent and payload, and applies it at most once through the inbox.
 * A handler that throws rolls the whole transaction back and the binder redelivers the message. Each event is
 * applied in a consumer span whose parent is the producer span in its {@code traceparent} header, with the
 * session or job it serves in the log context ({@code sessionId}, {@code jobId}).
 */
public class EventDispatcher {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final EventHandlers handlers;
    private final EventInbox inbox;
    private final EventCodec codec;
    private final TransactionTemplate tx;
    private final Traces traces;
    private final MeterRegistry meters;
    private final Clock clock;
    /** The counters and hop timers by event type (and verdict): looked up once, not built on every event. */
    private final Map<String, Meter> measures = new ConcurrentHashMap<>();
    private final DatabaseRetry retry;

    public EventDispatcher(EventHandlers handlers, EventInbox inbox, EventCodec codec, TransactionTemplate tx,
                           Traces traces, MeterRegistry meters, Clock clock, InboxProperties props) {
        this.retry = new DatabaseRetry(props.waitInPlace());
        this.meters = meters;
        // a meter removed from the registry (a benchmark drops its warm-up that way) is registered afresh on next use
        meters.config().onMeterRemoved(removed -> measures.values().remove(removed));
        this.clock = clock;
        this.handlers = handlers;
        this.inbox = inbox;
        this.codec = codec;
        this.tx = tx;
        this.traces = traces;
    }

    /** Entry point for a Spring Cloud Stream consumer function. */
    public void dispatch(Message<byte[]> message) {
        CloudEvent ce = CloudEventHeaders.fromHeaders(message.getHeaders(), message.getPayload());
        Optional<EventHandlers.Handler> handler = handlers.handlerFor(ce.getType());
        if (handler.isEmpty()) {
            log.debug("ignoring event {} of type {}: not handled here", ce.getId(), ce.getType());
            return;
        }
        Optional<DomainEvent> payload = codec.decode(ce.getType(), message.getPayload());
        if (payload.isEmpty()) {
            log.debug("ignoring event {} of unknown type {}", ce.getId(), ce.getType());
            return;
        }
        if (!handler.get().concerns().test(payload.get())) {
            log.debug("ignoring event {} of type {}: it does not concern this service", ce.getId(), ce.getType());
            return;
        }
        // subject is optional in CloudEvents: a producer outside Kindling may leave it out
        String subject = ce.getSubject() != null ? ce.getSubject() : payload.get().aggregateId();
        InboundEvent event = new InboundEvent(ce.getId(), ce.getType(), ce.getSource().toString(), subject,
                ce.getTime() == null ? null : ce.getTime().toInstant(), payload.get());
        Span span = traces.startConsume(message.getHeaders(), topic(event), event.type(), event.id());
        tag(span, payload.get());
        try (Scope ignored = span.makeCurrent();
             LogContext logs = LogContext.of(payload.get().sessionId(), payload.get().jobId())) {
            EventInbox.Verdict applied = untilApplicable(event, () -> tx.execute(status -> {
                EventInbox.Verdict verdict = inbox.admit(event);
                span.setAttribute("kindling.inbox.verdict", verdict.name());
                if (verdict == EventInbox.Verdict.APPLY) {
                    handler.get().apply().accept(event);
                } else {
                    log.info("dropped {} event {} ({} from {})", verdict, event.id(), event.type(), event.source());
                }
                return verdict;
            }));
            measure(event, applied, message);
        } catch (RuntimeException e) {
            Traces.failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Applies an event, waiting out a database that is not there or an event that came before what it is about
     * ({@link NotYetApplicableException}): the binder's few retries would otherwise send the event to the
     * dead-letter topic within seconds, and the service would never apply it. The wait is {@code
     * kindling.inbox.wait-in-place}, which must leave a minute of Kafka's {@code max.poll.interval.ms}
     * ({@link InboxProperties#checkWithin}). Past it, an event that is still not
     * applicable goes to the dead-letter topic at once: the kit's defaults tell the binder not to retry it, since
     * each retry would wait as long again and Kafka would drop the consumer from its group.
     */
    private <T> T untilApplicable(InboundEvent event, java.util.function.Supplier<T> apply) {
        return retry.whileUnavailableOr("applying " + event.type() + " " + event.id(),
                e -> e instanceof NotYetApplicableException, apply);
    }

    /**
     * {@code kindling.events.consumed} by type and verdict, and for applied events the hop from the producer's
     * outbox write to this commit ({@code kindling.event.hop}).
     */
    private void measure(InboundEvent event, EventInbox.Verdict verdict, Message<byte[]> message) {
        ((Counter) measures.computeIfAbsent(event.type() + " " + verdict, k -> Counter.builder("kindling.events.consumed")
                .description("Events taken off the bus, by what the inbox decided")
                .tag("type", event.type()).tag("verdict", verdict.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters))).increment();
        if (verdict != EventInbox.Verdict.APPLY) {
            return;
        }
        CloudEventHeaders.writtenAt(message.getHeaders()).ifPresent(written -> {
            Duration hop = Duration.between(written, clock.instant());
            ((Timer) measures.computeIfAbsent(event.type(), k -> Timer.builder("kindling.event.hop")
                    .description("From the producer's outbox write to the consumer's commit")
                    .tag("type", event.type()).publishPercentileHistogram().publishPercentiles(0.5, 0.99)
                    .register(meters))).record(hop.isNegative() ? Duration.ZERO : hop);
        });
    }

    private static String topic(InboundEvent event) {
        return EventCatalog.byType(event.type()).map(EventCatalog.Entry::topic).orElse("");
    }

    private static void tag(Span span, DomainEvent payload) {
        if (payload.sessionId() != null) {
            span.setAttribute(Traces.SESSION_ID, payload.sessionId());
        }
        if (payload.jobId() != null) {
            span.setAttribute(Traces.JOB_ID, payload.jobId());
        }
    }
}
