package io.kindling.session.session;

import java.time.Instant;

/** One state change of a session: where it went, why, and when. */
public record HistoryEntry(SessionState state, String reason, Instant at) {
}
