package io.kindling.events;

import java.time.Instant;

/**
 * A pool is no longer Kindling's to use. Nothing new is placed on it; when {@code forced}, the sessions and jobs
 * still on it are ended (their clusters are torn down from Kindling's side: the pool itself keeps running).
 */
public record PoolDetached(String pool, long generation, boolean forced, String detachedBy, Instant detachedAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.pool.detached.v1";

    @Override
    public String aggregateId() {
        return pool;
    }

    @Override
    public Instant occurredAt() {
        return detachedAt;
    }
}
