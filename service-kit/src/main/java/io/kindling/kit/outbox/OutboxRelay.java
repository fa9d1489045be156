package io.kindling.kit.outbox;

import io.kindling.kit.jdbc.SqlTime;
import io.kindling.kit.loop.BackgroundLoop;
import io.kindling.kit.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox in order: rows are locked with {@code FOR UPDATE SKIP LOCKED}, so several replicas
 * of a service share the work, and marked sent in the transaction that read them. A row the bus refuses
 * stays unsent and is retried with backoff; consumers are idempotent, so a re-send is harmless.
 */
public class OutboxRelay extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration CLEANUP_EVERY = Duration.ofMinutes(10);
    /** Past the producer's own delivery timeout (15 s in the kit's defaults), which fails the future first. */
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final EventPublisher publisher;
    private final OutboxSignal signal;
    private final OutboxProperties props;
    private final Clock clock;
    private final String name;
    private final Traces traces;
    private Instant lastCleanup = Instant.EPOCH;
    private volatile Progress progress = new Progress(null, null, null);

    /**
     * What the relay last achieved, for health: when it last published, and since when (and why) it has been
     * failing, if it is.
     */
    public record Progress(Instant lastPublishedAt, Instant failingSince, String lastError) {

        Progress published(Instant at) {
            return new Progress(at, null, null);
        }

        Progress failed(Instant at, Exception e) {
            return new Progress(lastPublishedAt, failingSince == null ? at : failingSince,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    public Progress progress() {
        return progress;
    }

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, EventPublisher publisher, OutboxSignal signal,
                       OutboxProperties props, Clock clock, String name, Traces traces) {
        super("outbox-relay-" + name);
        this.jdbc = jdbc;
        this.tx = tx;
        this.publisher = publisher;
        this.signal = signal;
        this.props = props;
        this.clock = clock;
        this.name = name;
        this.traces = traces;
    }

    /** Start after the bindings, stop before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    @Override
    protected void round() {
        int sent;
        Instant batchStarted = clock.instant();
        try {
            do {
                batchStarted = clock.instant();
                sent = relayBatch();
            } while (active() && sent == props.batchSize());
        } catch (RuntimeException e) {
            // failing since the batch that met the failure went out, not since the producer gave up on it (its
            // delivery timeout later): readiness counts kindling.outbox.stuck-after from the outage's start
            progress = progress.failed(batchStarted, e);
            throw e;
        }
        cleanupIfDue();
    }

    @Override
    protected void idle() throws InterruptedException {
        signal.await(props.pollInterval());
    }

    @Override
    protected Duration firstBackoff() {
        return props.pollInterval();
    }

    @Override
    protected Duration maxBackoff() {
        return MAX_BACKOFF;
    }

    /**
     * Publishes up to one batch; returns how many rows were sent. Every row goes on the wire first, in order, and
     * then the relay waits for each acknowledgement: the producer batches what is in flight, where waiting for each
     * row would cost a broker round trip per event. The acknowledged rows up to the first failure are marked sent in
     * one statement; that row records its error, and it and every row after it stay unsent and go again next round
     * (consumers are idempotent, so a row the broker did take is harmless to send twice). Visible for tests.
     */
    int relayBatch() {
        RuntimeException[] failure = new RuntimeException[1];
        Integer sent = tx.execute(status -> {
            List<OutboxRow> rows = jdbc.sql("""
                    SELECT id, event_id, event_type, topic, aggregate_id, payload::text AS payload, occurred_at,
                           traceparent, created_at
                    FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
                    """)
                    .param("limit", props.batchSize())
                    .query((rs, i) -> new OutboxRow(rs.getLong("id"), rs.getObject("event_id", java.util.UUID.class),
                            rs.getString("event_type"), rs.getString("topic"), rs.getString("aggregate_id"),
                            rs.getString("payload"), rs.getTimestamp("occurred_at").toInstant(),
                            rs.getString("traceparent"), rs.getTimestamp("created_at").toInstant()))
                    .list();
            List<InFlight> inFlight = new ArrayList<>(rows.size());
            for (OutboxRow row : rows) {
                Span span = traces.startPublish(row.traceparent(), row.topic(), row.type(), row.eventId().toString());
                try (Scope ignored = span.makeCurrent()) {
                    inFlight.add(new InFlight(row, span, publisher.send(row.withTraceparent(Traces.traceparentOf(span))),
                            null));
                } catch (RuntimeException e) {
                    inFlight.add(new InFlight(row, span, null, e));
                    break;
                }
            }
            int acknowledged = 0;
            for (InFlight send : inFlight) {
                RuntimeException error = send.await();
                if (error != null) {
                    failure[0] = error;
                    Traces.failed(send.span(), error);
                    jdbc.sql("UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id = :id")
                            .param("error", String.valueOf(error.getMessage())).param("id", send.row().id()).update();
                    break;
                }
                acknowledged++;
            }
            inFlight.forEach(send -> send.span().end());
            List<Long> sentIds = inFlight.subList(0, acknowledged).stream().map(send -> send.row().id()).toList();
            if (!sentIds.isEmpty()) {
                jdbc.sql("UPDATE outbox SET sent_at = :now, attempts = attempts + 1 WHERE id IN (:ids)")
                        .param("now", SqlTime.of(clock.instant())).param("ids", sentIds).update();
            }
            return sentIds.size();
        });
        int count = sent == null ? 0 : sent;
        if (failure[0] != null && count == 0) {
            throw failure[0];
        }
        if (count > 0 || failure[0] == null) {
            progress = progress.published(clock.instant());
        }
        return count;
    }

    /** One row on its way to the broker under its producer span, or refused before it left ({@code refused}). */
    private record InFlight(OutboxRow row, Span span, CompletableFuture<?> ack, RuntimeException refused) {

        /** Waits for the broker's answer: null when it took the row, else why not. */
        RuntimeException await() {
            if (refused != null) {
                return refused;
            }
            try {
                ack.get(ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            } catch (ExecutionException e) {
                Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
                return new IllegalStateException("bus did not take event " + row.eventId() + " for topic "
                        + row.topic() + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), e);
            } catch (TimeoutException e) {
                return new IllegalStateException("no acknowledgement for event " + row.eventId() + " within "
                        + ACK_WAIT.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new IllegalStateException("interrupted waiting for the acknowledgement of " + row.eventId(), e);
            }
        }
    }

    private void cleanupIfDue() {
        Instant now = clock.instant();
        if (Duration.between(lastCleanup, now).compareTo(CLEANUP_EVERY) < 0) {
            return;
        }
        lastCleanup = now;
        jdbc.sql("DELETE FROM outbox WHERE sent_at < :before")
                .param("before", SqlTime.of(now.minus(props.retention()))).update();
    }
}
