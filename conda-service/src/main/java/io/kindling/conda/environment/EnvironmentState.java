package io.kindling.conda.environment;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The lifecycle of one build of an environment. Transitions not in the table are rejected. */
public enum EnvironmentState {
    /** Accepted; waiting for a build worker. */
    REQUESTED,
    /** A worker is installing it, within the install limit. */
    BUILDING,
    /** Built and packed; the archive can be shipped to Spark. Terminal. */
    READY,
    /** Could not be built ({@link EnvironmentFailure} says why); nothing of it is left on disk. Terminal. */
    FAILED;

    private static final Map<EnvironmentState, Set<EnvironmentState>> NEXT = Map.of(
            REQUESTED, EnumSet.of(BUILDING, FAILED),
            BUILDING, EnumSet.of(READY, FAILED),
            READY, EnumSet.noneOf(EnvironmentState.class),
            FAILED, EnumSet.noneOf(EnvironmentState.class));

    public boolean canMoveTo(EnvironmentState next) {
        return NEXT.get(this).contains(next);
    }

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
