package io.kindling.events;

import java.time.Instant;

/** A cluster could not be provisioned, or died; its processes have been stopped. */
public record ClusterFailed(String clusterId, long generation, String sessionId, String reason, String message,
                            Instant failedAt) implements DomainEvent {

    public static final String TYPE = "kindling.cluster.failed.v1";

    @Override
    public String aggregateId() {
        return clusterId;
    }

    @Override
    public Instant occurredAt() {
        return failedAt;
    }
}
