package io.kindling.events;

import java.time.Instant;

/**
 * The environment a session asked for is built (or was found in the cache) and can be shipped to Spark.
 * conda-service publishes one per requesting session, keyed by the session id.
 *
 * @param specHash   the environment's key: normalized spec + runtime + platform
 * @param archiveUri where the packed environment is, for {@code spark.archives} (unpacked as {@code
 *                   ./environment})
 * @param cacheHit   whether it came from the cache rather than a build for this request
 */
public record EnvironmentReady(String sessionId, long generation, String specHash, String archiveUri,
                               boolean cacheHit, Instant readyAt) implements DomainEvent {

    public static final String TYPE = "kindling.environment.ready.v1";

    @Override
    public String aggregateId() {
        return sessionId;
    }

    @Override
    public Instant occurredAt() {
        return readyAt;
    }
}
