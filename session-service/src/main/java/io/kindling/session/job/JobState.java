package io.kindling.session.job;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The lifecycle of a batch job. Transitions not in the table are rejected. */
public enum JobState {
    /** Accepted from the bus; its spec is being checked. */
    QUEUED,
    /** The spec is valid; its cluster (and, when asked, its environment) is on the way. */
    PREPARING,
    /** Its driver was accepted by the cluster (cluster deploy mode) and has not finished. */
    RUNNING,
    /** The driver exited with code 0. Terminal. */
    SUCCEEDED,
    /** The spec was refused, the cluster or environment failed, or the driver failed. Terminal. */
    FAILED,
    /** Killed on request. Terminal. */
    KILLED;

    private static final Map<JobState, Set<JobState>> NEXT = Map.of(
            QUEUED, EnumSet.of(PREPARING, FAILED, KILLED),
            PREPARING, EnumSet.of(RUNNING, FAILED, KILLED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, KILLED),
            SUCCEEDED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            KILLED, EnumSet.noneOf(JobState.class));

    public boolean canMoveTo(JobState next) {
        return NEXT.get(this).contains(next);
    }

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** The name in the API. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
