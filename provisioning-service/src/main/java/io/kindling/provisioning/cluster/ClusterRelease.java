package io.kindling.provisioning.cluster;

import io.kindling.events.SessionEnded;
import io.kindling.events.TeardownDue;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * What happens to a cluster when its session ends: the one place that decides. A session that ended
 * normally leaves its cluster WARM (ClusterReleased); teardown-service owns the grace period and sends
 * TeardownDue when it runs out. A failed session's cluster is torn down at once: it may be what failed.
 */
@Component
class ClusterRelease {

    private final ClusterRepository clusters;
    private final ClusterLifecycle lifecycle;
    private final Provisioner provisioner;

    ClusterRelease(ClusterRepository clusters, ClusterLifecycle lifecycle, Provisioner provisioner) {
        this.clusters = clusters;
        this.lifecycle = lifecycle;
        this.provisioner = provisioner;
    }

    void onSessionEnded(SessionEnded e) {
        clusters.bySession(e.sessionId()).filter(c -> !c.state().isTerminal()).ifPresent(cluster -> {
            boolean clusterBlameless = !e.failed() || "ENVIRONMENT_FAILED".equals(e.reason());
            if (clusterBlameless && cluster.state() == ClusterState.RESERVED) {
                lifecycle.transition(cluster.id(), ClusterState.WARM, "session " + e.sessionId() + " ended ("
                        + e.reason() + "); warm for the next session", UnaryOperator.identity());
            } else {
                provisioner.startTearDown(cluster, "session " + e.sessionId() + " ended (" + e.reason() + ")");
            }
        });
    }

    /** Tears a WARM cluster down, unless it was reserved again since it was released. */
    void onTeardownDue(TeardownDue e) {
        clusters.find(e.clusterId())
                .filter(c -> c.state() == ClusterState.WARM && c.version() == e.releasedGeneration())
                .ifPresent(c -> provisioner.startTearDown(c, "no session within the grace period (due "
                        + e.dueAt() + ")"));
    }
}
