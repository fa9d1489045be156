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

    /**
     * The session (or, for a cluster event, the session or job the cluster serves) the event is about, for logs
     * and traces; {@code null} when none. A record with a {@code sessionId} component answers with it.
     */
    default String sessionId() {
        return null;
    }

    /** The job the event is about, for logs and traces; {@code null} when none. */
    default String jobId() {
        return null;
    }
}
