package io.kindling.conda.environment;

import io.kindling.events.EnvironmentFailed;
import io.kindling.events.EnvironmentReady;
import io.kindling.kit.outbox.Outbox;
import io.kindling.kit.tx.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every state change of a build goes through here: checked against the lifecycle table, stored with a history
 * row and, when the build ends, answered to every session waiting on it (EnvironmentReady or EnvironmentFailed,
 * through the outbox) in the same transaction.
 */
@Component
public class EnvironmentLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentLifecycle.class);

    private final EnvironmentRepository repository;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    EnvironmentLifecycle(EnvironmentRepository repository, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.repository = repository;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    /** Moves build {@code id} to {@code next}; an illegal move is logged and not applied (empty result). */
    @Transactional
    public Optional<EnvironmentBuild> transition(String id, EnvironmentState next, String reason,
                                                 UnaryOperator<EnvironmentBuild> change) {
        if (next.isTerminal()) {
            // a request joining this build holds the same lock: it either joins before the answers go out, or
            // finds the build finished
            repository.find(id).ifPresent(b -> repository.lockHash(b.specHash()));
        }
        EnvironmentBuild current = repository.lock(id).orElse(null);
        if (current == null || !current.state().canMoveTo(next)) {
            log.warn("build {}: {} -> {} is not allowed; ignored ({})", id, current == null ? "unknown"
                    : current.state(), next, reason);
            return Optional.empty();
        }
        Instant now = clock.instant();
        EnvironmentBuild moved = change.apply(withState(current, next, now));
        repository.update(moved);
        repository.appendHistory(id, next, reason, now);
        if (next.isTerminal() && moved.startedAt() != null) {
            Timer build = Timer.builder("kindling.environment.build").description("Environment builds, start to end")
                    .tag("outcome", next.name().toLowerCase(java.util.Locale.ROOT)).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofMinutes(20))
                    .register(meters);
            Duration took = Duration.between(moved.startedAt(), now);
            AfterCommit.run(() -> build.record(took));
        }
        if (next == EnvironmentState.READY) {
            repository.waitingOn(id).forEach(u -> ready(u, moved, false));
        } else if (next == EnvironmentState.FAILED) {
            repository.waitingOn(id).forEach(u -> {
                counted("failed");
                repository.resolveUse(u.sessionId(), "FAILED", false, moved.message(), now);
                outbox.add(new EnvironmentFailed(u.sessionId(), 1, moved.specHash(), moved.failure().name(),
                        moved.message(), moved.pending(), moved.pendingSince(), now));
            });
        }
        return Optional.of(moved);
    }

    /** Answers one use with a READY build: EnvironmentReady for its session. */
    void ready(EnvironmentUse use, EnvironmentBuild build, boolean cacheHit) {
        Instant now = clock.instant();
        repository.resolveUse(use.sessionId(), "READY", cacheHit, null, now);
        counted(cacheHit ? "cache_hit" : "built");
        outbox.add(new EnvironmentReady(use.sessionId(), 1, build.specHash(), build.archiveUri(), cacheHit, now));
    }

    /** {@code kindling.environment.uses{result=cache_hit|built|failed}}: how sessions and jobs got environments. */
    private void counted(String result) {
        Counter counter = Counter.builder("kindling.environment.uses")
                .description("Environments answered to sessions and jobs: from the cache, built, or failed")
                .tag("result", result).register(meters);
        AfterCommit.run(counter::increment);
    }

    private static EnvironmentBuild withState(EnvironmentBuild b, EnvironmentState next, Instant at) {
        Instant started = next == EnvironmentState.BUILDING ? at : b.startedAt();
        Instant finished = next.isTerminal() ? at : b.finishedAt();
        return new EnvironmentBuild(b.id(), b.specHash(), b.attempt(), b.runtime(), b.builder(), b.spec(),
                b.normalizedSpec(), b.cached(), next, b.failure(), b.message(), b.pending(), b.pendingSince(),
                b.skippedJson(), b.archiveUri(), b.archiveBytes(), b.logPath(), b.requestedAt(), started, finished,
                b.version() + 1);
    }

    /** A build that failed: why, and the step it was on. */
    public static UnaryOperator<EnvironmentBuild> failedWith(EnvironmentFailure failure, String message,
                                                             String pending, Instant since) {
        return b -> new EnvironmentBuild(b.id(), b.specHash(), b.attempt(), b.runtime(), b.builder(), b.spec(),
                b.normalizedSpec(), b.cached(), b.state(), failure, message, pending, since, b.skippedJson(), null,
                null, b.logPath(), b.requestedAt(), b.startedAt(), b.finishedAt(), b.version());
    }

    /** A build that is packed: where its archive is. */
    public static UnaryOperator<EnvironmentBuild> packedAt(String uri, long bytes) {
        return b -> new EnvironmentBuild(b.id(), b.specHash(), b.attempt(), b.runtime(), b.builder(), b.spec(),
                b.normalizedSpec(), b.cached(), b.state(), null, null, null, null, b.skippedJson(), uri, bytes,
                b.logPath(), b.requestedAt(), b.startedAt(), b.finishedAt(), b.version());
    }

    /** A build with its log file. */
    public static UnaryOperator<EnvironmentBuild> loggingTo(String logPath) {
        return b -> new EnvironmentBuild(b.id(), b.specHash(), b.attempt(), b.runtime(), b.builder(), b.spec(),
                b.normalizedSpec(), b.cached(), b.state(), b.failure(), b.message(), b.pending(), b.pendingSince(),
                b.skippedJson(), b.archiveUri(), b.archiveBytes(), logPath, b.requestedAt(), b.startedAt(),
                b.finishedAt(), b.version());
    }
}
