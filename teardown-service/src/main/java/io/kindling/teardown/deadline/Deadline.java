package io.kindling.teardown.deadline;

import java.time.Instant;

/**
 * A persisted timer. Its id derives from kind, subject and generation, so the same event scheduling it
 * twice makes one row.
 *
 * @param subject    the session or cluster id
 * @param generation  the subject's generation it was scheduled for (its idle or released version)
 * @param scheduledBy the W3C traceparent of the work that scheduled it (its firing links to that trace), or null
 */
public record Deadline(String id, DeadlineKind kind, String subject, long generation, DeadlineState state,
                       Instant dueAt, Instant firedAt, Instant cancelledAt, Instant createdAt, String scheduledBy) {

    public static Deadline schedule(DeadlineKind kind, String subject, long generation, Instant dueAt, Instant now,
                                    String scheduledBy) {
        return new Deadline(kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + subject + ":" + generation, kind,
                subject, generation, DeadlineState.SCHEDULED, dueAt, null, null, now, scheduledBy);
    }
}
