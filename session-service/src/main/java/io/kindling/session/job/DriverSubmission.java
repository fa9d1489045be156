package io.kindling.session.job;

import io.kindling.events.PoolPlacement;
import io.kindling.job.spec.InvalidJobSpecException;
import io.kindling.job.spec.JobSpecError;
import io.kindling.job.spec.SparkSizing;
import io.kindling.job.spec.ValidatedJob;
import io.kindling.kit.job.JobFiles;
import io.kindling.kit.runtime.DriverSlot;
import io.kindling.kit.runtime.RuntimePython;
import io.kindling.kit.runtime.SparkRuntime;
import io.kindling.kit.runtime.SparkConfScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a valid job into the cluster-mode driver submission that runs it. */
final class DriverSubmission {

    private DriverSubmission() {
    }

    /** The main class of Python drivers (in the runtime's agent jar). */
    static final String PYTHON_DRIVER = "io.kindling.agent.job.PythonDriver";

    /**
     * Checks what only running the job needs: its {@code args} split into words.
     *
     * @throws InvalidJobSpecException naming the field
     */
    static void check(ValidatedJob job) {
        args(job);
    }

    private static List<String> args(ValidatedJob job) {
        try {
            return CommandLine.split(job.args());
        } catch (IllegalArgumentException e) {
            throw new InvalidJobSpecException(JobSpecError.INVALID_FIELD, "args", e.getMessage());
        }
    }

    /**
     * The driver of {@code job}. Its packed conda environment, if any, is unpacked as {@code ./environment} in
     * every executor's work dir, whose {@code bin} comes first on their {@code PATH}. The identity it reaches data
     * as is in its Hadoop conf ({@code kindling.identity.type}, {@code kindling.identity.name}): names, not
     * secrets.
     */
    static SparkSubmissions.Submission of(Job owner, ValidatedJob job, JobFiles files, String masterUrl,
                                          Optional<PoolPlacement> pool, SparkRuntime runtime) {
        String jobId = owner.id();
        String environment = owner.environment().archiveUri();
        Map<String, String> properties = new LinkedHashMap<>();
        // the job's conf, then on an attached pool the pool's, which wins (its admin's settings hold for every job)
        job.spec().conf().forEach((key, value) -> {
            if (!SparkConfScope.CONTROL_PLANE.contains(key)) {
                properties.put(key, value);
            }
        });
        pool.ifPresent(p -> p.conf().forEach((key, value) -> {
            if (!SparkConfScope.CONTROL_PLANE.contains(key)) {
                properties.put(key, value);
            }
        }));
        SparkSizing sizing = job.sizing();
        properties.put("spark.master", masterUrl);
        properties.putIfAbsent("spark.app.name", appName(jobId, job));
        properties.put("spark.driver.cores", String.valueOf(sizing.driverCores()));
        properties.put("spark.driver.memory", sizing.driverMemory().mebibytes() + "m");
        properties.put("spark.executor.cores", String.valueOf(sizing.executorCores()));
        properties.put("spark.executor.memory", sizing.executorMemory().mebibytes() + "m");
        properties.put("spark.cores.max", String.valueOf(sizing.executorCores() * sizing.maxExecutors()));
        if (sizing.dynamicAllocation()) {
            // a standalone cluster has no external shuffle service: executors keep their shuffle files instead
            properties.putIfAbsent("spark.dynamicAllocation.shuffleTracking.enabled", "true");
            properties.put("spark.dynamicAllocation.initialExecutors", String.valueOf(sizing.executorInstances()));
        } else {
            properties.put("spark.executor.instances", String.valueOf(sizing.executorInstances()));
        }
        List<String> jars = new ArrayList<>(files.jars());
        pool.ifPresent(p -> jars.addAll(p.jars()));
        properties.put("spark.jars", String.join(",", jars));
        putList(properties, "spark.files", files.files());
        List<String> archives = new ArrayList<>(files.archives());
        if (environment != null) {
            archives.add(environment + "#environment");
            properties.putIfAbsent("spark.executorEnv.PATH", "./environment/bin:" + System.getenv()
                    .getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        }
        putList(properties, "spark.archives", archives);
        putList(properties, "spark.submit.pyFiles", files.pyFiles());
        if (job.spec().entry().isPython()) {
            return python(owner, job, files, runtime, properties);
        }
        if (job.spec().isServerless()) {
            // its cluster has a worker for the driver alone; an attached pool has none
            properties.putAll(DriverSlot.driverConf());
        }
        properties.put("spark.kindling.jobId", jobId);
        properties.put("spark.hadoop.kindling.identity.type", owner.access() == null ? "user"
                : owner.access().principalType());
        properties.put("spark.hadoop.kindling.identity.name", owner.access() == null ? owner.owner()
                : owner.access().principal());
        return new SparkSubmissions.Submission(files.appResource(), job.spec().entry().value(), args(job),
                properties);
    }

    /**
     * A Python job's driver: {@link #PYTHON_DRIVER} runs Spark's PythonRunner on the entry file under a standalone
     * worker, like a JVM driver. Its Python and its executors' are the runtime's, or the job's environment's: the
     * driver unpacks its own copy, the executors' runtime launcher finds theirs. py_files go to the executors as
     * files and onto every PYTHONPATH.
     */
    private static SparkSubmissions.Submission python(Job owner, ValidatedJob job, JobFiles files,
                                                      SparkRuntime runtime, Map<String, String> properties) {
        RuntimePython python = runtime.python().orElseThrow(() -> new InvalidJobSpecException(
                JobSpecError.PYTHON_NOT_SUPPORTED, "entry.file", "entry.file '" + job.spec().entry().value()
                + "' is a Python job, but runtime " + runtime.version() + " has no Python"));
        if (files.jars().isEmpty()) {
            properties.remove("spark.jars");
        }
        List<String> shipped = new ArrayList<>(files.files());
        shipped.addAll(files.pyFiles());
        putList(properties, "spark.files", shipped);
        properties.put("spark.driver.extraClassPath", runtime.home().resolve("agent/session-agent.jar").toString());
        String environment = owner.environment().archiveUri();
        if (environment == null) {
            properties.put("spark.pyspark.python", python.executable().toString());
            properties.put("spark.pyspark.driver.python", python.executable().toString());
        } else {
            properties.put("spark.pyspark.python", python.environmentPython().toString());
            properties.put("spark.kindling.python.environment", environment);
        }
        List<String> args = new ArrayList<>();
        args.add(files.appResource());
        args.add(String.join(",", files.pyFiles()));
        args.addAll(args(job));
        return new SparkSubmissions.Submission(files.appResource(), PYTHON_DRIVER, args, properties);
    }

    private static String appName(String jobId, ValidatedJob job) {
        if (job.spec().displayName() != null) {
            return job.spec().displayName();
        }
        return job.spec().name() != null ? job.spec().name() : jobId;
    }

    private static void putList(Map<String, String> properties, String key, List<String> values) {
        if (!values.isEmpty()) {
            properties.put(key, String.join(",", values));
        }
    }
}
