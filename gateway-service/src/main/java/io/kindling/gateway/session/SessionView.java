package io.kindling.gateway.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API shape of a session the gateway accepted but session-service has not picked up yet. */
final class SessionView {

    private SessionView() {
    }

    static Map<String, Object> requested(AcceptedSession s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("name", s.spec().name());
        view.put("owner", s.owner());
        view.put("kind", s.spec().kind());
        view.put("state", "requested");
        view.put("runtimeVersion", s.spec().runtimeVersion());
        view.put("numExecutors", s.spec().size().numExecutors());
        view.put("executorCores", s.spec().size().executorCores());
        view.put("executorMemory", MemorySize.format(s.spec().size().executorMemoryMb()));
        view.put("driverCores", s.spec().size().driverCores());
        view.put("driverMemory", MemorySize.format(s.spec().size().driverMemoryMb()));
        view.put("timeoutMinutes", s.spec().timeoutMinutes());
        view.put("conf", s.spec().conf());
        view.put("conda", s.spec().conda());
        view.put("clusterId", null);
        view.put("createdAt", s.createdAt().toString());
        view.put("history", List.of(Map.of("state", "requested", "reason", "accepted by the gateway",
                "at", s.createdAt().toString())));
        return view;
    }
}
