package io.kindling.session.session;

import io.kindling.events.ClusterFailed;
import io.kindling.events.ClusterPrewarmed;
import io.kindling.events.ClusterProvisioned;
import io.kindling.events.ClusterTornDown;
import io.kindling.events.EnvironmentFailed;
import io.kindling.events.EnvironmentReady;
import io.kindling.events.JobCancelRequested;
import io.kindling.events.JobSubmitted;
import io.kindling.events.SessionExpired;
import io.kindling.events.SessionRequested;
import io.kindling.events.SessionStopRequested;
import io.kindling.kit.inbox.EventDispatcher;
import io.kindling.kit.inbox.EventHandlers;
import io.kindling.kit.tx.AfterCommit;
import io.kindling.session.driver.DriverService;
import io.kindling.session.job.JobEventHandlers;
import io.kindling.session.job.JobLifecycle;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** What session-service does with each event it consumes. Handlers run in the inbox transaction. */
@Configuration(proxyBeanMethods = false)
class SessionEventBindings {

    @Bean
    EventHandlers eventHandlers(SessionLifecycle lifecycle, SessionRepository sessions, DriverService drivers,
                                JobLifecycle jobLifecycle, JobEventHandlers jobs, SessionPools pools,
                                SessionStarts starts) {
        return new EventHandlers()
                .on(SessionRequested.class, lifecycle::create)
                .on(JobSubmitted.class, jobLifecycle::submit)
                .on(JobCancelRequested.class, jobs::cancelRequested)
                .on(ClusterProvisioned.class, e -> {
                    if (jobs.isJob(e.sessionId())) {
                        jobs.clusterProvisioned(e);
                        return;
                    }
                    if (e.pool() != null) {
                        pools.record(e.sessionId(), e.pool());
                    }
                    starts.placed(e.sessionId(), e.start());
                    String where = e.pool() == null ? "cluster " + e.clusterId() + " provisioned at " + e.masterUrl()
                            : "placed on attached pool " + e.pool().name() + " at " + e.masterUrl();
                    lifecycle.prepared(e.sessionId(), where, s -> s.withCluster(e.clusterId(), e.masterUrl()))
                            .ifPresent(s -> AfterCommit.run(() -> drivers.start(s.id(), s.masterUrl())));
                })
                .on(EnvironmentReady.class, e -> {
                    if (jobs.isJob(e.sessionId())) {
                        jobs.environmentReady(e);
                        return;
                    }
                    lifecycle.prepared(e.sessionId(), "conda environment " + e.specHash() + " ready"
                                    + (e.cacheHit() ? " from the cache" : " (built)"),
                                    s -> s.withEnvironment(SessionEnvironment.ready(e.specHash(), e.archiveUri())))
                            .ifPresent(s -> AfterCommit.run(() -> drivers.start(s.id(), s.masterUrl())));
                })
                .on(EnvironmentFailed.class, e -> {
                    if (jobs.isJob(e.sessionId())) {
                        jobs.environmentFailed(e);
                        return;
                    }
                    lifecycle.requireKnown(e.sessionId(), "EnvironmentFailed");
                    lifecycle.fail(e.sessionId(), EndReason.ENVIRONMENT_FAILED,
                            "conda environment failed (" + e.reason() + "): " + e.message());
                })
                .on(ClusterFailed.class, e -> {
                    if (jobs.isJob(e.sessionId())) {
                        jobs.clusterFailed(e);
                        return;
                    }
                    // a refused cluster can be answered before this service applied the request (another topic)
                    lifecycle.requireKnown(e.sessionId(), "ClusterFailed");
                    lifecycle.fail(e.sessionId(), EndReason.CLUSTER_FAILED,
                            "cluster " + e.clusterId() + " failed: " + e.message());
                    AfterCommit.run(() -> drivers.discard(e.clusterId()));
                })
                .on(SessionStopRequested.class, e -> stop(e, lifecycle, sessions, drivers))
                .on(SessionExpired.class, e -> expire(e, lifecycle, sessions, drivers))
                .on(ClusterTornDown.class, e -> {
                    if (jobs.isJob(e.sessionId())) {
                        jobs.clusterTornDown(e);
                    } else if ("POOL_DETACHED".equals(e.reason())) {
                        // the pool goes on running; the session's place on it is gone
                        sessions.find(e.sessionId()).filter(s -> !s.state().isTerminal()).ifPresent(s ->
                                lifecycle.transition(s.id(), SessionState.ENDING, "its attached pool was detached",
                                        x -> x.withEnd(EndReason.STOPPED_BY_USER, "its attached pool was detached"))
                                        .ifPresent(x -> AfterCommit.run(() -> drivers.stop(x.id()))));
                        return;
                    }
                    AfterCommit.run(() -> drivers.discard(e.clusterId()));
                })
                .on(ClusterPrewarmed.class, e -> AfterCommit.run(() -> drivers.prewarm(e.clusterId(), e.masterUrl(),
                        e.runtimeVersion(), e.size())));
    }

    /** Ends a session whose idle period ran out, unless it changed since (busy again, or ending). */
    private static void expire(SessionExpired e, SessionLifecycle lifecycle, SessionRepository sessions,
                               DriverService drivers) {
        sessions.find(e.sessionId())
                .filter(s -> s.state() == SessionState.IDLE && s.version() == e.idleGeneration())
                .ifPresent(s -> {
                    String message = "idle for longer than its timeout of " + s.timeoutMinutes() + " minutes";
                    lifecycle.transition(s.id(), SessionState.ENDING, message,
                                    x -> x.withEnd(EndReason.TIMED_OUT, message))
                            .ifPresent(x -> AfterCommit.run(() -> drivers.stop(x.id())));
                });
    }

    private static void stop(SessionStopRequested e, SessionLifecycle lifecycle, SessionRepository sessions,
                             DriverService drivers) {
        String message = "stopped by " + e.requestedBy();
        sessions.find(e.sessionId()).ifPresent(session -> {
            switch (session.state()) {
                case REQUESTED, PREPARING -> lifecycle.end(session.id(), EndReason.STOPPED_BY_USER, message);
                // the driver start sees ENDING when it finishes and stops the driver
                case STARTING -> lifecycle.transition(session.id(), SessionState.ENDING, message,
                        s -> s.withEnd(EndReason.STOPPED_BY_USER, message));
                case IDLE, BUSY -> lifecycle.transition(session.id(), SessionState.ENDING, message,
                                s -> s.withEnd(EndReason.STOPPED_BY_USER, message))
                        .ifPresent(s -> AfterCommit.run(() -> drivers.stop(s.id())));
                case ENDING, ENDED, FAILED -> {
                    // already on its way out
                }
            }
        });
    }

    @Bean
    Consumer<Message<List<byte[]>>> sessionEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<List<byte[]>>> clusterEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<List<byte[]>>> environmentEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<List<byte[]>>> jobEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<List<byte[]>>> deadlineEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }
}
