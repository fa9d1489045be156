package io.kindling.provisioning.cluster;

import io.kindling.events.SessionEnded;
import org.springframework.stereotype.Component;

/**
 * What happens to a cluster when its session ends: the one place that decides. For now it is torn down
 * at once; with teardown-service's deadlines it will go WARM and wait out the grace period instead.
 */
@Component
class ClusterRelease {

    private final ClusterRepository clusters;
    private final Provisioner provisioner;

    ClusterRelease(ClusterRepository clusters, Provisioner provisioner) {
        this.clusters = clusters;
        this.provisioner = provisioner;
    }

    void onSessionEnded(SessionEnded e) {
        clusters.bySession(e.sessionId()).filter(c -> !c.state().isTerminal()).ifPresent(cluster ->
                provisioner.startTearDown(cluster, "session " + e.sessionId() + " ended (" + e.reason() + ")"));
    }
}
