package io.kindling.job.spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks Azure ML makes before it runs a spark job, against a workspace's runtimes, node sizes and
 * datastores: the runtime is installed and runs the entry (PySpark for {@code entry.file}); the instance type is
 * known and the driver and executors fit on one node; the {@code conf} sizing is complete and consistent (see
 * {@link SparkSizing}); every input and output is {@code direct} and its path resolves; every placeholder in
 * {@code args} names a declared input or output. The runtime, PySpark and node-size checks need {@code resources};
 * a job on an attached pool ({@code compute}) runs on whatever that pool has, so they are skipped for it.
 */
public final class JobSpecValidator {

    private JobSpecValidator() {
    }

    /** @throws InvalidJobSpecException naming the field at fault */
    public static ValidatedJob validate(JobSpec spec, JobSpecContext context) {
        InstanceType instanceType = null;
        if (spec.isServerless()) {
            String runtime = spec.resources().runtimeVersion();
            if (context.retired().containsKey(runtime)) {
                throw new InvalidJobSpecException(JobSpecError.RUNTIME_RETIRED, "resources.runtime_version",
                        "resources.runtime_version '" + runtime + "' reached its end of support on "
                        + context.retired().get(runtime) + " and runs no more jobs; supported runtimes: "
                        + context.runtimes());
            }
            if (!context.runtimes().contains(runtime)) {
                throw new InvalidJobSpecException(JobSpecError.UNKNOWN_RUNTIME, "resources.runtime_version",
                        "resources.runtime_version '" + runtime + "' is not an installed runtime; installed: "
                        + context.runtimes());
            }
            String name = spec.resources().instanceType();
            instanceType = context.instanceTypes().find(name).orElseThrow(() -> new InvalidJobSpecException(
                    JobSpecError.UNKNOWN_INSTANCE_TYPE, "resources.instance_type", "resources.instance_type '" + name
                    + "' is not offered; instance types: " + context.instanceTypes().names()));
            if (spec.entry().isPython() && !context.runsPython().test(runtime)) {
                throw new InvalidJobSpecException(JobSpecError.PYTHON_NOT_SUPPORTED, "entry.file", "entry.file '"
                        + spec.entry().value() + "' is a Python job, but runtime " + runtime + " has no PySpark; "
                        + "choose a runtime with PySpark or give entry.class_name");
            }
        }
        spec.conf().keySet().forEach(key -> SparkConfPolicy.check(key, "conf." + key));
        SparkSizing sizing = SparkSizing.of(spec.conf());
        if (spec.environment() != null) {
            spec.environment().check();
        }
        floor(sizing, context.capacity());
        if (instanceType != null) {
            fits(sizing, instanceType);
            withinCapacity(sizing, context.capacity());
        }
        Map<String, String> inputValues = new LinkedHashMap<>(spec.literalInputs());
        Map<String, Path> inputPaths = resolve(spec.inputs(), "inputs", context, inputValues);
        Map<String, String> outputValues = new LinkedHashMap<>();
        Map<String, Path> outputPaths = resolve(spec.outputs(), "outputs", context, outputValues);
        String args = ArgsTemplate.parse(spec.args()).substitute(inputValues, outputValues);
        return new ValidatedJob(spec, sizing, instanceType, inputPaths, outputPaths, args);
    }

    private static void floor(SparkSizing sizing, JobCapacity capacity) {
        for (String role : new String[] {"driver", "executor"}) {
            MemorySize memory = role.equals("driver") ? sizing.driverMemory() : sizing.executorMemory();
            if (memory.mebibytes() < capacity.minMemoryMb()) {
                throw new InvalidJobSpecException(JobSpecError.INVALID_MEMORY, "conf.spark." + role + ".memory",
                        "conf.spark." + role + ".memory must be at least " + capacity.minMemoryMb() + "m (Spark needs "
                        + "450m of heap)");
            }
        }
    }

    /** What a serverless job's cluster would take, against this install's limits for one job. */
    private static void withinCapacity(SparkSizing sizing, JobCapacity capacity) {
        String executorsField = "conf." + (sizing.dynamicAllocation() ? SparkSizing.MAX : "spark.executor.instances");
        if (sizing.maxExecutors() > capacity.maxExecutors()) {
            throw new InvalidJobSpecException(JobSpecError.CAPACITY_EXCEEDED, executorsField, executorsField + " "
                    + sizing.maxExecutors() + " exceeds this install's limit of " + capacity.maxExecutors()
                    + " executors for one job");
        }
        long cores = (long) sizing.maxExecutors() * sizing.executorCores() + sizing.driverCores();
        if (cores > capacity.maxCores()) {
            throw new InvalidJobSpecException(JobSpecError.CAPACITY_EXCEEDED, "conf.spark.executor.cores", "the job "
                    + "needs " + cores + " cores (executors x spark.executor.cores + spark.driver.cores), over this "
                    + "install's limit of " + capacity.maxCores());
        }
        long memoryMb = sizing.maxExecutors() * sizing.executorMemory().mebibytes() + sizing.driverMemory().mebibytes();
        if (memoryMb > capacity.maxMemoryMb()) {
            throw new InvalidJobSpecException(JobSpecError.CAPACITY_EXCEEDED, "conf.spark.executor.memory", "the job "
                    + "needs " + memoryMb + "m of memory (executors x spark.executor.memory + spark.driver.memory), "
                    + "over this install's limit of " + capacity.maxMemoryMb() + "m");
        }
    }

    private static void fits(SparkSizing sizing, InstanceType type) {
        fits("spark.driver.cores", sizing.driverCores(), type.cores(), "cores", type);
        fits("spark.driver.memory", sizing.driverMemory().mebibytes(), type.memoryMb(), "MiB", type);
        fits("spark.executor.cores", sizing.executorCores(), type.cores(), "cores", type);
        fits("spark.executor.memory", sizing.executorMemory().mebibytes(), type.memoryMb(), "MiB", type);
    }

    private static void fits(String key, long asked, long offered, String unit, InstanceType type) {
        if (asked > offered) {
            throw new InvalidJobSpecException(JobSpecError.EXCEEDS_INSTANCE_TYPE, "conf." + key, "conf." + key
                    + " asks for " + asked + " " + unit + ", more than one " + type.name() + " node has ("
                    + offered + " " + unit + "); lower it or choose a larger resources.instance_type");
        }
    }

    private static Map<String, Path> resolve(Map<String, DataBinding> bindings, String kind, JobSpecContext context,
                                             Map<String, String> values) {
        Map<String, Path> paths = new LinkedHashMap<>();
        for (DataBinding b : bindings.values()) {
            String field = kind + "." + b.name();
            if (!b.mode().equalsIgnoreCase(DataBinding.DIRECT)) {
                throw new InvalidJobSpecException(JobSpecError.UNSUPPORTED_MODE, field + ".mode", field
                        + " uses mode '" + b.mode() + "'; a spark job supports only direct");
            }
            Path path = DataPaths.resolve(b.path(), field + ".path", context.datastores(),
                    context.hostPaths());
            paths.put(b.name(), path);
            values.put(b.name(), path.toString());
        }
        return paths;
    }
}
