package io.kindling.conda.environment;

import io.kindling.conda.CondaProperties;
import io.kindling.conda.build.Archiver;
import io.kindling.conda.build.BuildConfinement;
import io.kindling.conda.build.BuildFailedException;
import io.kindling.conda.build.BuildLog;
import io.kindling.conda.build.BuildPlan;
import io.kindling.conda.build.BuildPlanner;
import io.kindling.conda.build.BuildStep;
import io.kindling.conda.build.EnvironmentBuilder;
import io.kindling.conda.confinement.BuildConfinements;
import io.kindling.conda.spec.CondaSpecParser;
import io.kindling.conda.spec.RuntimeComponents;
import io.kindling.conda.store.ArchiveStore;
import io.kindling.kit.environment.RuntimeEnvironments;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs builds, at most {@code kindling.conda.max-concurrent-builds} at a time, each within the install limit
 * counted from when it started. A build that fails leaves nothing on disk but its log. Builds left unfinished by
 * a restart are taken up again when the service is back (their limit still counts from their first start).
 */
@Component
public class BuildWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BuildWorker.class);

    private final EnvironmentRepository repository;
    private final EnvironmentLifecycle lifecycle;
    private final EnvironmentBuilder builder;
    private final BuildConfinements confinements;
    private final Archiver archiver;
    private final ArchiveStore store;
    private final RuntimeCatalog runtimes;
    private final RuntimeEnvironments environments;
    private final CondaProperties props;
    private final Clock clock;
    private final ExecutorService executor;

    BuildWorker(EnvironmentRepository repository, EnvironmentLifecycle lifecycle, EnvironmentBuilder builder,
                BuildConfinements confinements, Archiver archiver, ArchiveStore store, RuntimeCatalog runtimes, RuntimeEnvironments environments,
                CondaProperties props, Clock clock) {
        this.repository = repository;
        this.lifecycle = lifecycle;
        this.builder = builder;
        this.confinements = confinements;
        this.archiver = archiver;
        this.store = store;
        this.runtimes = runtimes;
        this.environments = environments;
        this.props = props;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(props.maxConcurrentBuilds(), r -> {
            Thread t = new Thread(r, "environment-build");
            t.setDaemon(true);
            return t;
        });
    }

    public void submit(String buildId) {
        executor.execute(() -> {
            try {
                run(buildId);
            } catch (RuntimeException e) {
                log.error("build {} failed unexpectedly", buildId, e);
            }
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        repository.unfinished().forEach(b -> {
            log.info("build {} of environment {} was {} when conda-service stopped; taking it up again", b.id(),
                    b.specHash(), b.state());
            submit(b.id());
        });
    }

    private void run(String buildId) {
        EnvironmentBuild build = repository.find(buildId).orElseThrow();
        Path dir = props.workDir().resolve("builds").resolve(buildId);
        Path logFile = props.workDir().resolve("logs").resolve(buildId + ".log");
        // the build's user owns work/ (sandboxed), this service the rest: the archive it packs and the log
        Path work = dir.resolve("work");
        Path prefix = work.resolve("environment");
        Path archive = dir.resolve("environment.tar.gz");
        createDirectories(logFile.getParent());
        deleteRecursively(dir);
        createDirectories(dir);
        if (build.state() == EnvironmentState.REQUESTED) {
            build = lifecycle.transition(buildId, EnvironmentState.BUILDING, "building with the " + builder.name()
                    + " builder", EnvironmentLifecycle.loggingTo(logFile.toString())).orElse(null);
        } else if (build.state() == EnvironmentState.BUILDING) {
            BuildLog.append(logFile, "conda-service restarted; building again from the start");
        }
        if (build == null || build.state() != EnvironmentState.BUILDING) {
            return;
        }
        Instant deadline = build.startedAt().plus(props.installTimeout());
        List<String> refused = new ArrayList<>();
        try {
            String version = build.runtime();
            SparkRuntime runtime = runtimes.find(version).orElseThrow(
                    () -> new IllegalStateException("runtime " + version + " is no longer installed"));
            BuildPlan plan = plan(build, runtime);
            BuildLog.append(logFile, "environment " + build.specHash() + " for runtime " + build.runtime()
                    + "; install limit " + props.installTimeout() + " (until " + deadline + ")");
            plan.skipped().forEach(s -> BuildLog.append(logFile, "skipped " + s.entry() + " '" + s.requirement()
                    + "': " + s.satisfiedBy()));
            BuildStep steps = (step, at) -> repository.updatePending(buildId, step, at);
            try (BuildConfinement confinement = confinements.open(work, Stream.concat(Stream.of(runtime.home()),
                    props.venv().findLinks().stream().filter(f -> !f.contains("://")).map(Path::of)))) {
                try {
                    builder.build(plan, prefix, logFile, steps, deadline, confinement);
                    archiver.pack(prefix, archive, logFile, steps, deadline, confinement);
                } finally {
                    refused.addAll(confinement.refused());
                    refused.forEach(to -> BuildLog.append(logFile, "refused the build a connection to " + to
                            + ": not a package source this install allows"));
                }
            }
            deleteRecursively(work);
            long bytes = Files.size(archive);
            Duration took = Duration.between(build.startedAt(), clock.instant());
            String hash = build.specHash();
            lifecycle.transition(buildId, EnvironmentState.READY, "built in " + took.toMillis() + " ms; archive "
                    + bytes / 1024 + " KiB", locked -> EnvironmentLifecycle.packedAt(locked.cached()
                    ? store.put(hash, archive).toString() : archive.toUri().toString(), bytes).apply(locked));
            BuildLog.append(logFile, "ready in " + took.toMillis() + " ms");
        } catch (BuildFailedException e) {
            deleteRecursively(dir);
            if (Thread.currentThread().isInterrupted()) {
                // conda-service is stopping: the build stays BUILDING and is taken up again at the next start
                BuildLog.append(logFile, "stopped with conda-service: " + e.getMessage());
                return;
            }
            BuildFailedException failed = refused.isEmpty() ? e : new BuildFailedException(e.failure(),
                    e.getMessage() + " (the build was refused connections to " + String.join(", ", refused)
                            + ": not package sources this install allows)", e.pending(), e.pendingSince());
            BuildLog.append(logFile, "failed (" + failed.failure() + "): " + failed.getMessage());
            lifecycle.transition(buildId, EnvironmentState.FAILED, failed.getMessage(),
                    EnvironmentLifecycle.failedWith(failed.failure(), advice(failed, build.specHash()),
                            failed.pending(), failed.pendingSince()));
        } catch (IOException | RuntimeException e) {
            deleteRecursively(dir);
            BuildLog.append(logFile, "failed: " + e);
            lifecycle.transition(buildId, EnvironmentState.FAILED, String.valueOf(e.getMessage()),
                    EnvironmentLifecycle.failedWith(EnvironmentFailure.INSTALL_ERROR, "the environment could not be "
                            + "built: " + e.getMessage(), null, null));
        }
    }

    private BuildPlan plan(EnvironmentBuild build, SparkRuntime runtime) {
        RuntimeComponents components = environments.components(runtime);
        return BuildPlanner.plan(CondaSpecParser.parse(build.spec()), components,
                builder.baseManifest(runtime.python()), runtime.python());
    }

    /** What the user reads in the failed session: what happened and what to do. */
    private String advice(BuildFailedException e, String hash) {
        return switch (e.failure()) {
            case INSTALL_TIMEOUT -> "the conda environment did not install within the " + props.installTimeout()
                    .toString().substring(2).toLowerCase() + " limit: it was still " + e.pending() + " (since "
                    + e.pendingSince() + ") and was stopped, nothing left behind. Pin fewer or lighter packages, "
                    + "use ones available as wheels, or set spark.hadoop.aml.enable_cache=true so a successful "
                    + "build is reused";
            case INSTALL_ERROR -> "the conda environment could not be installed: " + e.getMessage()
                    + "; the installer's output is in GET /api/v1/environments/" + hash + "/log";
            case INVALID_SPEC -> e.getMessage();
        };
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        // interrupting a build kills its process tree (ProcessRunner)
        executor.shutdownNow();
        executor.awaitTermination(15, TimeUnit.SECONDS);
    }
}
