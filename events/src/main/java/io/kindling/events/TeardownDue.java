package io.kindling.events;

import java.time.Instant;

/**
 * teardown-service: a WARM cluster's grace period ran out.
 *
 * @param releasedGeneration the cluster generation that was released; a cluster reserved again since ignores it
 * @param dueAt              when it was due; {@code firedAt} minus this is the firing lateness
 */
public record TeardownDue(String clusterId, long generation, long releasedGeneration, Instant dueAt,
                          Instant firedAt) implements DomainEvent {

    public static final String TYPE = "kindling.cluster.teardown-due.v1";

    @Override
    public String aggregateId() {
        return clusterId;
    }

    @Override
    public Instant occurredAt() {
        return firedAt;
    }
}
