package io.kindling.events;

import java.time.Instant;

/** A session is running a statement: activity, so it does not expire while busy. */
public record SessionBusy(String sessionId, long generation, Instant busySince) implements DomainEvent {

    public static final String TYPE = "kindling.session.busy.v1";

    @Override
    public String aggregateId() {
        return sessionId;
    }

    @Override
    public Instant occurredAt() {
        return busySince;
    }
}
