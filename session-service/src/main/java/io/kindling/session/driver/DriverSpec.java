package io.kindling.session.driver;

import io.kindling.events.ClusterSize;
import io.kindling.kit.runtime.SparkRuntime;
import java.util.Map;

/** What a driver needs to run on a cluster. */
public record DriverSpec(String clusterId, String sessionId, SparkRuntime runtime, String masterUrl, ClusterSize size,
                         Map<String, String> conf) {
}
