package io.kindling.conda.build;

import io.kindling.conda.environment.EnvironmentFailure;
import java.time.Instant;

/**
 * A build that did not produce an environment: why, what it was doing and since when.
 */
public class BuildFailedException extends RuntimeException {

    private final EnvironmentFailure failure;
    private final String pending;
    private final Instant pendingSince;

    public BuildFailedException(EnvironmentFailure failure, String message, String pending, Instant pendingSince) {
        super(message);
        this.failure = failure;
        this.pending = pending;
        this.pendingSince = pendingSince;
    }

    public EnvironmentFailure failure() {
        return failure;
    }

    public String pending() {
        return pending;
    }

    public Instant pendingSince() {
        return pendingSince;
    }
}
