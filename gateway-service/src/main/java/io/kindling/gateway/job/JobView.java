package io.kindling.gateway.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API shape of a job the gateway accepted but session-service has not picked up yet: the fields of
 * session-service's view, state {@code queued}.
 */
final class JobView {

    static final String QUEUED = "queued";
    /** States a job never leaves. */
    static final List<String> FINISHED = List.of("succeeded", "failed", "killed");

    private JobView() {
    }

    static Map<String, Object> queued(AcceptedJob job) {
        String at = job.createdAt().toString();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("name", job.name());
        view.put("displayName", job.displayName());
        view.put("experimentName", job.experimentName());
        view.put("description", job.description());
        view.put("tags", job.tags());
        view.put("owner", job.owner());
        view.put("state", QUEUED);
        view.put("runtimeVersion", job.runtimeVersion());
        view.put("instanceType", job.instanceType());
        view.put("compute", job.compute());
        view.put("clusterId", null);
        view.put("sparkAppId", null);
        view.put("failureReason", null);
        view.put("exitReason", null);
        view.put("createdAt", at);
        view.put("updatedAt", at);
        view.put("history", List.of(Map.of("state", QUEUED, "reason", "accepted by the gateway", "at", at)));
        return view;
    }
}
