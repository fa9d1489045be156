package io.kindling.provisioning.cluster;

import io.kindling.provisioning.backend.ClusterBackend;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Notices a cluster process that exits when nobody stopped it (a worker killed, a master crashed) and fails
 * the cluster at once: ClusterFailed ends its session with CLUSTER_FAILED within seconds, and the rest of
 * its processes are stopped. After a restart, clusters whose processes are gone are failed the same way.
 */
@Component
class ClusterWatch {

    private static final Logger log = LoggerFactory.getLogger(ClusterWatch.class);

    private final ClusterRepository clusters;
    private final ClusterLifecycle lifecycle;
    private final ClusterBackend backend;
    private final Set<Long> watched = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    ClusterWatch(ClusterRepository clusters, ClusterLifecycle lifecycle, ClusterBackend backend) {
        this.clusters = clusters;
        this.lifecycle = lifecycle;
        this.backend = backend;
    }

    /** Watches every process of a cluster that is up. */
    void watch(Cluster cluster) {
        for (long pid : cluster.info().pids()) {
            if (!watched.add(pid)) {
                continue;
            }
            ProcessHandle.of(pid).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> exited(cluster.id(), pid)),
                    () -> exited(cluster.id(), pid));
        }
    }

    /** The service is stopping and takes its clusters down with it: those exits are no failure. */
    @jakarta.annotation.PreDestroy
    void closing() {
        closing = true;
    }

    private void exited(String clusterId, long pid) {
        watched.remove(pid);
        if (closing) {
            return;
        }
        clusters.find(clusterId).filter(c -> c.state() == ClusterState.RESERVED || c.state() == ClusterState.WARM)
                .ifPresent(c -> {
                    String role = c.info().pids().indexOf(pid) == 0 ? "master" : "worker";
                    String message = "the " + role + " of cluster " + clusterId + " (pid " + pid
                            + ") exited unexpectedly";
                    log.warn(message);
                    if (lifecycle.transition(clusterId, ClusterState.FAILED, "PROCESS_EXITED",
                            x -> x.withMessage(message)).isPresent()) {
                        backend.destroy(c.info());
                    }
                });
    }

    /** After a restart: watch the clusters that still run, fail the ones whose processes are gone. */
    @EventListener(ApplicationReadyEvent.class)
    void reconcile() {
        clusters.all().stream()
                .filter(c -> c.state() == ClusterState.RESERVED || c.state() == ClusterState.WARM)
                .filter(c -> c.info() != null)
                .forEach(this::watch);
    }
}
