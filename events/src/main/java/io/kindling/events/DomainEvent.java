package io.kindling.events;

import java.time.Instant;

/**
 * What every event payload carries besides its own facts.
 *
 * <p>{@link #generation()} increases with every event one producer publishes about one aggregate,
 * so a consumer can drop an event older than one it has already applied.
 */
public interface DomainEvent {

    /** The id of the aggregate the event is about: the Kafka record key and the CloudEvents subject. */
    String aggregateId();

    /** Monotonic per (producer, aggregate). */
    long generation();

    /** When the fact happened (not when it was published). */
    Instant occurredAt();
}
