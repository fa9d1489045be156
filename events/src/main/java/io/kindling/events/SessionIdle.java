package io.kindling.events;

import java.time.Instant;

/**
 * A session has no unfinished statement since {@code idleSince}; it expires at {@code expiresAt} unless it
 * becomes busy or ends first. {@code generation} is the session version this idle period belongs to.
 */
public record SessionIdle(String sessionId, long generation, String clusterId, Instant idleSince,
                          int timeoutMinutes, Instant expiresAt) implements DomainEvent {

    public static final String TYPE = "kindling.session.idle.v1";

    @Override
    public String aggregateId() {
        return sessionId;
    }

    @Override
    public Instant occurredAt() {
        return idleSince;
    }
}
