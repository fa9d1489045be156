package io.kindling.provisioning.cluster;

import io.kindling.events.ClusterFailed;
import io.kindling.events.ClusterPrewarmed;
import io.kindling.events.ClusterProvisioned;
import io.kindling.events.ClusterReleased;
import io.kindling.events.ClusterTornDown;
import io.kindling.kit.lifecycle.IgnoredTransitions;
import io.kindling.kit.outbox.Outbox;
import io.kindling.kit.tx.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every state change of a cluster: checked, stored with history, published in the same transaction. A change that is
 * not made (a repeated, late or illegal trigger, a second record of the same cluster) leaves a row of its own beside
 * the history ({@link ClusterRepository#ignored}).
 */
@Component
public class ClusterLifecycle {

    private final ClusterRepository clusters;
    private final Outbox outbox;
    private final Clock clock;
    private final Counter idleSeconds;
    private final IgnoredTransitions ignored;

    ClusterLifecycle(ClusterRepository clusters, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.clusters = clusters;
        this.outbox = outbox;
        this.clock = clock;
        this.ignored = new IgnoredTransitions(meters, "cluster");
        this.idleSeconds = Counter.builder("kindling.cluster.idle").baseUnit("seconds")
                .description("Cluster-seconds spent warm (running, serving no session), counted when a cluster "
                        + "leaves WARM").register(meters);
    }

    /** Records a new PROVISIONING cluster; empty if it exists already. */
    @Transactional
    public Optional<Cluster> create(Cluster cluster, String reason) {
        if (!clusters.insert(cluster)) {
            Cluster known = clusters.lock(cluster.id()).orElseThrow();
            ignore(known, "recorded again (" + reason + ")");
            return Optional.empty();
        }
        clusters.appendHistory(cluster.id(), cluster.state(), reason, cluster.createdAt());
        return Optional.of(cluster);
    }

    /** Moves a cluster on; an illegal move is logged and not applied (empty result). */
    @Transactional
    public Optional<Cluster> transition(String id, ClusterState next, String reason, UnaryOperator<Cluster> change) {
        Cluster current = clusters.lock(id).orElse(null);
        if (current == null) {
            ignored.ignored(id, "unknown; not moved to " + next + " (" + reason + ")");
            return Optional.empty();
        }
        if (!current.state().canMoveTo(next)) {
            ignore(current, current.state() + " -> " + next + " is not allowed (" + reason + ")");
            return Optional.empty();
        }
        Cluster moved = change.apply(current.moveTo(next, clock.instant()));
        clusters.update(moved, current.version());
        clusters.appendHistory(id, next, reason, moved.updatedAt());
        publish(moved, current, reason);
        if (current.state() == ClusterState.WARM && next != ClusterState.WARM) {
            Duration idle = Duration.between(current.updatedAt(), moved.updatedAt());
            AfterCommit.run(() -> idleSeconds.increment(Math.max(0, idle.toMillis()) / 1000.0));
        }
        return Optional.of(moved);
    }

    /** Changes a cluster without a state change (e.g. a release asked for while provisioning). */
    @Transactional
    public void change(String id, UnaryOperator<Cluster> change) {
        clusters.lock(id).ifPresent(current -> clusters.update(change.apply(current), current.version()));
    }

    private void ignore(Cluster current, String what) {
        ignored.ignored(current.id(), what);
        clusters.appendIgnored(current.id(), current.state(), what, clock.instant());
    }

    private void publish(Cluster c, Cluster before, String reason) {
        ClusterState from = before.state();
        switch (c.state()) {
            case RESERVED -> {
                if (from == ClusterState.PROVISIONING || from == ClusterState.WARM) {
                    String start = from == ClusterState.PROVISIONING ? ClusterProvisioned.COLD
                            : before.pooled() ? ClusterProvisioned.PREWARMED : ClusterProvisioned.WARM;
                    outbox.add(new ClusterProvisioned(c.id(), c.version(), c.sessionId(), c.runtimeVersion(),
                            c.info().masterUrl(), c.info().restUrl(), c.info().webUiUrl(), c.updatedAt(), start));
                }
            }
            case FAILED -> outbox.add(new ClusterFailed(c.id(), c.version(), c.sessionId(), reason, c.message(),
                    c.updatedAt()));
            case TORN_DOWN -> outbox.add(new ClusterTornDown(c.id(), c.version(), c.sessionId(), reason,
                    c.updatedAt()));
            case WARM -> {
                if (from == ClusterState.PROVISIONING) {
                    outbox.add(new ClusterPrewarmed(c.id(), c.version(), c.runtimeVersion(), c.size(),
                            c.info().masterUrl(), c.info().restUrl(), c.info().webUiUrl(), c.updatedAt()));
                } else {
                    outbox.add(new ClusterReleased(c.id(), c.version(), c.sessionId(), c.updatedAt()));
                }
            }
            default -> {
                // PROVISIONING, ATTACHED, TEARING_DOWN: nothing another service acts on
            }
        }
    }
}
