package io.kindling.conda.environment;

import io.kindling.conda.build.BuildPlan;
import io.kindling.conda.build.BuildPlanner;
import io.kindling.conda.build.EnvironmentBuilder;
import io.kindling.conda.spec.CondaSpec;
import io.kindling.conda.spec.CondaSpecs;
import io.kindling.conda.spec.InvalidSpecException;
import io.kindling.conda.spec.RuntimeComponents;
import io.kindling.conda.store.ArchiveStore;
import io.kindling.events.EnvironmentFailed;
import io.kindling.events.JobAccepted;
import io.kindling.events.JobFailed;
import io.kindling.events.JobSucceeded;
import io.kindling.events.SessionEnded;
import io.kindling.events.SessionRequested;
import io.kindling.kit.environment.EnvironmentsUnavailableException;
import io.kindling.kit.environment.RuntimeEnvironments;
import io.kindling.kit.ids.SessionIds;
import io.kindling.kit.outbox.Outbox;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkRuntime;
import io.kindling.kit.tx.AfterCommit;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What conda-service does when a session or a batch job asks for an environment: a cache hit answers at once, an
 * equal build in progress is joined (single flight), otherwise a new build is queued. Runs in the inbox
 * transaction. Sessions and jobs are both "uses", named by their id (the gateway's session ids and job ids never
 * collide: session-service refuses a job id of the session form).
 */
@Component
public class EnvironmentRequests {

    /** The session conf flag that turns the cache on, as in Azure ML. */
    public static final String CACHE_FLAG = "spark.hadoop.aml.enable_cache";
    private static final Logger log = LoggerFactory.getLogger(EnvironmentRequests.class);

    private final EnvironmentRepository repository;
    private final EnvironmentLifecycle lifecycle;
    private final EnvironmentBuilder builder;
    private final ArchiveStore store;
    private final BuildWorker worker;
    private final RuntimeCatalog runtimes;
    private final RuntimeEnvironments environments;
    private final Outbox outbox;
    private final Clock clock;
    private final JsonMapper json;

    EnvironmentRequests(EnvironmentRepository repository, EnvironmentLifecycle lifecycle, EnvironmentBuilder builder,
                        ArchiveStore store, BuildWorker worker, RuntimeCatalog runtimes,
                        RuntimeEnvironments environments, Outbox outbox, Clock clock, JsonMapper json) {
        this.repository = repository;
        this.lifecycle = lifecycle;
        this.builder = builder;
        this.store = store;
        this.worker = worker;
        this.runtimes = runtimes;
        this.environments = environments;
        this.outbox = outbox;
        this.clock = clock;
        this.json = json;
    }

    /** What a session or job asks for: its id, its owner, its runtime, the conda spec and whether to cache it. */
    record Request(String id, String owner, String runtimeVersion, String conda, boolean cache) {
    }

    public void onSessionRequested(SessionRequested e) {
        request(new Request(e.sessionId(), e.owner(), e.runtimeVersion(), e.conda(),
                "true".equalsIgnoreCase(e.conf().getOrDefault(CACHE_FLAG, "").strip())));
    }

    public void onJobAccepted(JobAccepted e) {
        request(new Request(e.jobId(), e.owner(), e.runtimeVersion(), e.conda(), e.cacheEnvironment()));
    }

    void request(Request e) {
        if (e.conda() == null || repository.use(e.id()).isPresent()) {
            return;
        }
        Instant now = clock.instant();
        boolean cache = e.cache();
        Optional<SparkRuntime> runtime = runtimes.find(e.runtimeVersion());
        if (runtime.isEmpty()) {
            refuse(e, cache, null, "INVALID_SPEC", "runtime " + e.runtimeVersion() + " is not installed", now);
            return;
        }
        RuntimeComponents components;
        CondaSpec spec;
        try {
            components = environments.components(runtime.get());
            spec = CondaSpecs.validate(e.conda(), components, environments.policy());
        } catch (InvalidSpecException ex) {
            refuse(e, cache, null, "INVALID_SPEC", "the conda spec is invalid at " + ex.entry() + ": "
                    + ex.getMessage(), now);
            return;
        } catch (EnvironmentsUnavailableException ex) {
            refuse(e, cache, null, "INSTALL_ERROR", ex.getMessage(), now);
            return;
        }
        // built on the runtime's Python side: a new lock there is a new environment
        String hash = CondaSpecs.hash(spec, e.runtimeVersion(), components, environments.python().platform() + "/"
                + builder.name() + runtime.get().python().map(p -> "/" + new java.util.TreeMap<>(p.packages()))
                .orElse(""));
        repository.lockHash(hash);
        EnvironmentUse use = new EnvironmentUse(e.id(), e.owner(), hash, null, cache, null, "WAITING", null,
                now, null);
        if (cache) {
            Optional<EnvironmentBuild> cached = repository.cachedReady(hash).filter(b -> store.find(hash).isPresent());
            if (cached.isPresent()) {
                repository.insertUse(withBuild(use, cached.get().id()));
                lifecycle.ready(use, cached.get(), true);
                log.info("{}: environment {} from the cache", e.id(), hash);
                return;
            }
        }
        Optional<EnvironmentBuild> inFlight = repository.inFlight(hash);
        if (inFlight.isPresent()) {
            if (cache && !inFlight.get().cached()) {
                repository.markCached(inFlight.get().id());
            }
            repository.insertUse(withBuild(use, inFlight.get().id()));
            log.info("{}: joins build {} of environment {}", e.id(), inFlight.get().id(), hash);
            return;
        }
        BuildPlan plan = BuildPlanner.plan(spec, components, builder.baseManifest(runtime.get().python()),
                runtime.get().python());
        int attempt = repository.nextAttempt(hash);
        String buildId = "b-" + hash.substring(0, 16) + "-" + attempt;
        repository.insert(new EnvironmentBuild(buildId, hash, attempt, e.runtimeVersion(), builder.name(), e.conda(),
                spec.normalized(), cache, EnvironmentState.REQUESTED, null, null, null, null,
                json.writeValueAsString(plan.skipped()), null, null, null, now, null, null, 1));
        repository.appendHistory(buildId, EnvironmentState.REQUESTED, "requested by " + describe(e.id())
                + (cache ? " (cache on)" : " (cache off)"), now);
        repository.insertUse(withBuild(use, buildId));
        AfterCommit.run(() -> worker.submit(buildId));
    }

    public void onSessionEnded(SessionEnded e) {
        release(e.sessionId());
    }

    public void onJobSucceeded(JobSucceeded e) {
        release(e.jobId());
    }

    public void onJobFailed(JobFailed e) {
        release(e.jobId());
    }

    /**
     * A session or job that ended no longer needs its environment. An archive that is not in the cache is deleted
     * once nothing uses it (Spark has long fetched it).
     */
    void release(String id) {
        repository.use(id).filter(u -> !u.state().equals("RELEASED")).ifPresent(u -> {
            repository.resolveUse(u.sessionId(), "RELEASED", null, u.message(), clock.instant());
            if (u.buildId() == null) {
                return;
            }
            repository.find(u.buildId())
                    .filter(b -> b.state() == EnvironmentState.READY && !b.cached() && b.archiveUri() != null)
                    .filter(b -> repository.activeUses(b.id()) == 0)
                    .ifPresent(b -> AfterCommit.run(() -> deleteArchive(b)));
        });
    }

    private void deleteArchive(EnvironmentBuild b) {
        try {
            Path archive = Path.of(URI.create(b.archiveUri()));
            Files.deleteIfExists(archive);
            Files.deleteIfExists(archive.getParent());
        } catch (IOException | RuntimeException ex) {
            log.warn("could not delete the archive of build {}: {}", b.id(), ex.getMessage());
        }
    }

    private void refuse(Request e, boolean cache, String hash, String reason, String message, Instant now) {
        repository.insertUse(new EnvironmentUse(e.id(), e.owner(), hash, null, cache, null, "FAILED", message,
                now, now));
        outbox.add(new EnvironmentFailed(e.id(), 1, hash, reason, message, null, null, now));
    }

    private static String describe(String id) {
        return (SessionIds.isSessionId(id) ? "session " : "job ") + id;
    }

    private static EnvironmentUse withBuild(EnvironmentUse u, String buildId) {
        return new EnvironmentUse(u.sessionId(), u.owner(), u.specHash(), buildId, u.cacheRequested(), u.cacheHit(),
                u.state(), u.message(), u.requestedAt(), u.resolvedAt());
    }
}
