package io.kindling.job.spec;

import java.util.Map;

/**
 * The driver and executor sizes a job's {@code conf} asks for, checked as Azure ML checks them. Cores and memory
 * of both driver and executors are always required. With dynamic allocation on, {@code minExecutors} and
 * {@code maxExecutors} are required ({@code 0 < min <= max}) and {@code spark.executor.instances}, if given, must
 * lie between them; with it off, {@code spark.executor.instances} is required and the bounds must not be set.
 *
 * @param driverCores        {@code spark.driver.cores}
 * @param driverMemory       {@code spark.driver.memory}
 * @param executorCores      {@code spark.executor.cores}
 * @param executorMemory     {@code spark.executor.memory}
 * @param dynamicAllocation  {@code spark.dynamicAllocation.enabled}
 * @param minExecutors       the fewest executors: {@code minExecutors}, or the fixed count without dynamic allocation
 * @param maxExecutors       the most executors: {@code maxExecutors}, or the fixed count without dynamic allocation
 * @param executorInstances  executors to start with: {@code spark.executor.instances}, by default {@code minExecutors}
 */
public record SparkSizing(int driverCores, MemorySize driverMemory, int executorCores, MemorySize executorMemory,
                          boolean dynamicAllocation, int minExecutors, int maxExecutors, int executorInstances) {

    static final String DRIVER_CORES = "spark.driver.cores";
    static final String DRIVER_MEMORY = "spark.driver.memory";
    static final String EXECUTOR_CORES = "spark.executor.cores";
    static final String EXECUTOR_MEMORY = "spark.executor.memory";
    static final String INSTANCES = "spark.executor.instances";
    static final String DYNAMIC = "spark.dynamicAllocation.enabled";
    static final String MIN = "spark.dynamicAllocation.minExecutors";
    static final String MAX = "spark.dynamicAllocation.maxExecutors";

    /** @throws InvalidJobSpecException naming the {@code conf.*} field at fault */
    static SparkSizing of(Map<String, String> conf) {
        boolean dynamic = flag(conf, DYNAMIC);
        int driverCores = positive(conf, DRIVER_CORES, dynamic);
        MemorySize driverMemory = MemorySize.parse(require(conf, DRIVER_MEMORY, dynamic), field(DRIVER_MEMORY));
        int executorCores = positive(conf, EXECUTOR_CORES, dynamic);
        MemorySize executorMemory = MemorySize.parse(require(conf, EXECUTOR_MEMORY, dynamic),
                field(EXECUTOR_MEMORY));
        if (!dynamic) {
            for (String bound : new String[] {MIN, MAX}) {
                if (conf.containsKey(bound)) {
                    throw dynamicError(bound, field(bound) + " is set but dynamic allocation is off; set "
                            + DYNAMIC + ": true, or remove it and give the executor count in " + INSTANCES);
                }
            }
            int instances = positive(conf, INSTANCES, false);
            return new SparkSizing(driverCores, driverMemory, executorCores, executorMemory, false, instances,
                    instances, instances);
        }
        int min = integer(MIN, require(conf, MIN, true));
        int max = integer(MAX, require(conf, MAX, true));
        if (min <= 0) {
            throw dynamicError(MIN, field(MIN) + " is " + min + "; it must be greater than 0");
        }
        if (max < min) {
            throw dynamicError(MAX, field(MAX) + " is " + max + ", less than " + MIN + " (" + min + ")");
        }
        int instances = conf.containsKey(INSTANCES) ? integer(INSTANCES, conf.get(INSTANCES)) : min;
        if (instances < min || instances > max) {
            throw dynamicError(INSTANCES, field(INSTANCES) + " is " + instances + "; with dynamic allocation it must "
                    + "be between " + MIN + " (" + min + ") and " + MAX + " (" + max + ")");
        }
        return new SparkSizing(driverCores, driverMemory, executorCores, executorMemory, true, min, max, instances);
    }

    private static String field(String key) {
        return "conf." + key;
    }

    private static boolean flag(Map<String, String> conf, String key) {
        String value = conf.get(key);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw SpecNode.invalid(field(key), "must be true or false", value);
    }

    private static String require(Map<String, String> conf, String key, boolean dynamic) {
        String value = conf.get(key);
        if (value == null) {
            throw SpecNode.missing(field(key), dynamic
                    ? "with dynamic allocation on, Azure ML needs " + DRIVER_CORES + ", " + DRIVER_MEMORY + ", "
                            + EXECUTOR_CORES + ", " + EXECUTOR_MEMORY + ", " + MIN + " and " + MAX
                    : "with dynamic allocation off, Azure ML needs " + DRIVER_CORES + ", " + DRIVER_MEMORY + ", "
                            + EXECUTOR_CORES + ", " + EXECUTOR_MEMORY + " and " + INSTANCES);
        }
        return value;
    }

    private static int positive(Map<String, String> conf, String key, boolean dynamic) {
        int value = integer(key, require(conf, key, dynamic));
        if (value <= 0) {
            throw SpecNode.invalid(field(key), "must be greater than 0", value);
        }
        return value;
    }

    private static int integer(String key, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw SpecNode.invalid(field(key), "must be a whole number", text);
        }
    }

    private static InvalidJobSpecException dynamicError(String key, String message) {
        return new InvalidJobSpecException(JobSpecError.INVALID_DYNAMIC_ALLOCATION, field(key), message);
    }
}
