package io.kindling.events;

import java.time.Instant;

/**
 * Someone asked to kill a job ({@code DELETE /api/v1/jobs/{id}}, or any system on the jobs topic). A job not
 * yet running ends KILLED at once; a running one has its Spark driver killed, then ends KILLED. A finished job
 * is left as it is.
 */
public record JobCancelRequested(String jobId, long generation, String requestedBy, Instant requestedAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.job.cancel-requested.v1";

    @Override
    public String aggregateId() {
        return jobId;
    }

    @Override
    public Instant occurredAt() {
        return requestedAt;
    }
}
