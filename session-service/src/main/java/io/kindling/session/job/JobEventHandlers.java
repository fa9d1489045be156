package io.kindling.session.job;

import io.kindling.events.ClusterFailed;
import io.kindling.events.ClusterProvisioned;
import io.kindling.events.ClusterTornDown;
import io.kindling.events.EnvironmentFailed;
import io.kindling.events.EnvironmentReady;
import io.kindling.events.JobCancelRequested;
import io.kindling.kit.tx.AfterCommit;
import io.kindling.session.session.SessionEnvironment;
import io.kindling.session.session.SessionPools;
import org.springframework.stereotype.Component;

/** What session-service does with the events about jobs. Handlers run in the inbox transaction. */
@Component
public class JobEventHandlers {

    private final JobRepository jobs;
    private final JobLifecycle lifecycle;
    private final JobRunner runner;
    private final SessionPools pools;

    JobEventHandlers(JobRepository jobs, JobLifecycle lifecycle, JobRunner runner, SessionPools pools) {
        this.pools = pools;
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.runner = runner;
    }

    /** Whether a cluster event's {@code sessionId} names a job (a job's cluster is reserved under its id). */
    public boolean isJob(String id) {
        return id != null && jobs.exists(id);
    }

    public void clusterProvisioned(ClusterProvisioned e) {
        if (e.pool() != null) {
            pools.record(e.sessionId(), e.pool());
        }
        JobCluster cluster = new JobCluster(e.clusterId(), e.masterUrl(), e.restUrl(), e.webUiUrl());
        jobs.find(e.sessionId()).filter(j -> j.state() == JobState.PREPARING && j.cluster() == null)
                .flatMap(j -> lifecycle.note(j.id(), (e.pool() == null ? "cluster " + e.clusterId() + " provisioned"
                        : "placed on attached pool " + e.pool().name()) + " at " + e.masterUrl(),
                        x -> x.withCluster(cluster)))
                .filter(Job::readyToSubmit)
                .ifPresent(j -> AfterCommit.run(() -> runner.submitLater(j.id())));
    }

    /** Its environment is there: the driver is submitted now if its cluster is too. */
    public void environmentReady(EnvironmentReady e) {
        jobs.find(e.sessionId()).filter(j -> j.state() == JobState.PREPARING && j.environment().pending())
                .flatMap(j -> lifecycle.note(j.id(), "conda environment " + e.specHash() + " ready"
                        + (e.cacheHit() ? " from the cache" : " (built)"),
                        x -> x.withEnvironment(SessionEnvironment.ready(e.specHash(), e.archiveUri()))))
                .filter(Job::readyToSubmit)
                .ifPresent(j -> AfterCommit.run(() -> runner.submitLater(j.id())));
    }

    public void environmentFailed(EnvironmentFailed e) {
        lifecycle.fail(e.sessionId(), FailureReason.ENVIRONMENT_FAILED, "conda environment failed (" + e.reason()
                + "): " + e.message());
    }

    public void clusterFailed(ClusterFailed e) {
        lifecycle.fail(e.sessionId(), FailureReason.CLUSTER_FAILED, "cluster " + e.clusterId() + " failed ("
                + e.reason() + "): " + e.message());
    }

    /** A cluster gone under a job that still runs on it takes the job with it. */
    public void clusterTornDown(ClusterTornDown e) {
        jobs.find(e.sessionId()).filter(j -> !j.state().isTerminal() && e.clusterId().equals(j.clusterId()))
                .ifPresent(j -> lifecycle.fail(j.id(), FailureReason.CLUSTER_FAILED, "cluster " + e.clusterId()
                        + " was torn down (" + e.reason() + ") while the job was " + j.state().apiName()));
    }

    public void cancelRequested(JobCancelRequested e) {
        jobs.find(e.jobId()).ifPresent(job -> {
            String reason = "kill requested by " + e.requestedBy();
            switch (job.state()) {
                case QUEUED, PREPARING -> lifecycle.transition(job.id(), JobState.KILLED, reason + " before it ran",
                        j -> j.withCancelRequested().withFailure(FailureReason.KILLED, reason));
                case RUNNING -> lifecycle.note(job.id(), reason, Job::withCancelRequested)
                        .ifPresent(j -> AfterCommit.run(() -> runner.killLater(j.id())));
                case SUCCEEDED, FAILED, KILLED -> {
                    // over already
                }
            }
        });
    }
}
