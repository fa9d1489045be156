package io.kindling.events;

import java.time.Instant;

/** Every process of the cluster is gone. */
public record ClusterTornDown(String clusterId, long generation, String sessionId, String reason, Instant tornDownAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.cluster.torn-down.v1";

    @Override
    public String aggregateId() {
        return clusterId;
    }

    @Override
    public Instant occurredAt() {
        return tornDownAt;
    }
}
