package io.kindling.session.job;

import io.kindling.events.ClusterSize;
import io.kindling.events.JobAccepted;
import io.kindling.events.JobFailed;
import io.kindling.events.JobStarted;
import io.kindling.events.JobSubmitted;
import io.kindling.events.JobSucceeded;
import io.kindling.job.spec.InvalidJobSpecException;
import io.kindling.job.spec.JobSpec;
import io.kindling.job.spec.JobSpecContext;
import io.kindling.job.spec.JobSpecError;
import io.kindling.job.spec.JobSpecs;
import io.kindling.job.spec.SparkSizing;
import io.kindling.job.spec.ValidatedJob;
import io.kindling.kit.ids.SessionIds;
import io.kindling.kit.job.JobCode;
import io.kindling.kit.job.JobFiles;
import io.kindling.kit.job.JobSpecContexts;
import io.kindling.kit.outbox.Outbox;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.session.session.SessionEnvironment;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every state change of a job goes through here: checked against the lifecycle table, stored with a history row,
 * and published (through the outbox) in the same transaction.
 */
@Component
public class JobLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobLifecycle.class);
    /** The gateway's pattern too: a job id names its cluster ({@code kc-<id>-1}) and that cluster's directory. */
    private static final java.util.regex.Pattern VALID_ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    /** The conf flag that turns the environment cache on, as for sessions in Azure ML. */
    static final String CACHE_FLAG = "spark.hadoop.aml.enable_cache";

    private final JobRepository jobs;
    private final Outbox outbox;
    private final Clock clock;
    private final JobSpecContexts contexts;
    private final JobCode code;
    private final RuntimeCatalog runtimes;

    JobLifecycle(JobRepository jobs, Outbox outbox, Clock clock, JobSpecContexts contexts, JobCode code,
                 RuntimeCatalog runtimes) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.clock = clock;
        this.contexts = contexts;
        this.code = code;
        this.runtimes = runtimes;
    }

    /**
     * Records a submitted job and checks its spec: a valid one moves to PREPARING and JobAccepted asks for its
     * cluster; an invalid one fails with INVALID_SPEC. A job id seen before is left alone, so a JobSubmitted
     * delivered (or published) twice runs once.
     */
    @Transactional
    public Optional<Job> submit(JobSubmitted e) {
        Job queued = Job.queued(e.jobId(), e.owner(), e.spec(), e.code(), e.access(), clock.instant());
        if (!jobs.insert(queued)) {
            log.info("job {} was submitted before; this submission is ignored", e.jobId());
            return Optional.empty();
        }
        jobs.appendHistory(queued.id(), new JobHistoryEntry(JobState.QUEUED, "submitted by " + e.owner(),
                queued.createdAt()));
        if (!VALID_ID.matcher(e.jobId()).matches() || SessionIds.isSessionId(e.jobId())) {
            String exit = "INVALID_FIELD at jobId: a job id is 1-128 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit, and not of the form s-<16 hex digits> (the session ids)";
            return transition(queued.id(), JobState.FAILED, "the job was refused: " + exit,
                    j -> j.withFailure(FailureReason.INVALID_SPEC, exit));
        }
        ValidatedJob valid;
        JobFiles files;
        try {
            valid = JobSpecs.validate(e.spec(), contextOf(queued));
            files = code.resolve(valid.spec(), e.code());
            DriverSubmission.check(valid);
        } catch (InvalidJobSpecException invalid) {
            String exit = invalid.code() + " at " + invalid.field() + ": " + invalid.getMessage();
            return transition(queued.id(), JobState.FAILED, "the spec was refused: " + exit,
                    j -> j.withFailure(FailureReason.INVALID_SPEC, exit));
        }
        JobSpec spec = valid.spec();
        String runtime = spec.isServerless() ? spec.resources().runtimeVersion() : runtimes.defaultVersion();
        String where = spec.isServerless() ? "a serverless cluster of " + valid.instanceType().name() + " nodes"
                : "attached pool " + spec.compute();
        Optional<Job> preparing = transition(queued.id(), JobState.PREPARING, "spec valid; waiting for " + where,
                j -> j.describedAs(spec.name(), spec.displayName(), spec.experimentName(), spec.description(),
                        spec.tags(), runtime, valid.instanceType() == null ? null : valid.instanceType().name(),
                        spec.compute()));
        if (preparing.isEmpty()) {
            return preparing;
        }
        Job accepted = preparing.get();
        boolean cache = "true".equalsIgnoreCase(spec.conf().getOrDefault(CACHE_FLAG, "").strip());
        if (files.conda() != null) {
            accepted = note(accepted.id(), "waiting for its conda environment too" + (cache ? " (cache on)" : ""),
                    j -> j.withEnvironment(SessionEnvironment.WAITING)).orElseThrow();
        }
        outbox.add(new JobAccepted(accepted.id(), accepted.version(), accepted.owner(), runtime,
                clusterSize(valid.sizing()), spec.compute(), files.conda(), cache, accepted.updatedAt()));
        return Optional.of(accepted);
    }

    /**
     * What a job's spec is checked against: the install, and the workspace datastores its access names.
     *
     * @throws InvalidJobSpecException when a workspace datastore takes the name of one of the install's
     */
    JobSpecContext contextOf(Job job) {
        try {
            return contexts.current(job.workspace()).withDatastores(job.datastores());
        } catch (IllegalArgumentException clash) {
            throw new InvalidJobSpecException(JobSpecError.INVALID_FIELD, "access.datastores", clash.getMessage());
        }
    }

    /** The cluster a job needs: a worker per executor (the most it may scale to), the driver on one more. */
    static ClusterSize clusterSize(SparkSizing sizing) {
        return new ClusterSize(sizing.maxExecutors(), sizing.executorCores(), sizing.executorMemory().mebibytes(),
                sizing.driverCores(), sizing.driverMemory().mebibytes());
    }

    /** Records a fact about a job that does not change its state. */
    @Transactional
    public Optional<Job> note(String id, String reason, UnaryOperator<Job> change) {
        Job current = jobs.lock(id).orElse(null);
        if (current == null || current.state().isTerminal()) {
            return Optional.empty();
        }
        Job noted = change.apply(current.touched(clock.instant()));
        jobs.update(noted, current.version());
        jobs.appendHistory(id, new JobHistoryEntry(noted.state(), reason, noted.updatedAt()));
        return Optional.of(noted);
    }

    /**
     * Claims the one submission of a job's driver: under the row lock, a job still {@link Job#readyToSubmit ready}
     * is marked as attempted and returned; any later claim (a repeated event's handler, or the poller taking up a
     * job whose handler is slow to submit it) finds it attempted and gets nothing.
     */
    @Transactional
    public Optional<Job> claimSubmission(String id, String reason) {
        Job current = jobs.lock(id).orElse(null);
        if (current == null || !current.readyToSubmit()) {
            return Optional.empty();
        }
        Job claimed = current.touched(clock.instant()).withSubmitAttempted();
        jobs.update(claimed, current.version());
        jobs.appendHistory(id, new JobHistoryEntry(claimed.state(), reason, claimed.updatedAt()));
        return Optional.of(claimed);
    }

    /**
     * Moves a job to {@code next}. An illegal move is logged and not applied (empty result), so a late or repeated
     * trigger cannot corrupt the lifecycle.
     */
    @Transactional
    public Optional<Job> transition(String id, JobState next, String reason, UnaryOperator<Job> change) {
        Job current = jobs.lock(id).orElse(null);
        if (current == null) {
            log.warn("transition of unknown job {} to {} ignored", id, next);
            return Optional.empty();
        }
        if (!current.state().canMoveTo(next)) {
            log.info("job {}: {} -> {} is not allowed; ignored ({})", id, current.state(), next, reason);
            return Optional.empty();
        }
        Job moved = change.apply(current.moveTo(next, clock.instant()));
        jobs.update(moved, current.version());
        jobs.appendHistory(id, new JobHistoryEntry(next, reason, moved.updatedAt()));
        publish(moved);
        return Optional.of(moved);
    }

    /** Fails a job that is not terminal yet. */
    @Transactional
    public Optional<Job> fail(String id, FailureReason reason, String exit) {
        return transition(id, JobState.FAILED, exit, j -> j.withFailure(reason, exit));
    }

    private void publish(Job j) {
        switch (j.state()) {
            case RUNNING -> outbox.add(new JobStarted(j.id(), j.version(), j.clusterId(), j.driverId(),
                    j.updatedAt()));
            case SUCCEEDED -> outbox.add(new JobSucceeded(j.id(), j.version(), j.clusterId(), j.driverId(),
                    j.updatedAt()));
            case FAILED, KILLED -> outbox.add(new JobFailed(j.id(), j.version(), j.clusterId(), j.driverId(),
                    (j.state() == JobState.KILLED ? FailureReason.KILLED : j.failureReason()).name(), j.exitReason(),
                    j.updatedAt()));
            default -> {
                // QUEUED, PREPARING: JobAccepted is published by submit, with what only it knows
            }
        }
    }
}
