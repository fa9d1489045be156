package io.kindling.gateway.cluster;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One ordered list of everything that happened to a session or a job and its cluster: state changes with their
 * reasons, and the deadlines that were scheduled, cancelled or fired for them.
 */
public final class Timeline {

    private Timeline() {
    }

    /** Merges a session, its cluster (or {@code null}) and their deadline lists. */
    public static Map<String, Object> ofSession(JsonNode session, JsonNode cluster, JsonNode sessionDeadlines,
                                                JsonNode clusterDeadlines) {
        Map<String, Object> timeline = new LinkedHashMap<>();
        timeline.put("sessionId", session.get("id").asString());
        timeline.put("clusterId", cluster == null ? null : cluster.get("id").asString());
        timeline.put("state", session.get("state").asString());
        timeline.put("timeoutDueAt", pendingDue(sessionDeadlines));
        timeline.put("clusterState", cluster == null ? null : cluster.get("state").asString());
        timeline.put("teardownDueAt", pendingDue(clusterDeadlines));
        timeline.put("events", events("session", session, sessionDeadlines, "session timeout", cluster,
                clusterDeadlines));
        return timeline;
    }

    /** Merges a batch job, the cluster it ran on (or {@code null}) and that cluster's deadlines. */
    public static Map<String, Object> ofJob(JsonNode job, JsonNode cluster, JsonNode clusterDeadlines) {
        Map<String, Object> timeline = new LinkedHashMap<>();
        timeline.put("jobId", job.get("id").asString());
        timeline.put("clusterId", cluster == null ? null : cluster.get("id").asString());
        timeline.put("state", job.get("state").asString());
        timeline.put("clusterState", cluster == null ? null : cluster.get("state").asString());
        timeline.put("teardownDueAt", pendingDue(clusterDeadlines));
        timeline.put("events", events("job", job, null, null, cluster, clusterDeadlines));
        return timeline;
    }

    /** The due time of the deadline still scheduled, if any. */
    public static String pendingDue(JsonNode deadlines) {
        if (deadlines == null) {
            return null;
        }
        for (JsonNode d : deadlines.path("deadlines")) {
            if (d.get("state").asString().equals("scheduled")) {
                return d.get("dueAt").asString();
            }
        }
        return null;
    }

    private static List<Map<String, Object>> events(String source, JsonNode subject, JsonNode subjectDeadlines,
                                                    String subjectDeadline, JsonNode cluster,
                                                    JsonNode clusterDeadlines) {
        List<Map<String, Object>> events = new ArrayList<>();
        history(subject, source, events);
        if (cluster != null) {
            history(cluster, "cluster", events);
        }
        deadlineEvents(subjectDeadlines, subjectDeadline, events);
        deadlineEvents(clusterDeadlines, "cluster teardown", events);
        events.sort(Comparator.comparing(e -> instant((String) e.get("at"))));
        return events;
    }

    private static void history(JsonNode aggregate, String source, List<Map<String, Object>> events) {
        aggregate.path("history").forEach(h -> events.add(entry(h.get("at").asString(), source,
                h.get("state").asString(), text(h.get("reason")))));
    }

    private static void deadlineEvents(JsonNode deadlines, String what, List<Map<String, Object>> events) {
        if (deadlines == null) {
            return;
        }
        for (JsonNode d : deadlines.path("deadlines")) {
            String due = d.get("dueAt").asString();
            events.add(entry(d.get("createdAt").asString(), "deadline", "scheduled", what + " due at " + due));
            if (!d.path("firedAt").isNull() && !d.path("firedAt").isMissingNode()) {
                events.add(entry(d.get("firedAt").asString(), "deadline", "fired", what + " (due at " + due + ")"));
            }
            if (!d.path("cancelledAt").isNull() && !d.path("cancelledAt").isMissingNode()) {
                events.add(entry(d.get("cancelledAt").asString(), "deadline", "cancelled",
                        what + " due at " + due + " is stale"));
            }
        }
    }

    /** Compared as instants: as text, {@code 09:00:00Z} sorts after {@code 09:00:00.5Z}. */
    private static Instant instant(String at) {
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(at).toInstant();
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    private static Map<String, Object> entry(String at, String source, String state, String reason) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at", at);
        e.put("source", source);
        e.put("state", state);
        e.put("reason", reason);
        return e;
    }
}
