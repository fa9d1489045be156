package io.kindling.events;

import java.time.Instant;

/**
 * A pre-warmed pool cluster is up and WARM with no owner yet: its driver can start now, so the first
 * matching session is served at once. Claimed by a session, it is announced again as ClusterProvisioned.
 */
public record ClusterPrewarmed(String clusterId, long generation, String runtimeVersion, ClusterSize size,
                               String masterUrl, String restUrl, String webUiUrl, Instant prewarmedAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.cluster.prewarmed.v1";

    @Override
    public String aggregateId() {
        return clusterId;
    }

    @Override
    public Instant occurredAt() {
        return prewarmedAt;
    }
}
