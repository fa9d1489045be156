package io.kindling.gateway.cluster;

import io.kindling.gateway.internal.InternalServices;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads what a {@link Timeline} merges: the cluster a session or job names in {@code clusterId} and the deadlines
 * of both, over internal HTTP.
 */
@Component
public class Timelines {

    private final InternalServices services;

    Timelines(InternalServices services) {
        this.services = services;
    }

    /** The timeline of a session view, with its inactivity deadlines. */
    public Map<String, Object> session(JsonNode session) {
        String clusterId = clusterId(session);
        JsonNode sessionDeadlines = deadlines(session.get("id").asString());
        return Timeline.ofSession(session, cluster(clusterId), sessionDeadlines,
                clusterId == null ? null : deadlines(clusterId));
    }

    /** The timeline of a job view. */
    public Map<String, Object> job(JsonNode job) {
        String clusterId = clusterId(job);
        return Timeline.ofJob(job, cluster(clusterId), clusterId == null ? null : deadlines(clusterId));
    }

    private JsonNode cluster(String clusterId) {
        return clusterId == null ? null : services.clusters().find("/internal/clusters/" + clusterId).orElse(null);
    }

    private JsonNode deadlines(String subject) {
        return services.deadlines().find("/internal/deadlines?subject=" + subject).orElse(null);
    }

    private static String clusterId(JsonNode view) {
        return view.path("clusterId").isString() ? view.get("clusterId").asString() : null;
    }
}
