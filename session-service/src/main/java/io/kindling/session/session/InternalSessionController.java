package io.kindling.session.session;

import io.kindling.kit.problem.ApiProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Internal reads for the gateway. */
@RestController
@RequestMapping("/internal/sessions")
class InternalSessionController {

    private final SessionRepository sessions;

    InternalSessionController(SessionRepository sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        Session s = sessions.find(id).orElseThrow(() -> ApiProblem.notFound("SESSION_NOT_FOUND",
                "no session '" + id + "'").with("sessionId", id));
        return view(s);
    }

    @GetMapping
    Map<String, Object> list(@RequestParam String owner) {
        return Map.of("sessions", sessions.byOwner(owner).stream().map(this::view).toList());
    }

    private Map<String, Object> view(Session s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("name", s.name());
        view.put("owner", s.owner());
        view.put("kind", s.kind());
        view.put("state", s.state().apiName());
        view.put("runtimeVersion", s.runtimeVersion());
        view.put("numExecutors", s.size().numExecutors());
        view.put("executorCores", s.size().executorCores());
        view.put("executorMemory", mem(s.size().executorMemoryMb()));
        view.put("driverCores", s.size().driverCores());
        view.put("driverMemory", mem(s.size().driverMemoryMb()));
        view.put("timeoutMinutes", s.timeoutMinutes());
        view.put("conf", s.conf());
        view.put("clusterId", s.clusterId());
        s.environment().apiView().ifPresent(environment -> view.put("environment", environment));
        view.put("createdAt", s.createdAt().toString());
        view.put("endReason", s.endReason() == null ? null : s.endReason().name());
        view.put("message", s.message());
        List<Map<String, Object>> history = sessions.history(s.id()).stream().map(h -> Map.<String, Object>of(
                "state", h.state().apiName(), "reason", h.reason(), "at", h.at().toString())).toList();
        view.put("history", history);
        return view;
    }

    private static String mem(long mb) {
        return mb % 1024 == 0 ? (mb / 1024) + "g" : mb + "m";
    }
}
