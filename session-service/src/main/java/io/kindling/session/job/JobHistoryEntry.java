package io.kindling.session.job;

import java.time.Instant;

/** One state change (or note) of a job: where it went, why, and when. */
public record JobHistoryEntry(JobState state, String reason, Instant at) {
}
