package io.kindling.conda.environment;

import java.time.Instant;

/**
 * A session's claim on an environment: which build serves it and whether the cache did.
 *
 * @param state {@code WAITING} (for its build), {@code READY}, {@code FAILED} or {@code RELEASED} (the session
 *              ended)
 */
public record EnvironmentUse(String sessionId, String owner, String specHash, String buildId, boolean cacheRequested,
                             Boolean cacheHit, String state, String message, Instant requestedAt, Instant resolvedAt) {
}
