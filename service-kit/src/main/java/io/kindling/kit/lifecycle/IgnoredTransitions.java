package io.kindling.kit.lifecycle;

import io.kindling.kit.tx.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state change that was asked for and not made: a repeated trigger (an event applied a second time), a late one
 * (a cluster for a session that ended meanwhile) or an illegal one. A lifecycle refuses it rather than corrupt its
 * aggregate, and that refusal must not be silent: it is logged, counted ({@code kindling.transitions.ignored}, by
 * aggregate) once its transaction commits, and the lifecycle keeps a row of it beside the aggregate's history, so a
 * test or an operator can tell "each state once" from "each state once, and three repeats swallowed".
 */
public final class IgnoredTransitions {

    private static final Logger log = LoggerFactory.getLogger(IgnoredTransitions.class);

    private final String aggregate;
    private final Counter counter;

    /** @param aggregate what the lifecycle is of ({@code session}, {@code cluster}) */
    public IgnoredTransitions(MeterRegistry meters, String aggregate) {
        this.aggregate = aggregate;
        this.counter = Counter.builder("kindling.transitions.ignored")
                .description("State changes asked for and not made (repeated, late or illegal triggers)")
                .tag("aggregate", aggregate).register(meters);
    }

    /** Logs and counts (after commit) that {@code id} was not changed: {@code what} says what was asked and why not. */
    public void ignored(String id, String what) {
        log.warn("{} {}: {}; ignored", aggregate, id, what);
        AfterCommit.run(counter::increment);
    }
}
