package io.kindling.events;

import java.time.Instant;

/**
 * teardown-service: a session's inactivity deadline fell due.
 *
 * @param idleGeneration the session generation whose idle period expired; a session that changed since
 *                       (busy, ended) ignores it
 * @param dueAt          when it was due; {@code expiredAt} minus this is the firing lateness
 */
public record SessionExpired(String sessionId, long generation, long idleGeneration, Instant dueAt,
                             Instant expiredAt) implements DomainEvent {

    public static final String TYPE = "kindling.session.expired.v1";

    @Override
    public String aggregateId() {
        return sessionId;
    }

    @Override
    public Instant occurredAt() {
        return expiredAt;
    }
}
