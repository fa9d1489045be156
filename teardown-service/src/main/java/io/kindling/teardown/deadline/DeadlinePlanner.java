package io.kindling.teardown.deadline;

import io.kindling.events.ClusterFailed;
import io.kindling.events.ClusterProvisioned;
import io.kindling.events.ClusterReleased;
import io.kindling.events.ClusterTornDown;
import io.kindling.events.SessionBusy;
import io.kindling.events.SessionEnded;
import io.kindling.events.SessionIdle;
import java.time.Clock;
import java.time.Duration;

/**
 * The rules: which event schedules which deadline and which makes it stale. Runs in the inbox transaction.
 */
public class DeadlinePlanner {

    private final DeadlineRepository deadlines;
    private final Clock clock;
    private final Duration clusterGrace;
    private final DeadlineTelemetry telemetry;

    public DeadlinePlanner(DeadlineRepository deadlines, Clock clock, Duration clusterGrace,
                           DeadlineTelemetry telemetry) {
        this.deadlines = deadlines;
        this.clock = clock;
        this.clusterGrace = clusterGrace;
        this.telemetry = telemetry;
    }

    /** Idle: the previous idle period's deadline is stale; this one expires at {@code expiresAt}. */
    public void onIdle(SessionIdle e) {
        deadlines.cancel(DeadlineKind.SESSION_EXPIRY, e.sessionId(), e.generation(), clock.instant());
        deadlines.schedule(Deadline.schedule(DeadlineKind.SESSION_EXPIRY, e.sessionId(), e.generation(),
                e.expiresAt(), clock.instant(), telemetry.scheduledBy()));
    }

    /** A running statement is activity: a busy session never expires. */
    public void onBusy(SessionBusy e) {
        deadlines.cancel(DeadlineKind.SESSION_EXPIRY, e.sessionId(), e.generation(), clock.instant());
    }

    public void onSessionEnded(SessionEnded e) {
        deadlines.cancel(DeadlineKind.SESSION_EXPIRY, e.sessionId(), Long.MAX_VALUE, clock.instant());
    }

    /** A WARM cluster is torn down when the grace period after its release runs out. */
    public void onReleased(ClusterReleased e) {
        deadlines.cancel(DeadlineKind.CLUSTER_TEARDOWN, e.clusterId(), e.generation(), clock.instant());
        deadlines.schedule(Deadline.schedule(DeadlineKind.CLUSTER_TEARDOWN, e.clusterId(), e.generation(),
                e.releasedAt().plus(clusterGrace), clock.instant(), telemetry.scheduledBy()));
    }

    /** Reserved again (a warm start): no teardown. */
    public void onReserved(ClusterProvisioned e) {
        deadlines.cancel(DeadlineKind.CLUSTER_TEARDOWN, e.clusterId(), Long.MAX_VALUE, clock.instant());
    }

    public void onGone(ClusterTornDown e) {
        deadlines.cancel(DeadlineKind.CLUSTER_TEARDOWN, e.clusterId(), Long.MAX_VALUE, clock.instant());
    }

    public void onFailed(ClusterFailed e) {
        deadlines.cancel(DeadlineKind.CLUSTER_TEARDOWN, e.clusterId(), Long.MAX_VALUE, clock.instant());
    }
}
