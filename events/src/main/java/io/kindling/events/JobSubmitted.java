package io.kindling.events;

import java.time.Instant;

/**
 * A batch job to run: published by the gateway ({@code POST /api/v1/jobs}) or by any other system on the jobs
 * topic. The job id is the submitter's idempotency key: a job is run once however often it is submitted.
 *
 * @param owner  the identity the job runs as
 * @param spec   the Azure ML CLI v2 spark job spec, YAML or JSON, as written
 * @param code   where the job's code is: a {@code file:} URI of an uploaded artifact (directory or jar), or
 *               {@code null} when the spec's entry needs none beyond its jars
 */
public record JobSubmitted(String jobId, long generation, String owner, String spec, String code,
                           Instant submittedAt) implements DomainEvent {

    public static final String TYPE = "kindling.job.submitted.v1";

    @Override
    public String aggregateId() {
        return jobId;
    }

    @Override
    public Instant occurredAt() {
        return submittedAt;
    }
}
