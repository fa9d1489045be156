package io.kindling.session.statement;

import java.time.Instant;

/**
 * A statement of a session. {@code output} is Livy's output object as JSON text, or {@code null} while it runs.
 */
public record Statement(String sessionId, int id, String kind, String code, StatementState state, String output,
                        double progress, Instant submittedAt, Instant startedAt, Instant completedAt) {
}
