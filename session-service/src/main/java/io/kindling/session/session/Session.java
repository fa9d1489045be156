package io.kindling.session.session;

import io.kindling.events.ClusterSize;
import java.time.Instant;
import java.util.Map;

/**
 * An interactive session: what the user asked for (owner .. conf) and what is observed (state onward).
 * Immutable; {@link #moveTo} returns the next value.
 *
 * @param version     increases with every change; events carry it as their generation
 * @param environment its conda environment ({@link SessionEnvironment#NONE} without a conda spec)
 * @param masterUrl   its cluster's master, once provisioned
 */
public record Session(String id, String owner, String name, String kind, String runtimeVersion, ClusterSize size,
                      int timeoutMinutes, Map<String, String> conf, SessionState state, String clusterId,
                      EndReason endReason, String message, Instant createdAt, Instant updatedAt, long version,
                      SessionEnvironment environment, String masterUrl) {

    /** A new session as the bus delivered it. */
    public static Session requested(String id, String owner, String name, String kind, String runtimeVersion,
                                    ClusterSize size, int timeoutMinutes, Map<String, String> conf, Instant at,
                                    boolean needsEnvironment) {
        return new Session(id, owner, name, kind, runtimeVersion, size, timeoutMinutes, Map.copyOf(conf),
                SessionState.REQUESTED, null, null, null, at, at, 1,
                needsEnvironment ? SessionEnvironment.WAITING : SessionEnvironment.NONE, null);
    }

    /** @throws IllegalTransitionException when the lifecycle does not allow it */
    public Session moveTo(SessionState next, Instant at) {
        if (!state.canMoveTo(next)) {
            throw new IllegalTransitionException(id, state, next);
        }
        return new Session(id, owner, name, kind, runtimeVersion, size, timeoutMinutes, conf, next, clusterId,
                endReason, message, createdAt, at, version + 1, environment, masterUrl);
    }

    public Session withCluster(String newClusterId) {
        return new Session(id, owner, name, kind, runtimeVersion, size, timeoutMinutes, conf, state, newClusterId,
                endReason, message, createdAt, updatedAt, version, environment, masterUrl);
    }

    public Session withCluster(String newClusterId, String newMasterUrl) {
        return new Session(id, owner, name, kind, runtimeVersion, size, timeoutMinutes, conf, state, newClusterId,
                endReason, message, createdAt, updatedAt, version, environment, newMasterUrl);
    }

    public Session withEnvironment(SessionEnvironment newEnvironment) {
        return new Session(id, owner, name, kind, runtimeVersion, size, timeoutMinutes, conf, state, clusterId,
                endReason, message, createdAt, updatedAt, version, newEnvironment, masterUrl);
    }

    public Session withEnd(EndReason reason, String text) {
        return new Session(id, owner, name, kind, runtimeVersion, size, timeoutMinutes, conf, state, clusterId,
                reason, text, createdAt, updatedAt, version, environment, masterUrl);
    }

    /** A version bump without a state change (for a note in the history). */
    Session touched(Instant at) {
        return new Session(id, owner, name, kind, runtimeVersion, size, timeoutMinutes, conf, state, clusterId,
                endReason, message, createdAt, at, version + 1, environment, masterUrl);
    }
}
