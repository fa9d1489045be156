package io.kindling.gateway.session;

import java.time.Instant;

/** A session request the gateway accepted and published. */
record AcceptedSession(String id, String owner, SessionSpec spec, Instant createdAt) {
}
