package io.kindling.session.driver;

import io.kindling.events.ClusterSize;
import io.kindling.kit.runtime.SparkRuntime;
import java.util.List;
import java.util.Map;

/**
 * What a driver needs to run on a cluster.
 *
 * @param warmUp      run a throwaway session and job before reporting ready (drivers waiting in a pre-warmed pool)
 * @param environment the session's packed conda environment ({@code spark.archives}, as {@code ./environment}),
 *                    or {@code null}
 * @param pool        the attached pool it runs on, or {@code null} on serverless: its warehouse is the pool's
 *                    (kept between sessions), not the driver's own
 * @param jars        libraries for the driver and executors ({@code spark.jars}): the pool's
 */
public record DriverSpec(String clusterId, String sessionId, SparkRuntime runtime, String masterUrl, ClusterSize size,
                         Map<String, String> conf, boolean warmUp, String environment, String pool,
                         List<String> jars) {

    public DriverSpec {
        jars = jars == null ? List.of() : List.copyOf(jars);
    }

    /** A driver on a serverless cluster. */
    public DriverSpec(String clusterId, String sessionId, SparkRuntime runtime, String masterUrl, ClusterSize size,
                      Map<String, String> conf, boolean warmUp, String environment) {
        this(clusterId, sessionId, runtime, masterUrl, size, conf, warmUp, environment, null, List.of());
    }
}
