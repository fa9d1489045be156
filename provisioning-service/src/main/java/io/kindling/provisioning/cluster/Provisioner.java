package io.kindling.provisioning.cluster;

import io.kindling.events.ClusterSize;
import io.kindling.events.JobAccepted;
import io.kindling.events.SessionRequested;
import io.kindling.kit.resilience.DatabaseRetry;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkConfScope;
import io.kindling.kit.runtime.SparkRuntime;
import io.kindling.kit.tracing.Traces;
import io.kindling.kit.tx.AfterCommit;
import io.kindling.provisioning.backend.ClusterBackend;
import io.kindling.provisioning.backend.ClusterInfo;
import io.kindling.provisioning.backend.ClusterSpec;
import io.kindling.provisioning.backend.ProvisioningException;
import io.kindling.provisioning.pool.PoolPlacements;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Provisions and tears down clusters through the {@link ClusterBackend}, off the consumer thread. The
 * cluster row is written first, so a redelivered request finds it and starts nothing twice.
 */
@Service
public class Provisioner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
    private static final AttributeKey<String> BACKEND = AttributeKey.stringKey("kindling.backend");

    private final ClusterBackend backend;
    private final ClusterWatch watch;
    private final ClusterLifecycle lifecycle;
    private final ClusterRepository clusters;
    private final RuntimeCatalog runtimes;
    private final PoolPlacements pools;
    private final Clock clock;
    private final Traces traces;
    private final DatabaseRetry retry = new DatabaseRetry(Duration.ofMinutes(10));
    /**
     * Clusters this process records and starts itself (at its start, too: the pool refill and the consumers run
     * before it is ready), so that taking up interrupted ones never starts one of them a second time.
     */
    private final Set<String> startedHere = ConcurrentHashMap.newKeySet();
    /** Each operation runs in the trace of the event that asked for it. */
    private final ExecutorService executor = Traces.carryingContext(Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cluster-ops");
        t.setDaemon(true);
        return t;
    }));

    Provisioner(ClusterBackend backend, ClusterWatch watch, ClusterLifecycle lifecycle, ClusterRepository clusters,
                RuntimeCatalog runtimes, PoolPlacements pools, Clock clock, Traces traces) {
        this.traces = traces;
        this.pools = pools;
        this.backend = backend;
        this.watch = watch;
        this.lifecycle = lifecycle;
        this.clusters = clusters;
        this.runtimes = runtimes;
        this.clock = clock;
    }

    /**
     * In the inbox transaction: records the session's cluster and starts it after commit; a session on an attached
     * pool is placed there instead.
     */
    void onSessionRequested(SessionRequested e) {
        if (e.compute() != null) {
            pools.place(e.sessionId(), "session", e.compute());
            return;
        }
        reserve(e.sessionId(), "session", e.owner(), e.runtimeVersion(), e.size(),
                SparkConfScope.staticFingerprint(e.conf()), false);
    }

    /**
     * In the inbox transaction: a job runs its driver on its cluster (cluster deploy mode), so its cluster has one
     * more worker, and only a job's warm cluster of the same size is reused for it. A job for an attached pool is
     * placed there instead.
     */
    void onJobAccepted(JobAccepted e) {
        if (e.compute() != null) {
            pools.place(e.jobId(), "job", e.compute());
            return;
        }
        reserve(e.jobId(), "job", e.owner(), e.runtimeVersion(), e.size(), "", true);
    }

    /** Reserves a warm cluster of the same kind for {@code forId}, or records a new one and starts it. */
    private void reserve(String forId, String kind, String owner, String runtimeVersion, ClusterSize size,
                         String staticConf, boolean driverWorker) {
        Optional<Cluster> warm = clusters.claimWarm(owner, runtimeVersion, size, staticConf, driverWorker);
        if (warm.isPresent() && lifecycle.transition(warm.get().id(), ClusterState.RESERVED,
                (warm.get().pooled() ? "pre-warmed start for " : "warm start for ") + kind + " " + forId,
                c -> c.withSession(forId, owner)).isPresent()) {
            return;
        }
        Cluster cluster = newCluster(forId, owner, staticConf, runtimeVersion, size, driverWorker);
        Optional<SparkRuntime> runtime = runtimes.find(runtimeVersion);
        Optional<Cluster> created = lifecycle.create(cluster, "provisioning for " + kind + " " + forId);
        if (created.isEmpty()) {
            return;
        }
        startedHere.add(cluster.id());
        if (runtime.isEmpty()) {
            lifecycle.transition(cluster.id(), ClusterState.FAILED, "RUNTIME_NOT_INSTALLED",
                    c -> c.withMessage("runtime " + runtimeVersion + " is not installed on this host"));
            return;
        }
        ClusterSpec spec = new ClusterSpec(cluster.id(), runtime.get(), size, driverWorker);
        AfterCommit.run(() -> executor.execute(() -> provision(spec)));
    }

    private Cluster newCluster(String forId, String owner, String staticConf, String runtimeVersion, ClusterSize size,
                               boolean driverWorker) {
        return new Cluster(Cluster.idFor(forId, 1), forId, owner, staticConf, runtimeVersion, size, driverWorker,
                backend.name(), ClusterState.PROVISIONING, null, false, null, clock.instant(), clock.instant(), 1);
    }

    /**
     * After a restart (a crash, a kill, a deploy): clusters left PROVISIONING have nobody starting them, and their
     * processes went with the old process (they are {@code Supervised}). Each is started again under the same id, so
     * its session still gets exactly one cluster, or torn down if its session ended meanwhile.
     */
    @EventListener(ApplicationReadyEvent.class)
    void resumeInterrupted() {
        clusters.all().stream()
                .filter(c -> c.state() == ClusterState.PROVISIONING && backend.name().equals(c.backend()))
                .filter(c -> startedHere.add(c.id()))
                .forEach(this::resume);
    }

    private void resume(Cluster cluster) {
        if (cluster.releaseRequested()) {
            lifecycle.transition(cluster.id(), ClusterState.TEARING_DOWN, "its session ended while provisioning-service"
                    + " was down", UnaryOperator.identity()).ifPresent(c -> executor.execute(() -> tearDown(c.id())));
            return;
        }
        Optional<SparkRuntime> runtime = runtimes.find(cluster.runtimeVersion());
        if (runtime.isEmpty()) {
            lifecycle.transition(cluster.id(), ClusterState.FAILED, "RUNTIME_NOT_INSTALLED",
                    c -> c.withMessage("runtime " + cluster.runtimeVersion() + " is not installed on this host"));
            return;
        }
        log.warn("cluster {} was provisioning when provisioning-service stopped; starting it again", cluster.id());
        ClusterSpec spec = new ClusterSpec(cluster.id(), runtime.get(), cluster.size(), cluster.driverWorker());
        executor.execute(() -> provision(spec));
    }

    /** In a transaction: records a pre-warmed pool cluster and starts it after commit. */
    void startPoolCluster(String runtimeVersion, ClusterSize size) {
        Optional<SparkRuntime> runtime = runtimes.find(runtimeVersion);
        if (runtime.isEmpty()) {
            log.warn("pre-warm pool for runtime {} skipped: it is not installed", runtimeVersion);
            return;
        }
        byte[] random = new byte[8];
        new java.security.SecureRandom().nextBytes(random);
        Cluster cluster = new Cluster(Cluster.poolId(java.util.HexFormat.of().formatHex(random)), "", "", "",
                runtimeVersion, size, false, backend.name(), ClusterState.PROVISIONING, null, false, null, clock.instant(),
                clock.instant(), 1);
        startedHere.add(cluster.id());
        lifecycle.create(cluster, "pre-warming for the pool of " + size.numExecutors() + " x " + size.executorCores()
                + " cores x " + size.executorMemoryMb() + " MiB");
        ClusterSpec spec = new ClusterSpec(cluster.id(), runtime.get(), size);
        AfterCommit.run(() -> executor.execute(() -> provision(spec)));
    }

    /**
     * Starts the cluster; once its master accepts applications it is RESERVED and ClusterProvisioned goes
     * out, so the driver starts while the workers register. Workers that do not all register in time fail
     * the cluster (ClusterFailed), which fails its session.
     */
    private void provision(ClusterSpec spec) {
        traces.inSpan("provision cluster", Attributes.of(Traces.CLUSTER_ID, spec.clusterId(), BACKEND, backend.name()),
                () -> provisionNow(spec));
    }

    private void provisionNow(ClusterSpec spec) {
        ClusterInfo info;
        try {
            info = backend.start(spec);
        } catch (RuntimeException e) {
            fail(spec.clusterId(), e);
            return;
        }
        // the cluster runs now: a database outage from here on is waited out, not left as a cluster for ever
        // PROVISIONING with its processes up (each step is one read or one transaction)
        String what = "provisioning of cluster " + spec.clusterId();
        Cluster cluster = retry.whileUnavailable(what, () -> clusters.find(spec.clusterId()).orElseThrow());
        if (cluster.releaseRequested()) {
            retry.whileUnavailable(what, () -> lifecycle.transition(cluster.id(), ClusterState.TEARING_DOWN,
                    "its session ended during provisioning", c -> c.withInfo(info))).ifPresent(c -> tearDown(c.id()));
            return;
        }
        boolean placed = retry.whileUnavailable(what, () -> cluster.pooled()
                ? lifecycle.transition(cluster.id(), ClusterState.WARM, "pre-warmed at " + info.masterUrl()
                        + "; waiting for a session", c -> c.withInfo(info)).isPresent()
                : lifecycle.transition(cluster.id(), ClusterState.RESERVED, "master up for session "
                        + cluster.sessionId() + " at " + info.masterUrl() + "; " + spec.size().numExecutors()
                        + " workers registering", c -> c.withInfo(info)).isPresent());
        if (!placed) {
            backend.destroy(info);
            return;
        }
        try {
            backend.awaitWorkers(spec, info);
        } catch (RuntimeException e) {
            backend.destroy(info);
            fail(spec.clusterId(), e);
            return;
        }
        retry.whileUnavailable(what, () -> watch.watch(clusters.find(spec.clusterId()).orElseThrow()));
    }

    private void fail(String clusterId, RuntimeException e) {
        String reason = e instanceof ProvisioningException p ? p.reason() : "LAUNCH_FAILED";
        log.warn("cluster {} failed: {}", clusterId, e.getMessage());
        retry.whileUnavailable("failing cluster " + clusterId, () -> lifecycle.transition(clusterId,
                ClusterState.FAILED, reason, c -> c.withMessage(String.valueOf(e.getMessage()))));
    }

    /** In a transaction: starts tearing a cluster down, processes stopped after commit. */
    public void startTearDown(Cluster cluster, String reason) {
        if (cluster.state() == ClusterState.PROVISIONING) {
            lifecycle.change(cluster.id(), Cluster::withReleaseRequested);
            return;
        }
        lifecycle.transition(cluster.id(), ClusterState.TEARING_DOWN, reason, UnaryOperator.identity())
                .ifPresent(c -> AfterCommit.run(() -> executor.execute(() -> tearDown(c.id()))));
    }

    private void tearDown(String clusterId) {
        traces.inSpan("tear down cluster", Attributes.of(Traces.CLUSTER_ID, clusterId), () -> tearDownNow(clusterId));
    }

    private void tearDownNow(String clusterId) {
        Cluster cluster = clusters.find(clusterId).orElseThrow();
        try {
            if (cluster.info() != null) {
                backend.destroy(cluster.info());
            }
            lifecycle.transition(clusterId, ClusterState.TORN_DOWN, "every process stopped", UnaryOperator.identity());
        } catch (RuntimeException e) {
            log.error("teardown of cluster {} failed", clusterId, e);
            lifecycle.transition(clusterId, ClusterState.FAILED, "TEARDOWN_FAILED",
                    c -> c.withMessage(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
