package io.kindling.agent.statement;

import org.apache.spark.sql.SparkSession;

/**
 * A language statements can be written in ({@code sql}; later {@code scala}). Adding a kind is
 * one new implementation registered in {@link StatementKinds}.
 */
public interface StatementKind {

    /** The {@code kind} value clients send, lower case. */
    String name();

    /**
     * Opens a runner for one Kindling session. Called on the session's thread the first time the
     * session runs a statement of this kind; per-session state (an interpreter) lives in it.
     */
    StatementRunner open(SparkSession session);
}
