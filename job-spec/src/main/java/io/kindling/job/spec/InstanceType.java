package io.kindling.job.spec;

/**
 * A node size serverless Spark can run on; the driver and each executor must fit on one node.
 *
 * @param name     as specs name it, e.g. {@code standard_e4s_v3} (compared case-insensitively)
 * @param cores    virtual CPUs of one node
 * @param memoryMb memory of one node, in MiB
 */
public record InstanceType(String name, int cores, long memoryMb) {

    public InstanceType {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an instance type needs a name");
        }
        if (cores <= 0 || memoryMb <= 0) {
            throw new IllegalArgumentException("instance type " + name + " needs cores and memory above 0");
        }
    }
}
