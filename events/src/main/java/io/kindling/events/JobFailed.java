package io.kindling.events;

import java.time.Instant;

/**
 * A job ended without success.
 *
 * @param reason     {@code INVALID_SPEC}, {@code ENVIRONMENT_FAILED}, {@code CLUSTER_FAILED}, {@code DRIVER_FAILED}
 *                   (the driver exited non-zero or threw) or {@code KILLED}
 * @param exitReason what the driver said: the exception and its message, or the exit code, or who killed it
 */
public record JobFailed(String jobId, long generation, String clusterId, String sparkAppId, String reason,
                        String exitReason, Instant failedAt) implements DomainEvent {

    public static final String TYPE = "kindling.job.failed.v1";

    @Override
    public String aggregateId() {
        return jobId;
    }

    @Override
    public Instant occurredAt() {
        return failedAt;
    }
}
