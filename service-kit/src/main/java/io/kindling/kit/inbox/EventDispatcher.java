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
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies what one poll of the bus brought, each event at most once through the inbox, all of them in one
 * transaction: one commit, not one per event. An event that fails takes the transaction back with it; the events
 * before it are then applied together again, the failing one alone (waiting in place for the database or for what it
 * is about, {@link #untilApplicable}), and the rest together. An event that still fails alone is handed to the
 * listener container as a {@link BatchListenerFailedException}: the container commits the offsets before it, retries
 * it and, once its attempts are spent, puts it on the dead-letter topic ({@link DeadLetters}). Each event is applied
 * in a consumer span whose parent is the producer span in its {@code traceparent} header, with the session or job it
 * serves in the log context ({@code sessionId}, {@code jobId}).
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

    /**
     * Entry point for a Spring Cloud Stream consumer function in batch mode: the payloads of one poll, in the order
     * of their partitions, and each record's headers in {@link KafkaHeaders#BATCH_CONVERTED_HEADERS}.
     */
    public void dispatch(Message<List<byte[]>> batch) {
        List<byte[]> payloads = batch.getPayload();
        List<Map<String, Object>> headers = convertedHeaders(batch, payloads.size());
        List<Pending> run = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            Optional<Pending> pending;
            try {
                pending = prepare(i, headers.get(i), payloads.get(i));
            } catch (RuntimeException e) {
                // what came before it is applied, and the container retries it and dead-letters it
                apply(run, 0, run.size());
                throw new BatchListenerFailedException("cannot read event " + i + " of the poll", e, i);
            }
            pending.ifPresent(run::add);
        }
        apply(run, 0, run.size());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> convertedHeaders(Message<List<byte[]>> batch, int size) {
        Object headers = batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
        if (!(headers instanceof List<?> list) || list.size() != size) {
            throw new IllegalStateException("a batch of " + size + " events came without each record's headers ("
                    + KafkaHeaders.BATCH_CONVERTED_HEADERS + "): is the binding in batch mode?");
        }
        return (List<Map<String, Object>>) list;
    }

    /** The event a record carries, if this service handles it and it concerns the service. */
    private Optional<Pending> prepare(int index, Map<String, Object> headers, byte[] data) {
        CloudEvent ce = CloudEventHeaders.fromHeaders(headers, data);
        Optional<EventHandlers.Handler> handler = handlers.handlerFor(ce.getType());
        if (handler.isEmpty()) {
            log.debug("ignoring event {} of type {}: not handled here", ce.getId(), ce.getType());
            return Optional.empty();
        }
        Optional<DomainEvent> payload = codec.decode(ce.getType(), data);
        if (payload.isEmpty()) {
            log.debug("ignoring event {} of unknown type {}", ce.getId(), ce.getType());
            return Optional.empty();
        }
        if (!handler.get().concerns().test(payload.get())) {
            log.debug("ignoring event {} of type {}: it does not concern this service", ce.getId(), ce.getType());
            return Optional.empty();
        }
        // subject is optional in CloudEvents: a producer outside Kindling may leave it out
        String subject = ce.getSubject() != null ? ce.getSubject() : payload.get().aggregateId();
        InboundEvent event = new InboundEvent(ce.getId(), ce.getType(), ce.getSource().toString(), subject,
                ce.getTime() == null ? null : ce.getTime().toInstant(), payload.get());
        return Optional.of(new Pending(index, event, handler.get(), headers));
    }

    /** Applies {@code run[from, to)}: together, or, past an event that fails among them, as the class says. */
    private void apply(List<Pending> run, int from, int to) {
        if (to - from == 1) {
            applyAlone(run.get(from));
        } else if (to > from) {
            try {
                applyTogether(run.subList(from, to));
            } catch (FailedAt failed) {
                int at = from + failed.position;
                log.debug("a poll's transaction of {} events failed at event {}: applying them apart", to - from,
                        run.get(at).event().id(), failed.getCause());
                splits().increment();
                apply(run, from, at);
                applyAlone(run.get(at));
                apply(run, at + 1, to);
            }
        }
    }

    private void applyTogether(List<Pending> run) {
        List<Span> spans = new ArrayList<>(run.size());
        List<EventInbox.Verdict> verdicts;
        try {
            verdicts = tx.execute(status -> {
                List<EventInbox.Verdict> decided = new ArrayList<>(run.size());
                for (int i = 0; i < run.size(); i++) {
                    Span span = startSpan(run.get(i));
                    span.setAttribute("kindling.inbox.together", run.size());
                    spans.add(span);
                    try {
                        decided.add(admitAndApply(run.get(i), span));
                    } catch (RuntimeException e) {
                        throw new FailedAt(i, e);
                    }
                }
                return decided;
            });
        } catch (RuntimeException e) {
            // the commit itself can fail (the database went away): its first event then waits alone
            FailedAt failed = e instanceof FailedAt f ? f : new FailedAt(0, e);
            spans.forEach(span -> {
                span.addEvent("rolled back with the other events of its poll; applied again apart");
                span.end();
            });
            throw failed;
        }
        ((DistributionSummary) measures.computeIfAbsent("together", k -> DistributionSummary
                .builder("kindling.events.together")
                .description("Events applied in one transaction (one poll of the bus, or part of it)")
                .register(meters))).record(run.size());
        for (int i = 0; i < run.size(); i++) {
            spans.get(i).end();
            measure(run.get(i), verdicts.get(i));
        }
    }

    /** One event in a transaction of its own, waiting in place if it must; the container takes over past that. */
    private void applyAlone(Pending pending) {
        Span span = startSpan(pending);
        try (Scope ignored = span.makeCurrent()) {
            EventInbox.Verdict applied = untilApplicable(pending.event(),
                    () -> tx.execute(status -> admitAndApply(pending, span)));
            measure(pending, applied);
        } catch (RuntimeException e) {
            Traces.failed(span, e);
            throw new BatchListenerFailedException("applying " + pending.event().type() + " "
                    + pending.event().id() + " failed", e, pending.index());
        } finally {
            span.end();
        }
    }

    private Span startSpan(Pending pending) {
        InboundEvent event = pending.event();
        Span span = traces.startConsume(pending.headers(), topic(event), event.type(), event.id());
        if (event.payload().sessionId() != null) {
            span.setAttribute(Traces.SESSION_ID, event.payload().sessionId());
        }
        if (event.payload().jobId() != null) {
            span.setAttribute(Traces.JOB_ID, event.payload().jobId());
        }
        return span;
    }

    /** In the caller's transaction, in the event's span and log context. */
    private EventInbox.Verdict admitAndApply(Pending pending, Span span) {
        InboundEvent event = pending.event();
        try (Scope ignored = span.makeCurrent();
             LogContext logs = LogContext.of(event.payload().sessionId(), event.payload().jobId())) {
            EventInbox.Verdict verdict = inbox.admit(event);
            span.setAttribute("kindling.inbox.verdict", verdict.name());
            if (verdict == EventInbox.Verdict.APPLY) {
                pending.handler().apply().accept(event);
            } else {
                log.info("dropped {} event {} ({} from {})", verdict, event.id(), event.type(), event.source());
            }
            return verdict;
        }
    }

    /**
     * Applies an event, waiting out a database that is not there or an event that came before what it is about
     * ({@link NotYetApplicableException}): the container's few retries would otherwise send the event to the
     * dead-letter topic within seconds, and the service would never apply it. The wait is {@code
     * kindling.inbox.wait-in-place}, which must leave a minute of Kafka's {@code max.poll.interval.ms}
     * ({@link InboxProperties#checkWithin}). Past it, an event that is still not applicable goes to the dead-letter
     * topic at once: {@link DeadLetters} tells the container not to retry it, since each retry would wait as long
     * again.
     */
    private <T> T untilApplicable(InboundEvent event, java.util.function.Supplier<T> apply) {
        return retry.whileUnavailableOr("applying " + event.type() + " " + event.id(),
                e -> e instanceof NotYetApplicableException, apply);
    }

    /**
     * {@code kindling.events.consumed} by type and verdict, and for applied events the hop from the producer's
     * outbox write to this commit ({@code kindling.event.hop}).
     */
    private void measure(Pending pending, EventInbox.Verdict verdict) {
        InboundEvent event = pending.event();
        ((Counter) measures.computeIfAbsent(event.type() + " " + verdict, k -> Counter.builder("kindling.events.consumed")
                .description("Events taken off the bus, by what the inbox decided")
                .tag("type", event.type()).tag("verdict", verdict.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters))).increment();
        if (verdict != EventInbox.Verdict.APPLY) {
            return;
        }
        CloudEventHeaders.writtenAt(pending.headers()).ifPresent(written -> {
            Duration hop = Duration.between(written, clock.instant());
            ((Timer) measures.computeIfAbsent(event.type(), k -> Timer.builder("kindling.event.hop")
                    .description("From the producer's outbox write to the consumer's commit")
                    .tag("type", event.type()).publishPercentileHistogram().publishPercentiles(0.5, 0.99)
                    .register(meters))).record(hop.isNegative() ? Duration.ZERO : hop);
        });
    }

    private Counter splits() {
        return (Counter) measures.computeIfAbsent("together failed", k -> Counter
                .builder("kindling.events.together.failed")
                .description("Transactions of a poll's events rolled back by one of them, then applied apart")
                .register(meters));
    }

    private static String topic(InboundEvent event) {
        return EventCatalog.byType(event.type()).map(EventCatalog.Entry::topic).orElse("");
    }

    /** A record of the poll this service applies: its place in the poll, its event, handler and headers. */
    private record Pending(int index, InboundEvent event, EventHandlers.Handler handler, Map<String, Object> headers) {
    }

    /** The event at {@code position} of a transaction failed; the transaction rolled back. */
    private static final class FailedAt extends RuntimeException {

        private final int position;

        FailedAt(int position, RuntimeException cause) {
            super(cause);
            this.position = position;
        }
    }
}
