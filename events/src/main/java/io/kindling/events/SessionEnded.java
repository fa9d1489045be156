package io.kindling.events;

import java.time.Instant;

/**
 * A session reached a terminal state.
 *
 * @param clusterId the cluster it ran on, or {@code null} if it ended before one was assigned
 * @param failed    {@code true} when the session ended in FAILED rather than ENDED
 * @param reason    the end reason, e.g. {@code STOPPED_BY_USER}, {@code CLUSTER_FAILED}
 * @param message   a human-readable explanation, or {@code null}
 */
public record SessionEnded(String sessionId, long generation, String clusterId, boolean failed, String reason,
                           String message, Instant endedAt) implements DomainEvent {

    public static final String TYPE = "kindling.session.ended.v1";

    @Override
    public String aggregateId() {
        return sessionId;
    }

    @Override
    public Instant occurredAt() {
        return endedAt;
    }
}
