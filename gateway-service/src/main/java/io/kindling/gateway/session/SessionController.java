package io.kindling.gateway.session;

import io.kindling.gateway.auth.Caller;
import io.kindling.gateway.pool.AttachedPool;
import io.kindling.gateway.pool.Pools;
import io.kindling.gateway.runtime.RuntimeNotices;
import io.kindling.gateway.GatewayProperties;
import io.kindling.gateway.IdempotencyKey;
import io.kindling.gateway.cluster.Timelines;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/v1/sessions}: create, read, list and stop interactive sessions. */
@RestController
@RequestMapping("/api/v1/sessions")
class SessionController {

    private final SessionRequests requests;
    private final SessionOwnership ownership;
    private final SessionServiceClient sessionService;
    private final RuntimeCatalog runtimes;
    private final SessionRequestParser parser;
    private final Timelines timelines;
    private final JsonMapper json;
    private final Pools pools;
    private final RuntimeNotices notices;

    SessionController(SessionRequests requests, SessionOwnership ownership, SessionServiceClient sessionService,
                      RuntimeCatalog runtimes, GatewayProperties props, Timelines timelines, JsonMapper json,
                      CondaSpecCheck condaCheck, Pools pools, RuntimeNotices notices) {
        this.pools = pools;
        this.notices = notices;
        this.timelines = timelines;
        this.json = json;
        this.requests = requests;
        this.ownership = ownership;
        this.sessionService = sessionService;
        this.runtimes = runtimes;
        this.parser = new SessionRequestParser(props.limits(), props.defaultTimeoutMinutes(), condaCheck::check);
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body,
            Caller caller,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey) {
        String owner = caller.user();
        Optional<String> key = IdempotencyKey.of(idempotencyKey);
        List<SparkRuntime> all = runtimes.installed();
        List<String> installed = all.stream().map(SparkRuntime::version).toList();
        List<String> python = all.stream().filter(SparkRuntime::runsPython).map(SparkRuntime::version).toList();
        SessionSpec spec = parser.parse(body, installed, python, runtimes.defaultVersion());
        if (spec.compute() != null) {
            spec = onPool(spec, body, caller);
        } else {
            // an attached pool runs what its owners installed; serverless Spark runs only supported runtimes
            notices.refuseRetired(spec.runtimeVersion(), "runtimeVersion");
        }
        AcceptedSession session = requests.accept(owner, caller.workspace(), spec, key);
        Map<String, Object> view = SessionView.requested(session);
        String runtime = spec.compute() == null ? spec.runtimeVersion() : null;
        notices.notice(runtime).ifPresent(n -> view.put("runtimeSupport", n));
        return ResponseEntity.accepted().location(URI.create("/api/v1/sessions/" + session.id()))
                .headers(notices.headers(runtime)).body(view);
    }

    @GetMapping("/{id}")
    ResponseEntity<?> get(@PathVariable String id, Caller caller) {
        AcceptedSession accepted = ownership.accepted(id, caller.user());
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        sessionService.session(id).ifPresentOrElse(n -> n.properties().forEach(e -> view.put(e.getKey(), e.getValue())),
                () -> view.putAll(SessionView.requested(accepted)));
        if (accepted.spec().compute() == null) {
            notices.notice(accepted.spec().runtimeVersion()).ifPresent(n -> view.put("runtimeSupport", n));
        }
        return ResponseEntity.ok(view);
    }

    /** Every state change of the session and its cluster, and their deadlines, in order. */
    @GetMapping("/{id}/timeline")
    Map<String, Object> timeline(@PathVariable String id,
                                 Caller caller) {
        AcceptedSession accepted = ownership.accepted(id, caller.user());
        return timelines.session(sessionService.session(id)
                .orElseGet(() -> json.valueToTree(SessionView.requested(accepted))));
    }

    /** A session on an attached pool of the caller's workspace runs on the pool's runtime. */
    private SessionSpec onPool(SessionSpec spec, JsonNode body, Caller caller) {
        AttachedPool pool = pools.attached(spec.compute(), caller.workspace()).orElseThrow(() ->
                ApiProblem.badRequest("COMPUTE_NOT_FOUND", "compute '" + spec.compute() + "' names no attached pool "
                        + "of workspace '" + caller.workspace() + "'").with("field", "compute"));
        if (body.hasNonNull("runtimeVersion") && !spec.runtimeVersion().equals(pool.runtimeVersion())) {
            throw ApiProblem.badRequest("INVALID_FIELD", "pool '" + pool.name() + "' runs runtime "
                    + pool.runtimeVersion() + " (Spark " + pool.sparkVersion() + "), not " + spec.runtimeVersion())
                    .with("field", "runtimeVersion");
        }
        return spec.onRuntime(pool.runtimeVersion());
    }

    /** The caller's sessions, or with {@code scope=workspace} (admins) every session asked for in the workspace. */
    @GetMapping
    Map<String, Object> list(Caller caller, @RequestParam(required = false) String scope) {
        boolean workspace = caller.wantsWorkspace(scope);
        List<AcceptedSession> accepted = workspace ? requests.inWorkspace(caller.workspace())
                : requests.list(caller.user());
        Set<String> owners = new java.util.TreeSet<>();
        accepted.forEach(a -> owners.add(a.owner()));
        owners.add(caller.user());
        Set<String> asked = new HashSet<>();
        accepted.forEach(a -> asked.add(a.id()));
        List<Object> sessions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String owner : owners) {
            for (JsonNode s : sessionService.sessions(owner).get("sessions")) {
                // the caller's own are all theirs; another owner's count only if asked for in this workspace
                if (!workspace && owner.equals(caller.user()) || asked.contains(s.get("id").asString())) {
                    sessions.add(s);
                    seen.add(s.get("id").asString());
                }
            }
        }
        for (AcceptedSession a : accepted) {
            if (!seen.contains(a.id())) {
                sessions.add(SessionView.requested(a));
            }
        }
        return Map.of("total", sessions.size(), "sessions", sessions);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<?> stop(@PathVariable String id, Caller caller) {
        String owner = caller.user();
        AcceptedSession accepted = ownership.accepted(id, owner);
        requests.requestStop(id, owner);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(sessionService.session(id).<Object>map(n -> n)
                .orElseGet(() -> SessionView.requested(accepted)));
    }
}
