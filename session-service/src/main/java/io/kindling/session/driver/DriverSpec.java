package io.kindling.session.driver;

import io.kindling.events.ClusterSize;
import io.kindling.kit.runtime.SparkRuntime;
import java.util.Map;

/**
 * What a driver needs to run on a cluster.
 *
 * @param warmUp      run a throwaway session and job before reporting ready (drivers waiting in a pre-warmed pool)
 * @param environment the session's packed conda environment ({@code spark.archives}, as {@code ./environment}),
 *                    or {@code null}
 */
public record DriverSpec(String clusterId, String sessionId, SparkRuntime runtime, String masterUrl, ClusterSize size,
                         Map<String, String> conf, boolean warmUp, String environment) {
}
