package io.kindling.agent.driver;

import io.kindling.agent.AgentConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.spark.SparkBuildInfo;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the cluster's one SparkContext: starts it in the background, waits (bounded) for the
 * expected executors, reports {@link Health}, and ends the process when it fails or is told to
 * stop.
 */
public final class SparkDriver {

    /** Exit code after a failed start or a lost SparkContext. */
    public static final int EXIT_FAILED = 2;
    private static final Logger LOG = LoggerFactory.getLogger(SparkDriver.class);
    private static final DateTimeFormatter HHMMSS =
            DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration POLL = Duration.ofMillis(100);

    private final AgentConfig config;
    private final Clock clock;
    private final IntConsumer exit;
    private final Instant since;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "kindling-driver-timer"));
    private volatile SparkSession root;
    private volatile boolean stopping;
    private AgentState state = AgentState.STARTING;
    private String message;

    /**
     * @param exit ends the process with the given code ({@code System::exit} in production)
     */
    public SparkDriver(AgentConfig config, Clock clock, IntConsumer exit) {
        this.config = config;
        this.clock = clock;
        this.exit = exit;
        this.since = clock.instant();
    }

    /** Starts the SparkContext on a background thread; the ready timeout runs from construction. */
    public void startAsync() {
        timer.schedule(this::checkDeadline, config.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        daemon(this::start, "kindling-spark-start").start();
    }

    private void start() {
        try {
            SparkConf conf = new SparkConf();
            config.sparkConf().forEach(conf::set);
            SparkSession session = SparkSession.builder().config(conf).getOrCreate();
            root = session;
            LOG.info("SparkContext {} started; waiting for {} executor(s)",
                    session.sparkContext().applicationId(), config.expectedExecutors());
            while (state() == AgentState.STARTING) {
                if (executors() >= config.expectedExecutors()) {
                    if (config.warmUp()) {
                        warmUp(session);
                    }
                    moveTo(AgentState.READY, null);
                    LOG.info("ready with {} executor(s) after {} ms", executors(),
                            Duration.between(since, clock.instant()).toMillis());
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) { // Scala code may throw checked exceptions undeclared
            LOG.error("SparkContext failed to start", e);
            fail("SparkContext failed to start: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (started " + HHMMSS.format(since) + ")");
        }
    }

    private void checkDeadline() {
        if (state() == AgentState.STARTING) {
            fail(pending(" after " + config.readyTimeout().toSeconds() + "s"));
        }
    }

    /** What a starting agent waits for: "1 of 2 executors registered after 120s (waiting since 12:03:10Z)". */
    private String pending(String after) {
        String what = root == null
                ? "SparkContext not started"
                : executors() + " of " + config.expectedExecutors() + " executors registered";
        return what + after + " (waiting since " + HHMMSS.format(since) + ")";
    }

    /**
     * Marks the agent failed and ends the process after the configured delay, so the launcher
     * can still read the reason from {@code /health}. A failure while stopping is ignored.
     */
    public void fail(String reason) {
        if (stopping || !moveTo(AgentState.FAILED, reason)) {
            return;
        }
        LOG.error("agent failed: {}; exiting in {}", reason, config.failureExitDelay());
        timer.schedule(() -> exit.accept(EXIT_FAILED), config.failureExitDelay().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops Spark and ends the process with exit code 0, on a thread of its own. */
    public void shutdown(String reason) {
        stopping = true;
        LOG.info("shutting down: {}", reason);
        daemon(() -> {
            stopSpark();
            exit.accept(0);
        }, "kindling-shutdown").start();
    }

    /** Stops the SparkContext if one runs (idempotent; used by the JVM shutdown hook too). */
    public void stopSpark() {
        stopping = true;
        SparkSession session = root;
        if (session != null && !session.sparkContext().isStopped()) {
            session.stop();
        }
    }

    /** Whether a stop was requested (shutdown, parent exit or SIGTERM). */
    public boolean stopping() {
        return stopping;
    }

    /**
     * For a driver that waits in a pre-warmed pool: pays the first session's lazy initialisation and the
     * first job's code generation and task launch now, so the first real session does not.
     */
    private static void warmUp(SparkSession root) {
        long start = System.nanoTime();
        SparkSession throwaway = root.newSession();
        throwaway.sql("SELECT 1").collect();
        throwaway.range(0, 1000, 1, 2).selectExpr("sum(id)").collect();
        LOG.info("warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** The root session once the agent is ready; sessions are derived from it. */
    public Optional<SparkSession> readySession() {
        return state() == AgentState.READY ? Optional.ofNullable(root) : Optional.empty();
    }

    /** The SparkContext, once it exists. */
    public Optional<SparkContext> sparkContext() {
        SparkSession session = root;
        return session == null ? Optional.empty() : Optional.of(session.sparkContext());
    }

    /** A snapshot for {@code GET /health}. */
    public Health health() {
        SparkSession session = root;
        synchronized (this) {
            return new Health(state.wireName(), executors(),
                    session == null ? null : session.sparkContext().applicationId(),
                    SparkBuildInfo.spark_version(), state == AgentState.STARTING ? pending("") : message);
        }
    }

    /** The current state. */
    public synchronized AgentState state() {
        return state;
    }

    private synchronized boolean moveTo(AgentState next, String why) {
        if (!state.canMoveTo(next)) {
            return false;
        }
        state = next;
        message = why;
        return true;
    }

    /** Registered executors, the driver not counted; 0 without a running SparkContext. */
    private int executors() {
        SparkSession session = root;
        if (session == null || session.sparkContext().isStopped()) {
            return 0;
        }
        return Math.max(0, session.sparkContext().statusTracker().getExecutorInfos().length - 1);
    }

    static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
