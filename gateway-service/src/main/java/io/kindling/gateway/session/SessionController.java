package io.kindling.gateway.session;

import io.kindling.gateway.GatewayProperties;
import io.kindling.gateway.cluster.Timeline;
import io.kindling.gateway.internal.InternalServices;
import io.kindling.kit.problem.ApiProblem;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkRuntime;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/v1/sessions}: create, read, list and stop interactive sessions. */
@RestController
@RequestMapping("/api/v1/sessions")
class SessionController {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final SessionRequests requests;
    private final SessionOwnership ownership;
    private final SessionServiceClient sessionService;
    private final RuntimeCatalog runtimes;
    private final SessionRequestParser parser;
    private final InternalServices internal;
    private final JsonMapper json;

    SessionController(SessionRequests requests, SessionOwnership ownership, SessionServiceClient sessionService,
                      RuntimeCatalog runtimes, GatewayProperties props, InternalServices internal, JsonMapper json,
                      CondaSpecCheck condaCheck) {
        this.internal = internal;
        this.json = json;
        this.requests = requests;
        this.ownership = ownership;
        this.sessionService = sessionService;
        this.runtimes = runtimes;
        this.parser = new SessionRequestParser(props.limits(), props.defaultTimeoutMinutes(), condaCheck::check);
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body,
            @RequestHeader(name = Caller.HEADER, required = false) String user,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        String owner = Caller.of(user);
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ApiProblem.badRequest("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1-128 letters, digits, "
                    + "'_', '.', ':' or '-'");
        }
        List<String> installed = runtimes.installed().stream().map(SparkRuntime::version).toList();
        SessionSpec spec = parser.parse(body, installed, runtimes.defaultVersion());
        AcceptedSession session = requests.accept(owner, spec, Optional.ofNullable(idempotencyKey));
        return ResponseEntity.accepted().location(URI.create("/api/v1/sessions/" + session.id()))
                .body(SessionView.requested(session));
    }

    @GetMapping("/{id}")
    ResponseEntity<?> get(@PathVariable String id, @RequestHeader(name = Caller.HEADER, required = false) String user) {
        AcceptedSession accepted = ownership.accepted(id, Caller.of(user));
        return ResponseEntity.ok(sessionService.session(id).<Object>map(n -> n)
                .orElseGet(() -> SessionView.requested(accepted)));
    }

    /** Every state change of the session and its cluster, and their deadlines, in order. */
    @GetMapping("/{id}/timeline")
    Map<String, Object> timeline(@PathVariable String id,
                                 @RequestHeader(name = Caller.HEADER, required = false) String user) {
        AcceptedSession accepted = ownership.accepted(id, Caller.of(user));
        JsonNode session = sessionService.session(id).orElseGet(() -> json.valueToTree(SessionView.requested(accepted)));
        String clusterId = session.path("clusterId").isString() ? session.get("clusterId").asString() : null;
        JsonNode cluster = clusterId == null ? null
                : internal.clusters().find("/internal/clusters/" + clusterId).orElse(null);
        JsonNode sessionDeadlines = internal.deadlines().find("/internal/deadlines?subject=" + id).orElse(null);
        JsonNode clusterDeadlines = clusterId == null ? null
                : internal.deadlines().find("/internal/deadlines?subject=" + clusterId).orElse(null);
        return Timeline.of(session, cluster, sessionDeadlines, clusterDeadlines);
    }

    @GetMapping
    Map<String, Object> list(@RequestHeader(name = Caller.HEADER, required = false) String user) {
        String owner = Caller.of(user);
        JsonNode known = sessionService.sessions(owner);
        List<Object> sessions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode s : known.get("sessions")) {
            sessions.add(s);
            seen.add(s.get("id").asString());
        }
        for (AcceptedSession accepted : requests.list(owner)) {
            if (!seen.contains(accepted.id())) {
                sessions.add(SessionView.requested(accepted));
            }
        }
        return Map.of("total", sessions.size(), "sessions", sessions);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<?> stop(@PathVariable String id, @RequestHeader(name = Caller.HEADER, required = false) String user) {
        String owner = Caller.of(user);
        AcceptedSession accepted = ownership.accepted(id, owner);
        requests.requestStop(id, owner);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(sessionService.session(id).<Object>map(n -> n)
                .orElseGet(() -> SessionView.requested(accepted)));
    }
}
