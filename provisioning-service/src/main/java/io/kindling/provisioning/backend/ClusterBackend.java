package io.kindling.provisioning.backend;

/** Where clusters come from. Takes and returns plain data, never launcher or process objects. */
public interface ClusterBackend {

    /** The backend's name as stored with each cluster, e.g. {@code local}. */
    String name();

    /**
     * Starts a cluster and returns once every worker is registered.
     *
     * @throws ProvisioningException when it is not ready in time; nothing of it is left running
     */
    ClusterInfo provision(ClusterSpec spec);

    /** Stops every process of the cluster; returns when they are gone. Safe to call twice. */
    void destroy(ClusterInfo cluster);

    /** Whether every process of the cluster still runs. */
    boolean isAlive(ClusterInfo cluster);
}
