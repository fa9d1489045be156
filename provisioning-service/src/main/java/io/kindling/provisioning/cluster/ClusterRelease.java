package io.kindling.provisioning.cluster;

import io.kindling.events.JobFailed;
import io.kindling.events.JobSucceeded;
import io.kindling.events.SessionEnded;
import io.kindling.events.TeardownDue;
import io.kindling.provisioning.pool.PoolPlacements;
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
    private final PoolPlacements pools;

    ClusterRelease(ClusterRepository clusters, ClusterLifecycle lifecycle, Provisioner provisioner,
                   PoolPlacements pools) {
        this.clusters = clusters;
        this.lifecycle = lifecycle;
        this.provisioner = provisioner;
        this.pools = pools;
    }

    void onSessionEnded(SessionEnded e) {
        release(e.sessionId(), "session", !e.failed() || "ENVIRONMENT_FAILED".equals(e.reason()), e.reason());
    }

    void onJobSucceeded(JobSucceeded e) {
        release(e.jobId(), "job", true, "SUCCEEDED");
    }

    /** Only a job that failed through its cluster leaves it suspect; a failed or killed driver does not. */
    void onJobFailed(JobFailed e) {
        release(e.jobId(), "job", !"CLUSTER_FAILED".equals(e.reason()), e.reason());
    }

    private void release(String id, String kind, boolean clusterBlameless, String reason) {
        if (pools.release(id)) {
            // an attached pool is the organisation's: nothing to keep warm or tear down
            return;
        }
        clusters.bySession(id).filter(c -> !c.state().isTerminal()).ifPresent(cluster -> {
            if (clusterBlameless && cluster.state() == ClusterState.RESERVED) {
                lifecycle.transition(cluster.id(), ClusterState.WARM, kind + " " + id + " ended (" + reason
                        + "); warm for the next " + kind, UnaryOperator.identity());
            } else {
                provisioner.startTearDown(cluster, kind + " " + id + " ended (" + reason + ")");
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
