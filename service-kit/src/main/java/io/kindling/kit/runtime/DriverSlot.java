package io.kindling.kit.runtime;

import java.util.Map;

/**
 * How a batch job's driver lands on the worker its cluster has for it. A standalone master places a cluster-mode
 * driver on any worker with room, and a driver on an executor's worker leaves that executor nowhere to run (when
 * the executor is larger than what is left). So the driver's worker alone offers one unit of a custom resource,
 * and the driver asks for it: the master can place it nowhere else.
 */
public final class DriverSlot {

    /** The resource's name, in {@code spark.worker.resource.<name>.*} and {@code spark.driver.resource.<name>.*}. */
    public static final String RESOURCE = "kindlingdriver";

    private DriverSlot() {
    }

    /** The submission's conf that asks for the slot. */
    public static Map<String, String> driverConf() {
        return Map.of("spark.driver.resource." + RESOURCE + ".amount", "1");
    }

    /** The driver worker's conf: it has one slot, listed in {@code resourcesFile}. */
    public static Map<String, String> workerConf(String resourcesFile) {
        return Map.of("spark.worker.resource." + RESOURCE + ".amount", "1",
                "spark.worker.resourcesFile", resourcesFile);
    }

    /** The content of the driver worker's {@code resourcesFile}: the slot's one address. */
    public static String workerResourcesJson() {
        return "[{\"id\":{\"componentName\":\"spark.worker\",\"resourceName\":\"" + RESOURCE + "\"},"
                + "\"addresses\":[\"0\"]}]";
    }
}
