package io.kindling.agent.statement;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Lifecycle of one statement, with Livy's names on the wire. */
public enum StatementState {
    /** Queued behind earlier statements of the same session. */
    WAITING,
    /** Executing on the session's thread; its Spark jobs run in the statement's job group. */
    RUNNING,
    /** Finished; the output says {@code ok} or {@code error}. */
    AVAILABLE,
    /** Cancel requested while running; its job group is being cancelled. */
    CANCELLING,
    /** Cancelled before or while running; there is no output. */
    CANCELLED;

    private static final Map<StatementState, Set<StatementState>> NEXT = Map.of(
            WAITING, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(AVAILABLE, CANCELLING),
            CANCELLING, EnumSet.of(CANCELLED),
            AVAILABLE, EnumSet.noneOf(StatementState.class),
            CANCELLED, EnumSet.noneOf(StatementState.class));

    /** Whether a statement may move from this state to {@code next}. */
    public boolean canMoveTo(StatementState next) {
        return NEXT.get(this).contains(next);
    }

    /** Whether the statement has finished (no further transition). */
    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** The lower-case name used on the wire ({@code "available"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
