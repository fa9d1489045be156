package io.kindling.events;

import java.time.Instant;
import java.util.Map;

/**
 * A user asked for an interactive session; published by the gateway once the request is valid.
 *
 * @param conf  Spark conf the user passed (never secrets)
 * @param conda   the conda environment YAML the session runs with, or {@code null} for none (optional, added later)
 * @param compute the attached pool the session runs on, or {@code null} for serverless (optional, added later)
 */
public record SessionRequested(String sessionId, long generation, String owner, String name, String kind,
                               String runtimeVersion, ClusterSize size, int timeoutMinutes,
                               Map<String, String> conf, Instant requestedAt, String conda, String compute)
        implements DomainEvent {

    public static final String TYPE = "kindling.session.requested.v1";

    /** A serverless session. */
    public SessionRequested(String sessionId, long generation, String owner, String name, String kind,
                            String runtimeVersion, ClusterSize size, int timeoutMinutes, Map<String, String> conf,
                            Instant requestedAt, String conda) {
        this(sessionId, generation, owner, name, kind, runtimeVersion, size, timeoutMinutes, conf, requestedAt, conda,
                null);
    }

    @Override
    public String aggregateId() {
        return sessionId;
    }

    @Override
    public Instant occurredAt() {
        return requestedAt;
    }
}
