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
 * @param pool      the attached pool this is a place on (its conf and jars go to every application there), or
 *                  {@code null} for a serverless cluster (optional, added later)
 */
public record ClusterProvisioned(String clusterId, long generation, String sessionId, String runtimeVersion,
                                 String masterUrl, String restUrl, String webUiUrl, Instant provisionedAt,
                                 PoolPlacement pool) implements DomainEvent {

    public static final String TYPE = "kindling.cluster.provisioned.v1";

    /** A serverless cluster. */
    public ClusterProvisioned(String clusterId, long generation, String sessionId, String runtimeVersion,
                              String masterUrl, String restUrl, String webUiUrl, Instant provisionedAt) {
        this(clusterId, generation, sessionId, runtimeVersion, masterUrl, restUrl, webUiUrl, provisionedAt, null);
    }

    @Override
    public String aggregateId() {
        return clusterId;
    }

    @Override
    public Instant occurredAt() {
        return provisionedAt;
    }
}
