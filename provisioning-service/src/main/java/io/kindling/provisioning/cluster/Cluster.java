package io.kindling.provisioning.cluster;

import io.kindling.events.ClusterSize;
import io.kindling.provisioning.backend.ClusterInfo;
import java.time.Instant;

/**
 * A cluster: what was asked (runtime, size) and what is observed (state, endpoints, processes).
 *
 * @param owner            whose sessions it serves (one owner at a time: users never share a driver)
 * @param staticConf       the static Spark conf fingerprint it was started with (see SparkConfScope)
 * @param driverWorker     whether it has a worker for a cluster-mode driver (a job's cluster)
 * @param info             endpoints and processes once provisioned, else {@code null}
 * @param releaseRequested its session ended while it was still provisioning
 * @param version          increases with every change; events carry it as their generation
 */
public record Cluster(String id, String sessionId, String owner, String staticConf, String runtimeVersion,
                      ClusterSize size, boolean driverWorker, String backend, ClusterState state, ClusterInfo info, boolean releaseRequested, String message,
                      Instant createdAt, Instant updatedAt, long version) {

    /** The deterministic id of a session's cluster: the same request always names the same cluster. */
    public static String idFor(String sessionId, int attempt) {
        return "kc-" + sessionId + "-" + attempt;
    }

    public Cluster moveTo(ClusterState next, Instant at) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("cluster " + id + " cannot move from " + state + " to " + next);
        }
        return new Cluster(id, sessionId, owner, staticConf, runtimeVersion, size, driverWorker, backend,
                next, info, releaseRequested, message,
                createdAt, at, version + 1);
    }

    public Cluster withInfo(ClusterInfo newInfo) {
        return new Cluster(id, sessionId, owner, staticConf, runtimeVersion, size, driverWorker, backend,
                state, newInfo, releaseRequested, message,
                createdAt, updatedAt, version);
    }

    public Cluster withMessage(String text) {
        return new Cluster(id, sessionId, owner, staticConf, runtimeVersion, size, driverWorker, backend,
                state, info, releaseRequested, text,
                createdAt, updatedAt, version);
    }

    /** The id of a pre-warmed pool cluster (no session asked for it). */
    public static String poolId(String random) {
        return "kc-p-" + random + "-1";
    }

    /** Whether it is an unclaimed pre-warmed pool cluster. */
    public boolean pooled() {
        return owner.isEmpty();
    }

    /** Reserved for a session (a warm start; a pool cluster takes the session's owner). */
    public Cluster withSession(String newSessionId, String sessionOwner) {
        return new Cluster(id, newSessionId, sessionOwner, staticConf, runtimeVersion, size, driverWorker, backend, state, info,
                releaseRequested, message, createdAt, updatedAt, version);
    }

    public Cluster withReleaseRequested() {
        return new Cluster(id, sessionId, owner, staticConf, runtimeVersion, size, driverWorker, backend,
                state, info, true, message, createdAt,
                updatedAt, version);
    }
}
