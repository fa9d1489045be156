package io.kindling.job.spec;

/**
 * The most one serverless job may ask of this install, and the least memory Spark runs with. A job on an attached
 * pool is held to the memory floor only: the pool's own size limits it.
 *
 * @param maxExecutors the most executors (with dynamic allocation, its {@code maxExecutors})
 * @param maxCores     executors x executor cores + driver cores, at most
 * @param maxMemoryMb  executors x executor memory + driver memory, at most, in MiB
 * @param minMemoryMb  the smallest driver or executor memory, in MiB (Spark refuses a heap under 450m)
 */
public record JobCapacity(int maxExecutors, long maxCores, long maxMemoryMb, long minMemoryMb) {

    /** No limit but Spark's own floor: for tests and tools that check a spec's shape only. */
    public static final JobCapacity UNLIMITED = new JobCapacity(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
            450);
}
