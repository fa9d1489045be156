package io.kindling.session.job;

import io.kindling.events.PoolPlacement;
import io.kindling.job.spec.InvalidJobSpecException;
import io.kindling.job.spec.JobSpecContext;
import io.kindling.job.spec.JobSpecs;
import io.kindling.job.spec.ValidatedJob;
import io.kindling.kit.containment.Containment;
import io.kindling.kit.containment.Sandbox;
import io.kindling.kit.job.JobCode;
import io.kindling.kit.job.JobsProperties;
import io.kindling.kit.runtime.ClassListArchives;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkRuntime;
import io.kindling.kit.tracing.LogContext;
import io.kindling.kit.tracing.Traces;
import io.kindling.session.session.SessionPools;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs jobs on their clusters: submits the driver (cluster deploy mode, through the master's REST server), kills
 * it on request, and turns what the cluster reports into the job's end state, keeping the tail of the driver's
 * output. Cluster calls run off the consumer thread and outside transactions.
 */
@Component
public class JobRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final String[] STREAMS = {"stdout", "stderr"};
    /**
     * How long a ready job is left to the handler that made it ready before the poller takes it up: the handler
     * submits at once after its commit, in the trace of the event; the poller is for a job whose handler's
     * submission never ran (the service stopped in between).
     */
    static final Duration HANDLER_FIRST = Duration.ofSeconds(10);
    private static final AttributeKey<String> DRIVER_ID = AttributeKey.stringKey("kindling.job.driver.id");

    private final JobRepository jobs;
    private final JobLifecycle lifecycle;
    private final JobCode code;
    private final SessionPools pools;
    private final RuntimeCatalog runtimes;
    private final DriverLogs logs;
    private final SparkSubmissions control;
    private final JobsProperties props;
    private final tools.jackson.databind.json.JsonMapper json;
    private final Clock clock;
    private final Map<String, Integer> unreachable = new ConcurrentHashMap<>();
    private final Traces traces;
    private final Containment containment;
    private final ClassListArchives classListArchives;
    /** A submission runs in the trace of the event that made the job ready. */
    private final ExecutorService executor = Traces.carryingContext(Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "job-submit");
        t.setDaemon(true);
        return t;
    }));

    JobRunner(JobRepository jobs, JobLifecycle lifecycle, JobCode code, SessionPools pools,
              RuntimeCatalog runtimes, JobsProperties props, tools.jackson.databind.json.JsonMapper json, Clock clock,
              Traces traces, Containment containment, ClassListArchives classListArchives) {
        this.traces = traces;
        this.classListArchives = classListArchives;
        this.containment = containment;
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.code = code;
        this.pools = pools;
        this.runtimes = runtimes;
        this.props = props;
        this.json = json;
        this.clock = clock;
        this.logs = new DriverLogs(json, Duration.ofSeconds(5));
        // status and kill do not depend on the Spark release; only a submission names it
        this.control = new SparkSubmissions(json, "", Duration.ofSeconds(5));
    }

    /** After commit: submits the job's driver on a thread of its own. */
    public void submitLater(String jobId) {
        executor.execute(() -> submit(jobId));
    }

    /**
     * Submits the driver of a PREPARING job whose cluster is there. The attempt is recorded first: a job whose
     * submission was cut short by a restart is failed rather than submitted twice (at most once).
     */
    void submit(String jobId) {
        try (LogContext logs = LogContext.of(null, jobId)) {
            traces.inSpan("submit driver", Attributes.of(Traces.JOB_ID, jobId), () -> submitNow(jobId));
        }
    }

    private void submitNow(String jobId) {
        Job job = jobs.find(jobId).orElse(null);
        if (job == null || !job.readyToSubmit()) {
            return;
        }
        if (lifecycle.claimSubmission(jobId, "submitting the driver to " + job.cluster().restUrl()).isEmpty()) {
            return;
        }
        String driverId;
        try {
            JobSpecContext context = lifecycle.contextOf(job);
            ValidatedJob valid = JobSpecs.validate(job.spec(), context);
            Optional<PoolPlacement> pool = pools.find(job.id());
            SparkRuntime runtime = runtimes.find(job.runtimeVersion()).orElseThrow(() -> new IllegalArgumentException(
                    "runtime " + job.runtimeVersion() + " is not installed"));
            SparkSubmissions.Submission submission = DriverSubmission.of(job, valid,
                    code.resolve(valid.spec(), job.code()), job.cluster().masterUrl(), pool, runtime);
            if (pool.isEmpty()) {
                submission = withClassData(submission, runtime);
            }
            Optional<Sandbox> sandbox = containment.sandboxAt(URI.create(job.cluster().masterUrl()).getHost());
            if (sandbox.isPresent()) {
                submission = inSandbox(sandbox.get(), submission, context);
            }
            driverId = submissions(job.runtimeVersion()).submit(job.cluster().restUrl(), submission);
        } catch (InvalidJobSpecException e) {
            lifecycle.fail(jobId, FailureReason.INVALID_SPEC, e.code() + " at " + e.field() + ": " + e.getMessage());
            return;
        } catch (SparkSubmissions.SubmissionException | IllegalArgumentException | java.io.UncheckedIOException e) {
            lifecycle.fail(jobId, FailureReason.DRIVER_FAILED, "the cluster did not take the driver: "
                    + e.getMessage());
            return;
        }
        Span.current().setAttribute(DRIVER_ID, driverId);
        String submitted = driverId;
        if (lifecycle.transition(jobId, JobState.RUNNING, "driver " + driverId + " submitted",
                j -> j.withDriver(submitted)).isEmpty()) {
            log.info("job {} ended while its driver {} was submitted; killing the driver", jobId, driverId);
            kill(job.cluster().restUrl(), driverId);
        }
    }

    /**
     * On a serverless cluster, whose workers put an empty configuration directory first on the class path (so that
     * executors can map a static archive, {@link ClassListArchives}): the driver and executors get their logging
     * configuration by a flag, and executors their class-data flags.
     */
    private SparkSubmissions.Submission withClassData(SparkSubmissions.Submission submission, SparkRuntime runtime) {
        Map<String, String> properties = new java.util.LinkedHashMap<>(submission.properties());
        List<String> executorFlags = classListArchives.executorFlags(runtime);
        properties.put("spark.driver.extraJavaOptions", executorFlags.get(0));
        properties.put("spark.executor.extraJavaOptions", String.join(" ", executorFlags));
        return new SparkSubmissions.Submission(submission.appResource(), submission.mainClass(), submission.args(),
                properties);
    }

    /**
     * A job in a sandbox reads and writes its datastores as the sandbox's user: they are shared with the sandboxes
     * (the datastores' group), and what Hadoop writes there is the group's too (its umask, not the process's, decides
     * the mode of the files it creates).
     */
    private static SparkSubmissions.Submission inSandbox(Sandbox sandbox, SparkSubmissions.Submission submission,
                                                          JobSpecContext context) {
        context.datastores().values().forEach(sandbox::shareData);
        Map<String, String> properties = new java.util.LinkedHashMap<>(submission.properties());
        properties.put("spark.hadoop.fs.permissions.umask-mask", "007");
        return new SparkSubmissions.Submission(submission.appResource(), submission.mainClass(), submission.args(),
                properties);
    }

    /** After commit: asks the cluster to kill a running job's driver. */
    public void killLater(String jobId) {
        executor.execute(() -> jobs.find(jobId).filter(j -> j.state() == JobState.RUNNING && j.driverId() != null)
                .ifPresent(j -> kill(j.cluster().restUrl(), j.driverId())));
    }

    private void kill(String restUrl, String driverId) {
        try {
            if (!control.kill(restUrl, driverId)) {
                log.warn("the cluster did not accept killing driver {}", driverId);
            }
        } catch (SparkSubmissions.SubmissionException e) {
            log.warn("killing driver {} failed: {}", driverId, e.getMessage());
        }
    }

    /**
     * One round of the poller: every running job's driver is asked for its state; a final one ends the job.
     * A job whose submission was cut short by a restart is failed; one whose cluster came while this service
     * was down, or whose handler's submission never ran, is submitted once it has been ready for {@link
     * #HANDLER_FIRST}.
     */
    void poll() {
        for (Job job : jobs.inState(JobState.RUNNING)) {
            pollRunning(job);
        }
        for (Job job : jobs.inState(JobState.PREPARING)) {
            if (job.readyToSubmit()) {
                if (job.updatedAt().isBefore(clock.instant().minus(HANDLER_FIRST))) {
                    submit(job.id());
                }
            } else if (job.submitAttempted() && job.driverId() == null
                    && job.updatedAt().isBefore(clock.instant().minus(Duration.ofMinutes(2)))) {
                lifecycle.fail(job.id(), FailureReason.DRIVER_FAILED, "session-service stopped while it submitted "
                        + "the driver; it was not submitted again, so that the job never runs twice");
            }
        }
    }

    private void pollRunning(Job job) {
        SparkSubmissions.DriverStatus status;
        try {
            status = control.status(job.cluster().restUrl(), job.driverId());
            unreachable.remove(job.id());
        } catch (SparkSubmissions.SubmissionException e) {
            int misses = unreachable.merge(job.id(), 1, Integer::sum);
            Duration silent = props.pollInterval().multipliedBy(misses);
            if (silent.compareTo(Duration.ofSeconds(30)) > 0) {
                unreachable.remove(job.id());
                lifecycle.fail(job.id(), FailureReason.CLUSTER_FAILED, "the cluster's master has not answered for "
                        + silent.toSeconds() + " s: " + e.getMessage());
            }
            return;
        }
        if (job.cancelRequested() && !status.isFinal()) {
            kill(job.cluster().restUrl(), job.driverId());
            return;
        }
        if (status.isFinal()) {
            finish(job, status);
        }
    }

    private void finish(Job job, SparkSubmissions.DriverStatus status) {
        String stderr = null;
        String stdout = null;
        for (String stream : STREAMS) {
            var tail = logs.tail(job.cluster().webUiUrl(), status.workerId(), job.driverId(), stream,
                    props.logLimit().toBytes());
            if (tail.isPresent()) {
                jobs.keepLog(job.id(), stream, tail.get().text(), tail.get().skipped());
                if (stream.equals("stderr")) {
                    stderr = tail.get().text();
                } else {
                    stdout = tail.get().text();
                }
            }
        }
        String driver = "driver " + job.driverId();
        switch (status.state()) {
            case "FINISHED" -> lifecycle.transition(job.id(), JobState.SUCCEEDED, driver + " exited with code 0",
                    UnaryOperator.identity());
            case "KILLED" -> {
                if (job.cancelRequested()) {
                    lifecycle.transition(job.id(), JobState.KILLED, driver + " killed on request",
                            j -> j.withFailure(FailureReason.KILLED, driver + " killed on request"));
                } else {
                    lifecycle.fail(job.id(), FailureReason.DRIVER_FAILED, driver + " was killed by its cluster");
                }
            }
            case "ERROR" -> lifecycle.fail(job.id(), FailureReason.DRIVER_FAILED, "the cluster could not launch "
                    + driver + ": " + status.message());
            // a Python driver's traceback is in its stdout (PythonRunner merges the program's output streams)
            default -> lifecycle.fail(job.id(), FailureReason.DRIVER_FAILED, reason(stdout, stderr)
                    .orElse(driver + " ended " + status.state() + " without an exception in its stderr"));
        }
    }

    private static java.util.Optional<String> reason(String stdout, String stderr) {
        return ExitReasons.fromPython(stdout).or(() -> ExitReasons.fromStderr(stderr));
    }

    /** The latest output of a job's driver: live from its worker while it can be reached, else what was kept. */
    public String log(Job job, String stream) {
        if (job.state() == JobState.RUNNING && job.driverId() != null) {
            try {
                SparkSubmissions.DriverStatus status = control.status(job.cluster().restUrl(),
                        job.driverId());
                var tail = logs.tail(job.cluster().webUiUrl(), status.workerId(), job.driverId(), stream,
                        props.logLimit().toBytes());
                if (tail.isPresent()) {
                    return tail.get().text();
                }
            } catch (SparkSubmissions.SubmissionException e) {
                log.debug("live log of job {} not reachable: {}", job.id(), e.getMessage());
            }
        }
        return jobs.keptLog(job.id(), stream).orElse("");
    }

    private SparkSubmissions submissions(String runtimeVersion) {
        String sparkVersion = runtimes.find(runtimeVersion).map(r -> r.sparkVersion())
                .orElseThrow(() -> new IllegalArgumentException("runtime " + runtimeVersion + " is not installed"));
        return new SparkSubmissions(json, sparkVersion, Duration.ofSeconds(10));
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
