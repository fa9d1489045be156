package io.kindling.events;

import java.time.Instant;

/**
 * A submitted job's spec passed every check: session-service holds it PREPARING until its cluster (and, when
 * it asked for one, its conda environment) is there. provisioning-service provisions a cluster for it (or
 * places it on the attached pool {@code compute}) and answers with ClusterProvisioned or ClusterFailed, keyed
 * by the job id.
 *
 * @param size    executors and the driver: the cluster gets one worker per executor (the most dynamic
 *                allocation may ask for) and one more, sized for the driver, which runs in cluster deploy mode
 * @param compute the attached pool to run on, or {@code null} for serverless
 * @param conda   the conda environment YAML the job runs with, or {@code null} for none; conda-service builds it and
 *                answers EnvironmentReady or EnvironmentFailed keyed by the job id
 * @param cacheEnvironment whether the job's conf turns the environment cache on
 *                ({@code spark.hadoop.aml.enable_cache=true})
 */
public record JobAccepted(String jobId, long generation, String owner, String runtimeVersion, ClusterSize size,
                          String compute, String conda, boolean cacheEnvironment, Instant acceptedAt)
        implements DomainEvent {

    public static final String TYPE = "kindling.job.accepted.v1";

    @Override
    public String aggregateId() {
        return jobId;
    }

    @Override
    public Instant occurredAt() {
        return acceptedAt;
    }
}
