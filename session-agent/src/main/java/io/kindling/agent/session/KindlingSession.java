package io.kindling.agent.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindling.agent.statement.Statement;
import io.kindling.agent.statement.StatementKind;
import io.kindling.agent.statement.StatementOutput;
import io.kindling.agent.statement.StatementRunner;
import io.kindling.agent.statement.StatementState;
import io.kindling.agent.statement.StatementView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * One Kindling session on the cluster: its own {@code SparkSession} (temp views and SQL conf of
 * its own, the SparkContext shared) and its statements, run one at a time in submission order on
 * a thread of its own. Each statement's Spark jobs run in a job group of their own, so a cancel
 * touches that statement only.
 */
public final class KindlingSession {

    private static final Logger LOG = LoggerFactory.getLogger(KindlingSession.class);
    private static final int DESCRIPTION_LENGTH = 120;

    private static final int CLOSE_TIMEOUT_SECONDS = 30;

    private final String id;
    private final SparkSession spark;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final ExecutorService thread;
    private final List<Statement> statements = new ArrayList<>();
    /** Touched only on the session thread. */
    private final Map<String, StatementRunner> runners = new HashMap<>();
    /** The runner of the statement running now, for a cancel to interrupt. */
    private volatile StatementRunner running;

    private final boolean resetOnClose;
    private final Optional<PersistentCatalog> catalog;

    KindlingSession(String id, SparkSession spark, Clock clock, ObjectMapper mapper, boolean resetOnClose,
                    Optional<PersistentCatalog> catalog) {
        this.resetOnClose = resetOnClose;
        this.catalog = catalog;
        this.id = id;
        this.spark = spark;
        this.clock = clock;
        this.mapper = mapper;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kindling-session-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    public String id() {
        return id;
    }

    /**
     * Queues a statement of {@code kind}; it runs after the session's earlier statements.
     *
     * @return the statement as queued ({@code waiting}), before it can start
     */
    public synchronized StatementView submit(StatementKind kind, String code) {
        int number = statements.size();
        Statement statement = new Statement(number, kind.name(), code, "kindling-" + id + "-" + number);
        statements.add(statement);
        StatementView queued = statement.view(0.0);
        thread.execute(() -> run(statement, kind));
        return queued;
    }

    /**
     * Opens the session's runner of {@code kind} ahead of its first statement (a {@code pyspark} session's
     * interpreter starts while the session is already idle); queued on the session's thread like a statement, so a
     * statement sent meanwhile waits for it. A failure is logged: the first statement tries again and reports it.
     */
    public void prepare(StatementKind kind) {
        thread.execute(() -> {
            try {
                runner(kind).prepare();
            } catch (Exception e) {
                LOG.warn("session {}: preparing its {} runner failed: {}", id, kind.name(), e.toString());
            }
        });
    }

    /** Touched on the session thread only. */
    private StatementRunner runner(StatementKind kind) {
        return runners.computeIfAbsent(kind.name(), name -> kind.open(spark));
    }

    /** The statement with {@code number}, if any. */
    public synchronized Optional<Statement> statement(int number) {
        return number >= 0 && number < statements.size() ? Optional.of(statements.get(number)) : Optional.empty();
    }

    /** All statements, oldest first. */
    public synchronized List<Statement> statements() {
        return List.copyOf(statements);
    }

    /**
     * Cancels {@code statement}: at once if waiting; if running, through its Spark job group, and its interpreter
     * (if its kind has one) is interrupted too, for the code that runs outside Spark jobs.
     */
    public void cancel(Statement statement) {
        if (statement.requestCancel(clock.millis())) {
            spark.sparkContext().cancelJobGroupAndFutureJobs(statement.jobGroup(),
                    "statement " + statement.id() + " of session " + id + " cancelled");
            StatementRunner runner = running;
            if (runner != null) {
                runner.interrupt(statement.id()); // a no-op unless this statement is the one it runs
            }
        }
    }

    /** The Livy view of {@code statement}, with progress from its Spark jobs while it runs. */
    public StatementView view(Statement statement) {
        StatementState state = statement.state();
        boolean running = state == StatementState.RUNNING || state == StatementState.CANCELLING;
        return statement.view(running ? progress(statement.jobGroup()) : 0.0);
    }

    /**
     * Cancels every statement, then (after the running one has ended) drops the session's temp
     * views, which uncaches them, and closes its runners. Returns at once.
     */
    /**
     * Cancels the statements and cleans up, and returns once that is done (bounded), so a next session on
     * a warm cluster never overlaps this one's cleanup.
     */
    void close() {
        statements().forEach(this::cancel);
        java.util.concurrent.Future<?> cleaned = thread.submit(this::cleanUp);
        thread.shutdown();
        try {
            cleaned.get(CLOSE_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("session {} still cleaning up after {}s; going on", id, CLOSE_TIMEOUT_SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("session {} cleanup failed: {}", id, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Statement statement, StatementKind kind) {
        if (!statement.start(clock.millis())) {
            return;
        }
        SparkContext sc = spark.sparkContext();
        String code = statement.code();
        sc.setJobGroup(statement.jobGroup(), "session " + id + " statement " + statement.id() + ": "
                + code.substring(0, Math.min(code.length(), DESCRIPTION_LENGTH)), true);
        JsonNode output = null;
        try {
            StatementRunner runner = runner(kind);
            running = runner;
            if (statement.state() == StatementState.CANCELLING) {
                return; // cancelled while its runner was being opened (an interpreter starting): it never runs
            }
            output = StatementOutput.ok(mapper, statement.id(), runner.run(code, statement.id()));
            // a statement may have created, changed or dropped a table: the pool's catalog keeps up
            catalog.ifPresent(c -> c.save(spark));
        } catch (Exception | StackOverflowError | LinkageError e) {
            LOG.debug("statement {} of session {} failed", statement.id(), id, e);
            output = StatementOutput.error(mapper, statement.id(), e);
        } finally {
            running = null;
            sc.clearJobGroup();
            statement.finish(output == null ? StatementOutput.error(mapper, statement.id(),
                    new IllegalStateException("statement ended abnormally")) : output, clock.millis());
        }
    }

    private double progress(String jobGroup) {
        SparkStatusTracker tracker = spark.sparkContext().statusTracker();
        long done = 0;
        long total = 0;
        for (int jobId : tracker.getJobIdsForGroup(jobGroup)) {
            Option<SparkJobInfo> job = tracker.getJobInfo(jobId);
            if (job.isEmpty()) {
                continue;
            }
            for (int stageId : job.get().stageIds()) {
                Option<SparkStageInfo> stage = tracker.getStageInfo(stageId);
                if (stage.isDefined()) {
                    done += stage.get().numCompletedTasks();
                    total += stage.get().numTasks();
                }
            }
        }
        return total == 0 ? 0.0 : (double) done / total;
    }

    private void cleanUp() {
        try {
            if (!spark.sparkContext().isStopped()) {
                for (Table table : spark.catalog().listTables().collectAsList()) {
                    if (table.isTemporary()) {
                        spark.catalog().dropTempView(table.name());
                    }
                }
            }
        } catch (Exception e) {
            LOG.warn("could not drop the temp views of session {}: {}", id, e.toString());
        }
        if (resetOnClose && !spark.sparkContext().isStopped()) {
            try {
                SharedStateReset.reset(spark);
            } catch (Exception e) {
                LOG.warn("could not reset the shared state after session {}: {}", id, e.toString());
            }
        }
        runners.values().forEach(StatementRunner::close);
        runners.clear();
        LOG.info("session {} closed", id);
    }
}
