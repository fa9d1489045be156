package io.kindling.events;

import java.time.Instant;

/**
 * A cluster is reserved for {@code sessionId} and its master accepts applications. Its workers may still
 * be registering: a driver waits for its executors anyway, and starting it now overlaps the two
 * start-ups. If the workers do not all register in time, ClusterFailed follows.
 *
 * @param masterUrl {@code spark://host:port}
 * @param restUrl   the standalone master's REST submission endpoint, {@code http://host:port}
 * @param webUiUrl  the master's web UI
 */
public record ClusterProvisioned(String clusterId, long generation, String sessionId, String runtimeVersion,
                                 String masterUrl, String restUrl, String webUiUrl, Instant provisionedAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.cluster.provisioned.v1";

    @Override
    public String aggregateId() {
        return clusterId;
    }

    @Override
    public Instant occurredAt() {
        return provisionedAt;
    }
}
