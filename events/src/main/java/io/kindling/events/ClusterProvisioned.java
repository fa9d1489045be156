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
 * @param start     how the cluster came: {@link #COLD} (started for this request), {@link #WARM} (the owner's warm
 *                  cluster, reused), {@link #PREWARMED} (from the pre-warmed pool) or {@link #ATTACHED} (a place on
 *                  an attached pool); {@code null} from producers older than this field (optional, added later)
 */
public record ClusterProvisioned(String clusterId, long generation, String sessionId, String runtimeVersion,
                                 String masterUrl, String restUrl, String webUiUrl, Instant provisionedAt,
                                 PoolPlacement pool, String start) implements DomainEvent {

    public static final String TYPE = "kindling.cluster.provisioned.v1";
    public static final String COLD = "cold";
    public static final String WARM = "warm";
    public static final String PREWARMED = "prewarmed";
    public static final String ATTACHED = "attached";

    /** A serverless cluster. */
    public ClusterProvisioned(String clusterId, long generation, String sessionId, String runtimeVersion,
                              String masterUrl, String restUrl, String webUiUrl, Instant provisionedAt, String start) {
        this(clusterId, generation, sessionId, runtimeVersion, masterUrl, restUrl, webUiUrl, provisionedAt, null,
                start);
    }

    /** A place on an attached pool. */
    public ClusterProvisioned(String clusterId, long generation, String sessionId, String runtimeVersion,
                              String masterUrl, String restUrl, String webUiUrl, Instant provisionedAt,
                              PoolPlacement pool) {
        this(clusterId, generation, sessionId, runtimeVersion, masterUrl, restUrl, webUiUrl, provisionedAt, pool,
                ATTACHED);
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
