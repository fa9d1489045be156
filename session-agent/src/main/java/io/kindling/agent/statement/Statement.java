package io.kindling.agent.statement;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One statement of a session: its code, state and output. Thread-safe: the session's thread
 * runs it while HTTP threads read, wait for and cancel it.
 */
public final class Statement {

    private final int id;
    private final String kind;
    private final String code;
    private final String jobGroup;
    private final CountDownLatch finished = new CountDownLatch(1);
    private StatementState state = StatementState.WAITING;
    private long started;
    private long completed;
    private JsonNode output;

    /**
     * @param jobGroup the Spark job group its jobs run in (unique per statement)
     */
    public Statement(int id, String kind, String code, String jobGroup) {
        this.id = id;
        this.kind = kind;
        this.code = code;
        this.jobGroup = jobGroup;
    }

    public int id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String jobGroup() {
        return jobGroup;
    }

    public synchronized StatementState state() {
        return state;
    }

    /** Moves WAITING to RUNNING; false if it was cancelled while waiting. */
    public synchronized boolean start(long nowMillis) {
        if (!state.canMoveTo(StatementState.RUNNING)) {
            return false;
        }
        state = StatementState.RUNNING;
        started = nowMillis;
        return true;
    }

    /**
     * Records a cancel request. A waiting statement is cancelled at once; a running one moves to
     * CANCELLING.
     *
     * @return true if the statement is running and its job group must be cancelled
     */
    public synchronized boolean requestCancel(long nowMillis) {
        if (state == StatementState.WAITING) {
            state = StatementState.CANCELLED;
            completed = nowMillis;
            finished.countDown();
            return false;
        }
        if (state == StatementState.RUNNING) {
            state = StatementState.CANCELLING;
            return true;
        }
        return false;
    }

    /**
     * Ends a running statement with {@code result}. If a cancel was requested meanwhile the
     * statement ends CANCELLED without output, whatever the result.
     */
    public synchronized void finish(JsonNode result, long nowMillis) {
        if (state == StatementState.RUNNING) {
            state = StatementState.AVAILABLE;
            output = result;
        } else if (state == StatementState.CANCELLING) {
            state = StatementState.CANCELLED;
        } else {
            return;
        }
        completed = nowMillis;
        finished.countDown();
    }

    /** Waits up to {@code timeout} for the statement to finish; true if it has. */
    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The Livy view of this statement with the given running progress. */
    public synchronized StatementView view(double runningProgress) {
        double progress = switch (state) {
            case WAITING -> 0.0;
            case RUNNING, CANCELLING -> runningProgress;
            case AVAILABLE, CANCELLED -> 1.0;
        };
        return new StatementView(id, code, state.wireName(), started, completed, progress, output);
    }
}
