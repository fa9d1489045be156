package io.kindling.provisioning.backend;

import java.util.List;

/**
 * A running cluster as its backend reports it.
 *
 * @param pids the backend's processes (master first), so a teardown finds them even after a restart
 */
public record ClusterInfo(String clusterId, String masterUrl, String restUrl, String webUiUrl, List<Long> pids) {
}
