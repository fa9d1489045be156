package io.kindling.teardown.deadline;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The lifecycle of a deadline. */
public enum DeadlineState {
    /** Waiting for its due time. */
    SCHEDULED,
    /** Fell due; its event was written to the outbox in the same transaction. Terminal. */
    FIRED,
    /** Made stale by a later event (the session became busy, the cluster was reserved). Terminal. */
    CANCELLED;

    private static final Map<DeadlineState, Set<DeadlineState>> NEXT = Map.of(
            SCHEDULED, EnumSet.of(FIRED, CANCELLED),
            FIRED, EnumSet.noneOf(DeadlineState.class),
            CANCELLED, EnumSet.noneOf(DeadlineState.class));

    public boolean canMoveTo(DeadlineState next) {
        return NEXT.get(this).contains(next);
    }
}
