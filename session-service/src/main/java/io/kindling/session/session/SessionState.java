package io.kindling.session.session;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The lifecycle of an interactive session. Transitions not in the table are rejected. */
public enum SessionState {
    /** Accepted from the bus; nothing is on the way yet. */
    REQUESTED,
    /** Waiting for a cluster (and, when asked, an environment). */
    PREPARING,
    /** The cluster is up; the session's driver (agent) is launching and waiting for executors. */
    STARTING,
    /** Ready for statements; none is running. */
    IDLE,
    /** At least one statement is waiting or running. */
    BUSY,
    /** Stopping: statements are being cancelled and the driver shut down. */
    ENDING,
    /** Ended normally (stopped by the user or timed out). Terminal. */
    ENDED,
    /** Ended because something broke (cluster, driver, environment). Terminal. */
    FAILED;

    private static final Map<SessionState, Set<SessionState>> NEXT = Map.of(
            REQUESTED, EnumSet.of(PREPARING, ENDING, FAILED),
            PREPARING, EnumSet.of(STARTING, ENDING, FAILED),
            STARTING, EnumSet.of(IDLE, ENDING, FAILED),
            IDLE, EnumSet.of(BUSY, ENDING, FAILED),
            BUSY, EnumSet.of(IDLE, ENDING, FAILED),
            ENDING, EnumSet.of(ENDED, FAILED),
            ENDED, EnumSet.noneOf(SessionState.class),
            FAILED, EnumSet.noneOf(SessionState.class));

    public boolean canMoveTo(SessionState next) {
        return NEXT.get(this).contains(next);
    }

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** Statements are accepted only here. */
    public boolean acceptsStatements() {
        return this == IDLE || this == BUSY;
    }

    /** The name in the API (Livy uses lower case). */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
