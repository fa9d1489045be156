package io.kindling.agent.driver;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Lifecycle of the agent's SparkContext, as reported by {@code GET /health}. */
public enum AgentState {
    /** HTTP server up; SparkContext starting or executors still registering. */
    STARTING,
    /** SparkContext running with every expected executor registered: sessions may be created. */
    READY,
    /** Start failed or timed out, or the SparkContext stopped; the process exits shortly. */
    FAILED;

    private static final Map<AgentState, Set<AgentState>> NEXT = Map.of(
            STARTING, EnumSet.of(READY, FAILED),
            READY, EnumSet.of(FAILED),
            FAILED, EnumSet.noneOf(AgentState.class));

    /** Whether the agent may move from this state to {@code next}. */
    public boolean canMoveTo(AgentState next) {
        return NEXT.get(this).contains(next);
    }

    /** The lower-case name used on the wire ({@code "ready"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
