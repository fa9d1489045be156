package io.kindling.events;

import java.time.Instant;

/**
 * A job's Spark application is running (its driver was accepted by the cluster).
 *
 * @param sparkAppId the Spark driver or application id, as the cluster names it
 */
public record JobStarted(String jobId, long generation, String clusterId, String sparkAppId, Instant startedAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.job.started.v1";

    @Override
    public String aggregateId() {
        return jobId;
    }

    @Override
    public Instant occurredAt() {
        return startedAt;
    }
}
