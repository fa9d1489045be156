package io.kindling.gateway.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One ordered list of everything that happened to a session and its cluster: state changes with their
 * reasons, and the deadlines that were scheduled, cancelled or fired for them.
 */
public final class Timeline {

    private Timeline() {
    }

    /** Merges a session, its cluster (or {@code null}) and their deadline lists. */
    public static Map<String, Object> of(JsonNode session, JsonNode cluster, JsonNode sessionDeadlines,
                                         JsonNode clusterDeadlines) {
        List<Map<String, Object>> events = new ArrayList<>();
        session.path("history").forEach(h -> events.add(entry(h.get("at").asString(), "session",
                h.get("state").asString(), h.get("reason").asString())));
        if (cluster != null) {
            cluster.path("history").forEach(h -> events.add(entry(h.get("at").asString(), "cluster",
                    h.get("state").asString(), h.get("reason").asString())));
        }
        deadlineEvents(sessionDeadlines, "session timeout", events);
        deadlineEvents(clusterDeadlines, "cluster teardown", events);
        events.sort(Comparator.comparing(e -> (String) e.get("at")));
        Map<String, Object> timeline = new LinkedHashMap<>();
        timeline.put("sessionId", session.get("id").asString());
        timeline.put("clusterId", cluster == null ? null : cluster.get("id").asString());
        timeline.put("state", session.get("state").asString());
        timeline.put("timeoutDueAt", pendingDue(sessionDeadlines));
        timeline.put("clusterState", cluster == null ? null : cluster.get("state").asString());
        timeline.put("teardownDueAt", pendingDue(clusterDeadlines));
        timeline.put("events", events);
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

    private static Map<String, Object> entry(String at, String source, String state, String reason) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at", at);
        e.put("source", source);
        e.put("state", state);
        e.put("reason", reason);
        return e;
    }
}
