package io.kindling.provisioning.backend;

import io.kindling.events.ClusterSize;
import io.kindling.kit.runtime.SparkRuntime;

/** What to provision: the cluster's deterministic id, its runtime and its size. */
public record ClusterSpec(String clusterId, SparkRuntime runtime, ClusterSize size) {
}
