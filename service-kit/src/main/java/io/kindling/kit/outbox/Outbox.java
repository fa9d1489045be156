package io.kindling.kit.outbox;

import io.kindling.events.DomainEvent;
import io.kindling.events.EventCatalog;
import io.kindling.kit.cloudevents.EventCodec;
import io.kindling.kit.jdbc.SqlTime;
import io.kindling.kit.tracing.Traces;
import io.kindling.kit.tx.AfterCommit;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records an event in the same transaction as the state change that causes it. The relay publishes it
 * after commit; a rollback takes the event with it.
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final Clock clock;
    private final OutboxSignal signal;
    private final Traces traces;

    public Outbox(JdbcClient jdbc, EventCodec codec, Clock clock, OutboxSignal signal, Traces traces) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.clock = clock;
        this.signal = signal;
        this.traces = traces;
    }

    /**
     * Adds the event; must run inside the transaction of the state change. The current trace context goes with
     * it, so the consumers' spans join the trace of the request that caused it. Returns the event id.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID add(DomainEvent event) {
        EventCatalog.Entry entry = EventCatalog.of(event.getClass());
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO outbox (event_id, event_type, topic, aggregate_id, payload, occurred_at, created_at,
                                    traceparent)
                VALUES (:id, :type, :topic, :aggregate, CAST(:payload AS jsonb), :occurred, :created, :traceparent)
                """)
                .param("id", id)
                .param("type", entry.type())
                .param("topic", entry.topic())
                .param("aggregate", event.aggregateId())
                .param("payload", codec.encodeToString(event))
                .param("occurred", SqlTime.of(event.occurredAt()))
                .param("created", SqlTime.of(clock.instant()))
                .param("traceparent", traces.currentTraceparent())
                .update();
        AfterCommit.run(signal::wake);
        return id;
    }
}
