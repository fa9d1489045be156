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
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return DataSize.ofBytes(os.getTotalMemorySize() / 4 * 3);
    }
}
