package io.kindling.provisioning.backend;

/**
 * Where clusters come from. Takes and returns plain data, never launcher or process objects.
 *
 * <p>Starting is split in two so a session's driver can start while workers are still registering: a
 * driver waits for its executors anyway, and overlapping the two JVM start-ups is most of a cold start.
 */
public interface ClusterBackend {

    /** The backend's name as stored with each cluster, e.g. {@code local}. */
    String name();

    /**
     * Starts a cluster and returns once its master accepts applications; its workers are on their way.
     *
     * @throws ProvisioningException when it cannot; nothing of it is left running
     */
    ClusterInfo start(ClusterSpec spec);

    /**
     * Returns once every worker of a started cluster has registered.
     *
     * @throws ProvisioningException when they do not in time (the caller destroys the cluster)
     */
    void awaitWorkers(ClusterSpec spec, ClusterInfo cluster);

    /** Stops every process of the cluster; returns when they are gone. Safe to call twice. */
    void destroy(ClusterInfo cluster);

    /** Whether every process of the cluster still runs. */
    boolean isAlive(ClusterInfo cluster);
}
