package io.kindling.conda.build;

import java.time.Instant;

/**
 * Told when a build starts a step, so the step in progress can be shown (and named in a timeout).
 */
@FunctionalInterface
public interface BuildStep {

    void started(String step, Instant at);
}
