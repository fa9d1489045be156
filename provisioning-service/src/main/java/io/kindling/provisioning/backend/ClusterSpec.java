package io.kindling.provisioning.backend;

import io.kindling.events.ClusterSize;
import io.kindling.kit.runtime.SparkRuntime;

/**
 * What to provision: the cluster's deterministic id, its runtime and its size.
 *
 * @param driverWorker whether the cluster also runs its driver (cluster deploy mode, batch jobs): then it gets
 *                     one more worker, sized for the driver ({@code driverCores}, {@code driverMemoryMb}),
 *                     besides one per executor
 */
public record ClusterSpec(String clusterId, SparkRuntime runtime, ClusterSize size, boolean driverWorker) {

    /** A cluster for a session, whose driver runs elsewhere (the session agent, in client mode). */
    public ClusterSpec(String clusterId, SparkRuntime runtime, ClusterSize size) {
        this(clusterId, runtime, size, false);
    }

    /** Workers to start and wait for. */
    public int workers() {
        return size.numExecutors() + (driverWorker ? 1 : 0);
    }
}
