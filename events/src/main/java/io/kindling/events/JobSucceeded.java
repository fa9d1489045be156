package io.kindling.events;

import java.time.Instant;

/** A job's driver finished with exit code 0. */
public record JobSucceeded(String jobId, long generation, String clusterId, String sparkAppId, Instant finishedAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.job.succeeded.v1";

    @Override
    public String aggregateId() {
        return jobId;
    }

    @Override
    public Instant occurredAt() {
        return finishedAt;
    }
}
