package io.kindling.kit.containment;

/**
 * What one cluster's processes together may use of the host: its sandbox's cgroup holds them to it. A ceiling against
 * a user taking the host (a runaway allocation, a fork bomb, a busy loop on every core), not a fit: the JVMs' heaps
 * with their overheads and Python beside them stay well under it.
 *
 * @param memoryBytes the memory of all its processes together (the kernel's OOM killer acts inside the cluster beyond)
 * @param cpus        the CPU time per wall-clock time, in cores
 * @param pids        its processes and threads together
 */
public record ClusterLimits(long memoryBytes, double cpus, int pids) {

    /** Threads count: a Spark JVM runs 50-150 of them, and a cluster has a handful of JVMs and Python workers. */
    public static final int CLUSTER_PIDS = 8192;
    private static final long MB = 1L << 20;
    /** What a JVM takes beyond its heap (metaspace, code, threads, direct buffers), as Spark's own minimum overhead. */
    private static final long JVM_OVERHEAD_MB = 384;
    /** Python beside an executor or a driver: its workers or the session's interpreter. */
    private static final long PYTHON_MB = 512;

    public ClusterLimits {
        if (memoryBytes <= 0 || cpus <= 0 || pids <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + memoryBytes + " B, " + cpus + " cpus, "
                    + pids + " pids");
        }
    }

    /**
     * The limits of a cluster of {@code daemons} master and worker JVMs of {@code daemonHeapMb} each, {@code executors}
     * executors of {@code executorMb} and {@code executorCores}, and a driver of {@code driverMb} and {@code
     * driverCores}.
     */
    public static ClusterLimits of(int daemons, long daemonHeapMb, int executors, long executorMb, int executorCores,
                                   long driverMb, int driverCores) {
        long mb = daemons * (daemonHeapMb + JVM_OVERHEAD_MB)
                + executors * (executorMb + Math.max(JVM_OVERHEAD_MB, executorMb / 10) + PYTHON_MB)
                + driverMb + Math.max(JVM_OVERHEAD_MB, driverMb / 10) + PYTHON_MB;
        // the daemons' share: one core among them
        return new ClusterLimits(mb * MB, executors * executorCores + driverCores + 1.0, CLUSTER_PIDS);
    }
}
