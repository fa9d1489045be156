package io.kindling.kit.limits;

import java.lang.management.ManagementFactory;
import org.springframework.util.unit.DataSize;

/**
 * The default capacity limits of one session or job, from this host, where the local backend runs every cluster.
 */
public final class HostCapacity {

    private HostCapacity() {
    }

    /** 4 x this host's processors: standalone cores are scheduling slots, so some oversubscription is normal. */
    public static int defaultMaxCores() {
        return 4 * Runtime.getRuntime().availableProcessors();
    }

    /** 75% of this host's physical memory. */
    public static DataSize defaultMaxMemory() {
        return DataSize.ofBytes(Memory.TOTAL / 4 * 3);
    }

    /**
     * Read once: asking the JVM reads the cgroup's files every time, and the gateway checks every session request
     * against this limit (3% of its request threads' time under load). A host's memory does not change under a
     * running service.
     */
    private static final class Memory {

        static final long TOTAL = ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
    }
}
