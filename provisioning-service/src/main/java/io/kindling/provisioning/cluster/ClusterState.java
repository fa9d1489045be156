package io.kindling.provisioning.cluster;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The lifecycle of a cluster. Transitions not in the table are rejected. */
public enum ClusterState {
    /** Processes are starting; workers are registering. */
    PROVISIONING,
    /** Up and serving exactly one session. */
    RESERVED,
    /** Up with no session: released (the teardown grace runs) or pre-warmed (waiting for its first). */
    WARM,
    /** A user-managed pool Kindling never tears down through a deadline. */
    ATTACHED,
    /** Its processes are being stopped. */
    TEARING_DOWN,
    /** Every process is gone. Terminal. */
    TORN_DOWN,
    /** Could not be provisioned, or died. Terminal; its processes have been stopped. */
    FAILED;

    private static final Map<ClusterState, Set<ClusterState>> NEXT = Map.of(
            PROVISIONING, EnumSet.of(RESERVED, WARM, TEARING_DOWN, FAILED),
            RESERVED, EnumSet.of(WARM, TEARING_DOWN, FAILED),
            WARM, EnumSet.of(RESERVED, TEARING_DOWN, FAILED),
            ATTACHED, EnumSet.of(FAILED),
            TEARING_DOWN, EnumSet.of(TORN_DOWN, FAILED),
            TORN_DOWN, EnumSet.noneOf(ClusterState.class),
            FAILED, EnumSet.noneOf(ClusterState.class));

    public boolean canMoveTo(ClusterState next) {
        return NEXT.get(this).contains(next);
    }

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
