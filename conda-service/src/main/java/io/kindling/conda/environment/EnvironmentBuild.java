package io.kindling.conda.environment;

import java.time.Instant;

/**
 * One build of an environment (a spec hash may be built more than once: without the cache, or after a failure).
 *
 * @param cached      whether the result goes into the cache (some requester set {@code enable_cache})
 * @param pending     the step in progress (or the one that failed), with {@link #pendingSince}
 * @param skippedJson the requirements the base satisfied, as JSON
 */
public record EnvironmentBuild(String id, String specHash, int attempt, String runtime, String builder, String spec,
                               String normalizedSpec, boolean cached, EnvironmentState state,
                               EnvironmentFailure failure, String message, String pending, Instant pendingSince,
                               String skippedJson, String archiveUri, Long archiveBytes, String logPath,
                               Instant requestedAt, Instant startedAt, Instant finishedAt, long version) {
}
