package io.kindling.events;

import java.time.Instant;

/** A user asked to stop a session; published by the gateway. */
public record SessionStopRequested(String sessionId, long generation, String requestedBy, Instant requestedAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.session.stop-requested.v1";

    @Override
    public String aggregateId() {
        return sessionId;
    }

    @Override
    public Instant occurredAt() {
        return requestedAt;
    }
}
