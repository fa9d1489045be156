package io.kindling.kit.outbox;

import java.time.Instant;
import java.util.UUID;

/** One unsent outbox row as the relay reads it. */
public record OutboxRow(long id, UUID eventId, String type, String topic, String aggregateId, String payload,
                        Instant occurredAt, String traceparent, Instant writtenAt) {

    /** The same row, sent under another trace context (the relay's producer span). */
    public OutboxRow withTraceparent(String sentUnder) {
        return new OutboxRow(id, eventId, type, topic, aggregateId, payload, occurredAt, sentUnder, writtenAt);
    }
}
