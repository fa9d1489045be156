package io.kindling.job.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Spark conf a user may set, the same for sessions, jobs and an attached pool's conf: an allowlist. A key is
 * allowed when it tunes what Spark does with the user's own data (sizes, SQL, shuffle, memory, serialization,
 * scheduling inside the application); Kindling's own wiring is reserved; everything else is refused, the key
 * named: a key that starts a process, loads a file or class from a path, sets an environment, opens a port or a
 * sink, or changes what the application may read is out of reach of user conf, because Kindling starts drivers and
 * daemons with it (attached-pool drivers on the control plane's host). docs/configuration.md lists the keys.
 */
public final class SparkConfPolicy {

    /** Why a key is refused: {@code code} is stable ({@code RESERVED_CONF} or {@code CONF_NOT_ALLOWED}). */
    public record Refusal(String code, String reason) {
    }

    /** Keys Kindling sets for every application (or reads itself): a user value would break the wiring. */
    private static final Set<String> RESERVED = Set.of("spark.master", "spark.app.name", "spark.driver.host",
            "spark.driver.port", "spark.driver.bindAddress", "spark.blockManager.port", "spark.cores.max",
            "spark.submit.deployMode", "spark.submit.pyFiles", "spark.repl.class.outputDir",
            "spark.sql.warehouse.dir", "spark.pyspark.python", "spark.pyspark.driver.python", "spark.local.dir");
    private static final List<String> RESERVED_PREFIXES = List.of("spark.kindling.", "spark.submit.",
            "spark.hadoop.aml.", "spark.hadoop.kindling.");
    /** Kindling's own keys a user sets (they instruct Kindling, and never reach Spark). */
    public static final Set<String> CONTROL_PLANE = Set.of("spark.hadoop.aml.enable_cache");

    /** What to use instead, for keys users commonly try. */
    private static final Map<String, String> INSTEAD = Map.of(
            "spark.jars", "give jars in the job's jars field (or upload them as artifacts)",
            "spark.files", "give files in the job's files field",
            "spark.archives", "give archives in the job's archives field",
            "spark.submit.pyFiles", "give them in the job's py_files field",
            "spark.pyspark.python", "give a conda environment instead",
            "spark.pyspark.driver.python", "give a conda environment instead",
            "spark.app.name", "name the session or job instead");

    private static final Set<String> ALLOWED = Set.of(
            // sizes (a session gives them as its size fields)
            "spark.driver.cores", "spark.driver.memory", "spark.driver.memoryOverhead",
            "spark.driver.memoryOverheadFactor", "spark.driver.maxResultSize", "spark.executor.cores",
            "spark.executor.memory", "spark.executor.memoryOverhead", "spark.executor.memoryOverheadFactor",
            "spark.executor.instances", "spark.task.cpus",
            // scheduling inside the application
            "spark.default.parallelism", "spark.task.maxFailures", "spark.scheduler.mode", "spark.speculation",
            "spark.locality.wait", "spark.stage.maxConsecutiveAttempts", "spark.network.timeout",
            "spark.executor.heartbeatInterval",
            // memory, shuffle, compression, serialization
            "spark.memory.fraction", "spark.memory.storageFraction", "spark.memory.offHeap.enabled",
            "spark.memory.offHeap.size", "spark.shuffle.compress", "spark.shuffle.spill.compress",
            "spark.shuffle.file.buffer", "spark.shuffle.sort.bypassMergeThreshold", "spark.reducer.maxSizeInFlight",
            "spark.io.compression.codec", "spark.rdd.compress", "spark.broadcast.compress",
            "spark.broadcast.blockSize", "spark.checkpoint.compress", "spark.files.maxPartitionBytes",
            "spark.files.openCostInBytes", "spark.storage.memoryMapThreshold", "spark.serializer",
            "spark.kryoserializer.buffer", "spark.kryoserializer.buffer.max", "spark.kryo.registrationRequired",
            "spark.kryo.classesToRegister", "spark.kryo.registrator", "spark.kryo.unsafe",
            // Python workers
            "spark.python.worker.memory", "spark.python.worker.reuse", "spark.python.worker.faulthandler.enabled",
            // the application's UI and log, inside its cluster
            "spark.ui.enabled", "spark.ui.showConsoleProgress", "spark.ui.retainedJobs", "spark.ui.retainedStages",
            "spark.ui.retainedTasks", "spark.log.level",
            // Hadoop output committers
            "spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version",
            "spark.hadoop.mapreduce.fileoutputcommitter.cleanup-failures.ignored");
    private static final List<String> ALLOWED_PREFIXES = List.of("spark.dynamicAllocation.", "spark.speculation.",
            "spark.locality.wait.", "spark.io.compression.", "spark.excludeOnFailure.", "spark.sql.",
            "spark.hadoop.parquet.");
    /** Under an allowed prefix, but loading code or data from paths, or naming the catalog Kindling keeps. */
    private static final List<String> REFUSED_UNDER_ALLOWED = List.of("spark.sql.extensions",
            "spark.sql.queryExecutionListeners", "spark.sql.streaming.streamingQueryListeners",
            "spark.sql.catalogImplementation", "spark.sql.catalog.", "spark.sql.hive.", "spark.sql.connect.",
            "spark.sql.globalTempDatabase", "spark.sql.artifact.");

    private SparkConfPolicy() {
    }

    /** Why {@code key} may not be set by a user, or empty when it may. */
    public static Optional<Refusal> refusal(String key) {
        if (CONTROL_PLANE.contains(key)) {
            return Optional.empty();
        }
        if (RESERVED.contains(key) || RESERVED_PREFIXES.stream().anyMatch(key::startsWith)) {
            return Optional.of(new Refusal("RESERVED_CONF", key + " is set by Kindling"
                    + Optional.ofNullable(INSTEAD.get(key)).map(i -> "; " + i).orElse("")));
        }
        if (allowed(key)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal("CONF_NOT_ALLOWED", key + " is not a setting users may give on Kindling"
                + Optional.ofNullable(INSTEAD.get(key)).map(i -> "; " + i).orElse("")
                + " (the settings users may give are listed in docs/configuration.md, 'Spark conf users may set')"));
    }

    private static boolean allowed(String key) {
        if (REFUSED_UNDER_ALLOWED.stream().anyMatch(r -> r.endsWith(".") ? key.startsWith(r) : key.equals(r))) {
            return false;
        }
        return ALLOWED.contains(key) || ALLOWED_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** @throws InvalidJobSpecException naming {@code field} when a user may not set {@code key} */
    static void check(String key, String field) {
        refusal(key).ifPresent(r -> {
            throw new InvalidJobSpecException(JobSpecError.valueOf(r.code()), field, r.reason());
        });
    }
}
