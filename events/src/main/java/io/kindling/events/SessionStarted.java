package io.kindling.events;

import java.time.Instant;

/** The session's driver is up on its cluster and the session accepts statements. */
public record SessionStarted(String sessionId, long generation, String clusterId, Instant startedAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.session.started.v1";

    @Override
    public String aggregateId() {
        return sessionId;
    }

    @Override
    public Instant occurredAt() {
        return startedAt;
    }
}
