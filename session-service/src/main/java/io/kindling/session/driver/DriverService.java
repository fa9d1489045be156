package io.kindling.session.driver;

import io.kindling.events.PoolPlacement;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkConfScope;
import io.kindling.kit.runtime.SparkRuntime;
import io.kindling.kit.tracing.LogContext;
import io.kindling.kit.tracing.Traces;
import io.kindling.session.SessionServiceProperties;
import io.kindling.session.session.EndReason;
import io.kindling.session.session.Session;
import io.kindling.session.session.SessionLifecycle;
import io.kindling.session.session.SessionPools;
import io.kindling.session.session.SessionRepository;
import io.kindling.session.session.SessionState;
import io.opentelemetry.api.common.Attributes;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Starts a session's driver on its cluster and stops it, off the consumer thread. Each step is bounded;
 * the outcome is a lifecycle transition (IDLE, ENDED or FAILED with a reason).
 */
@Service
public class DriverService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DriverService.class);

    private final DriverLauncher launcher;
    private final AgentClient agent;
    private final DriverRegistry registry;
    private final SessionRepository sessions;
    private final SessionPools pools;
    private final SessionLifecycle lifecycle;
    private final RuntimeCatalog runtimes;
    private final SessionServiceProperties props;
    private final Clock clock;
    /** Drivers this service is stopping on purpose: their exit is no loss. */
    private final java.util.Set<Long> stopping = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<Long> watched = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Traces traces;
    /** Each operation runs in the trace of the event that asked for it. */
    private final ExecutorService executor = Traces.carryingContext(Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "driver-ops");
        t.setDaemon(true);
        return t;
    }));

    DriverService(DriverLauncher launcher, AgentClient agent, DriverRegistry registry, SessionRepository sessions,
                  SessionPools pools, SessionLifecycle lifecycle, RuntimeCatalog runtimes,
                  SessionServiceProperties props, Clock clock, Traces traces) {
        this.traces = traces;
        this.pools = pools;
        this.launcher = launcher;
        this.agent = agent;
        this.registry = registry;
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.runtimes = runtimes;
        this.props = props;
        this.clock = clock;
    }

    /** Launches the driver for a STARTING session on {@code masterUrl}, asynchronously. */
    public void start(String sessionId, String masterUrl) {
        executor.execute(() -> {
            try (LogContext logs = LogContext.of(sessionId, null)) {
                traces.inSpan("start driver", Attributes.of(Traces.SESSION_ID, sessionId),
                        () -> startNow(sessionId, masterUrl));
            } catch (RuntimeException e) {
                log.error("driver start for session {} failed", sessionId, e);
                lifecycle.fail(sessionId, EndReason.DRIVER_LOST, "driver could not start: " + e.getMessage());
            }
        });
    }

    /** Stops the driver of an ENDING session and ends it, asynchronously. */
    public void stop(String sessionId) {
        executor.execute(() -> {
            try (LogContext logs = LogContext.of(sessionId, null)) {
                traces.inSpan("stop driver", Attributes.of(Traces.SESSION_ID, sessionId), () -> stopNow(sessionId));
            } catch (RuntimeException e) {
                log.error("driver stop for session {} failed", sessionId, e);
                lifecycle.fail(sessionId, EndReason.DRIVER_LOST, "driver did not stop cleanly: " + e.getMessage());
            }
        });
    }

    /** Stops the driver on a cluster that failed, without another lifecycle change. */
    public void discard(String clusterId) {
        executor.execute(() -> registry.running(clusterId).ifPresent(this::stopProcess));
    }

    /**
     * Starts the driver of a pre-warmed pool cluster ahead of any session (no static conf), asynchronously.
     * If it fails, the cluster stays WARM without one and its first session launches a new driver.
     */
    public void prewarm(String clusterId, String masterUrl, String runtimeVersion, io.kindling.events.ClusterSize size) {
        executor.execute(() -> {
            try {
                SparkRuntime runtime = runtimes.find(runtimeVersion).orElseThrow(() -> new IllegalStateException(
                        "runtime " + runtimeVersion + " is not installed"));
                DriverHandle driver = launcher.launch(new DriverSpec(clusterId, "", runtime, masterUrl, size,
                        java.util.Map.of(), true, null));
                registry.record(driver, "", null);
                watch(driver);
                String failure = awaitReady(driver, clock.instant());
                if (failure != null) {
                    log.warn("pre-warmed driver of cluster {} did not start: {}", clusterId, failure);
                    stopProcess(driver);
                }
            } catch (RuntimeException e) {
                log.error("pre-warming the driver of cluster {} failed", clusterId, e);
            }
        });
    }

    private void startNow(String sessionId, String masterUrl) {
        Session session = sessions.find(sessionId).orElseThrow();
        // a warm cluster's driver, or a pre-warmed one that may still be starting: wait for it rather than
        // launch a second. Its environment (./environment on every executor, from spark.archives) is fixed for
        // its life, so it serves only a session with the same one; otherwise the cluster stays and gets a new
        // driver (Spark 4 unpacks archives added later per session, not as ./environment).
        String environment = session.environment().hash();
        boolean sameEnvironment = java.util.Objects.equals(registry.environment(session.clusterId()), environment);
        Optional<DriverHandle> warm = registry.running(session.clusterId()).filter(d -> sameEnvironment)
                .filter(launcher::isAlive).filter(d -> awaitReady(d, clock.instant()) == null);
        if (warm.isPresent()) {
            registry.reassign(session.clusterId(), sessionId);
            agent.openSession(warm.get(), sessionId, SparkConfScope.sessionPart(session.conf()), session.kind());
            becomeIdle(sessionId, "warm start: driver of cluster " + session.clusterId() + " reused");
            return;
        }
        String restart = registry.running(session.clusterId()).isPresent() && !sameEnvironment
                ? "; the cluster's previous driver had another conda environment and was replaced" : "";
        registry.running(session.clusterId()).ifPresent(this::stopProcess);
        Optional<String> refused = launcher.refusal(masterUrl);
        if (refused.isPresent()) {
            lifecycle.fail(sessionId, EndReason.CLUSTER_FAILED, refused.get());
            return;
        }
        SparkRuntime runtime = runtimes.find(session.runtimeVersion()).orElseThrow(() -> new IllegalStateException(
                "runtime " + session.runtimeVersion() + " is not installed"));
        Instant since = clock.instant();
        Optional<PoolPlacement> pool = pools.find(sessionId);
        Map<String, String> conf = confOn(pool, session);
        DriverHandle driver = launcher.launch(new DriverSpec(session.clusterId(), sessionId, runtime, masterUrl,
                session.size(), conf, false, session.environment().archiveUri(), pool.map(PoolPlacement::name)
                .orElse(null), pool.map(PoolPlacement::jars).orElse(List.of())));
        registry.record(driver, sessionId, environment);
        watch(driver);
        String failure = awaitReady(driver, since);
        if (failure != null) {
            stopProcess(driver);
            lifecycle.fail(sessionId, EndReason.DRIVER_LOST, failure);
            return;
        }
        agent.openSession(driver, sessionId, SparkConfScope.sessionPart(conf), session.kind());
        int executors = agent.health(driver).path("executors").asInt();
        becomeIdle(sessionId, "driver ready on cluster " + session.clusterId() + " with " + executors + " executors"
                + (environment == null ? "" : " and conda environment " + environment) + restart);
    }

    /** The session's conf under its pool's: every application on a pool gets the pool's conf, which wins. */
    private static Map<String, String> confOn(Optional<PoolPlacement> pool, Session session) {
        Map<String, String> conf = new LinkedHashMap<>(session.conf());
        pool.ifPresent(p -> conf.putAll(p.conf()));
        return conf;
    }

    private void becomeIdle(String sessionId, String reason) {
        boolean idle = lifecycle.transition(sessionId, SessionState.IDLE, reason, UnaryOperator.identity()).isPresent();
        if (!idle) {
            // a stop arrived while the driver was starting: finish it now
            stopNow(sessionId);
        }
    }

    /** Polls the agent until ready; returns null when ready, else what went wrong. */
    private String awaitReady(DriverHandle driver, Instant since) {
        Instant deadline = since.plus(props.driverReadyTimeout());
        while (clock.instant().isBefore(deadline)) {
            if (!launcher.isAlive(driver)) {
                return "driver process exited during start; log tail:\n" + launcher.logTail(driver, 15);
            }
            try {
                JsonNode health = agent.health(driver);
                String state = health.path("state").asString("");
                if (state.equals("ready")) {
                    return null;
                }
                if (state.equals("failed")) {
                    return "driver failed to start: " + health.path("message").asString("");
                }
            } catch (AgentClient.AgentException notListeningYet) {
                // the JVM is still starting
            }
            sleep(250);
        }
        return "driver not ready after " + props.driverReadyTimeout().toSeconds() + "s (waiting since " + since + ")";
    }

    /**
     * Closes the session on its driver and ends it. The driver itself stays with its cluster, which goes
     * WARM for the next session of the same owner; it stops when the cluster is torn down. A driver that
     * does not answer is stopped now, and so is one on an attached pool, whose place is not kept.
     */
    private void stopNow(String sessionId) {
        Session session = sessions.find(sessionId).orElseThrow();
        boolean onPool = pools.find(sessionId).isPresent();
        registry.running(session.clusterId()).ifPresent(driver -> {
            try {
                agent.closeSession(driver, sessionId);
                if (onPool) {
                    stopProcess(driver);
                }
            } catch (AgentClient.AgentException e) {
                log.warn("driver of session {} did not close the session, stopping it: {}", sessionId,
                        e.getMessage());
                stopProcess(driver);
            }
        });
        EndReason reason = session.endReason() == null ? EndReason.STOPPED_BY_USER : session.endReason();
        lifecycle.end(sessionId, reason, session.message() == null ? "stopped" : session.message());
    }

    private void stopProcess(DriverHandle driver) {
        stopping.add(driver.pid());
        launcher.stop(driver, props.driverStopTimeout());
        registry.stopped(driver.clusterId());
    }

    /** A driver that exits when nobody stopped it fails its session with DRIVER_LOST at once. */
    public void watch(DriverHandle driver) {
        if (!watched.add(driver.pid())) {
            return;
        }
        ProcessHandle.of(driver.pid()).ifPresentOrElse(
                p -> p.onExit().thenRunAsync(() -> lost(driver), executor),
                () -> executor.execute(() -> lost(driver)));
    }

    private void lost(DriverHandle driver) {
        watched.remove(driver.pid());
        if (stopping.remove(driver.pid()) || registry.running(driver.clusterId()).isEmpty()) {
            return;
        }
        registry.stopped(driver.clusterId());
        sessions.byCluster(driver.clusterId()).stream()
                .filter(s -> s.state() == SessionState.STARTING || s.state().acceptsStatements())
                .forEach(s -> {
                    String message = "the driver (pid " + driver.pid() + ") exited unexpectedly; log tail:\n"
                            + launcher.logTail(driver, 10);
                    log.warn("session {}: {}", s.id(), message);
                    lifecycle.fail(s.id(), EndReason.DRIVER_LOST, message);
                });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops every driver this process started (the agents also exit on their own when it dies). */
    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
