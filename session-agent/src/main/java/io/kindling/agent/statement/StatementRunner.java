package io.kindling.agent.statement;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Runs statements of one kind for one session, one at a time, on the session's thread. */
public interface StatementRunner extends AutoCloseable {

    /**
     * Runs {@code code} and returns the Livy {@code data} object (MIME type to value, e.g.
     * {@code application/json} and {@code text/plain}).
     *
     * @throws Exception whatever the code failed with; it becomes an {@code error} output
     */
    ObjectNode run(String code, int executionCount) throws Exception;

    /**
     * Gets ready for the first statement ahead of it (an interpreter starts), on the session's thread; nothing by
     * default.
     *
     * @throws Exception what stopped it; the first statement then tries again and reports it
     */
    default void prepare() throws Exception {
    }

    /**
     * Interrupts statement {@code executionCount} if it is the one running now, from another thread, after its
     * Spark job group has been cancelled (an interpreter stops the code that runs outside Spark jobs); never the
     * statement after it, even when that one starts meanwhile. Nothing by default.
     */
    default void interrupt(int executionCount) {
    }

    /** Releases per-session state; nothing by default. */
    @Override
    default void close() {
    }
}
