package io.kindling.events;

import java.time.Instant;

/**
 * A serverless cluster's session ended and the cluster is WARM: it waits for a matching session for the
 * grace period, then TeardownDue tears it down.
 *
 * @param sessionId the session that released it
 */
public record ClusterReleased(String clusterId, long generation, String sessionId, Instant releasedAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.cluster.released.v1";

    @Override
    public String aggregateId() {
        return clusterId;
    }

    @Override
    public Instant occurredAt() {
        return releasedAt;
    }
}
