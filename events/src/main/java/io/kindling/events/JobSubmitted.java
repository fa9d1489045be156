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
 * @param access the identity and workspace datastores the gateway checked the job's data access against, or
 *               {@code null} (a producer on the bus may leave it out: the job then runs with its owner's identity
 *               and the install's datastores)
 */
public record JobSubmitted(String jobId, long generation, String owner, String spec, String code,
                           Instant submittedAt, JobAccess access) implements DomainEvent {

    public static final String TYPE = "kindling.job.submitted.v1";

    /** A submission without resolved access, as bus producers publish it. */
    public JobSubmitted(String jobId, long generation, String owner, String spec, String code, Instant submittedAt) {
        this(jobId, generation, owner, spec, code, submittedAt, null);
    }

    @Override
    public String aggregateId() {
        return jobId;
    }

    @Override
    public Instant occurredAt() {
        return submittedAt;
    }
}
