package io.kindling.gateway.pool;

import io.kindling.events.PoolAttached;
import io.kindling.events.PoolDetached;
import io.kindling.gateway.auth.Caller;
import io.kindling.gateway.internal.InternalServices;
import io.kindling.gateway.workspace.Fields;
import io.kindling.gateway.workspace.WorkspaceRegistry;
import io.kindling.job.spec.HostPaths;
import io.kindling.job.spec.InvalidJobSpecException;
import io.kindling.job.spec.SparkConfPolicy;
import io.kindling.kit.job.JobsProperties;
import io.kindling.kit.outbox.Outbox;
import io.kindling.kit.problem.ApiProblem;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkConfScope;
import io.kindling.kit.runtime.SparkRuntime;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/pools}: Spark standalone clusters the organisation runs, attached by a workspace admin so that
 * sessions and jobs naming them ({@code compute}) run there. Attaching checks that the master answers; Kindling
 * never provisions or tears a pool down; detaching refuses while sessions or jobs run there, unless forced.
 */
@RestController
class PoolController {

    private static final Set<String> FIELDS = Set.of("name", "masterUrl", "restUrl", "webUiUrl", "identity", "conf",
            "jars");

    private final Pools pools;
    private final PoolProbe probe;
    private final PoolAddresses addresses;
    private final WorkspaceRegistry registry;
    private final RuntimeCatalog runtimes;
    private final InternalServices services;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final HostPaths hostPaths;

    PoolController(Pools pools, PoolProbe probe, PoolAddresses addresses, WorkspaceRegistry registry,
                   RuntimeCatalog runtimes, InternalServices services, Outbox outbox, TransactionTemplate tx,
                   Clock clock, JobsProperties jobs) {
        this.hostPaths = jobs.allowedHostPaths();
        this.pools = pools;
        this.probe = probe;
        this.addresses = addresses;
        this.registry = registry;
        this.runtimes = runtimes;
        this.services = services;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    @PostMapping("/api/v1/pools")
    ResponseEntity<Map<String, Object>> attach(@RequestBody JsonNode body, Caller caller) {
        caller.requireAdmin();
        Fields request = Fields.of(body, FIELDS);
        String name = request.required("name", AttachedPool.NAME);
        URI master = uri(request.required("masterUrl", null), "masterUrl", "spark");
        URI rest = uri(request.required("restUrl", null), "restUrl", "http");
        String ui = request.optional("webUiUrl");
        if (ui != null) {
            uri(ui, "webUiUrl", "http");
        }
        Map<String, String> conf = conf(body.get("conf"));
        List<String> jars = jars(body.get("jars"), hostPaths);
        String[] identity = identity(body.get("identity"), caller.workspace());
        addresses.check(master, "masterUrl");
        addresses.check(rest, "restUrl");
        if (ui != null) {
            addresses.check(URI.create(ui), "webUiUrl");
        }
        String sparkVersion = probe.sparkVersion(master, rest);
        SparkRuntime runtime = runtimes.installed().stream().filter(r -> r.sparkVersion().equals(sparkVersion))
                .findFirst().orElseThrow(() -> ApiProblem.badRequest("POOL_VERSION_UNSUPPORTED", "the pool runs "
                        + "Spark " + sparkVersion + "; this install's runtimes run " + runtimes.installed().stream()
                        .map(SparkRuntime::sparkVersion).toList()).with("field", "masterUrl"));
        Instant now = clock.instant();
        AttachedPool pool = new AttachedPool(name, caller.workspace(), master.toString(), rest.toString(), ui,
                sparkVersion, runtime.version(), identity[0], identity[1], identity[2], conf, jars, true, 1,
                caller.user(), now, null);
        AttachedPool stored = tx.execute(status -> {
            if (!pools.attach(pool)) {
                throw ApiProblem.conflict("POOL_EXISTS", "pool '" + name + "' is attached already").with("pool", name);
            }
            AttachedPool saved = pools.find(name).orElseThrow();
            outbox.add(new PoolAttached(name, saved.generation(), saved.workspace(), saved.masterUrl(),
                    saved.restUrl(), saved.webUiUrl(), sparkVersion, runtime.version(), saved.identityType(),
                    saved.identityClientId(), conf, jars, caller.user(), now));
            return saved;
        });
        return ResponseEntity.created(URI.create("/api/v1/pools/" + name)).body(view(stored, null));
    }

    @GetMapping("/api/v1/pools")
    Map<String, Object> list(Caller caller) {
        return Map.of("pools", pools.inWorkspace(caller.workspace()).stream().map(p -> view(p, null)).toList());
    }

    @GetMapping("/api/v1/pools/{name}")
    Map<String, Object> get(@PathVariable String name, Caller caller) {
        AttachedPool pool = pools.attached(name, caller.workspace()).orElseThrow(() -> notFound(name));
        List<JsonNode> uses = uses(name);
        if (caller.admin()) {
            return view(pool, uses);
        }
        // a member sees how busy the pool is, not which of the others' sessions and jobs run there
        Map<String, Object> view = new LinkedHashMap<>(view(pool, null));
        view.put("useCount", uses.size());
        return view;
    }

    /**
     * Detaches a pool. While sessions or jobs run there it answers 409 with them, unless {@code force=true}: then
     * they are ended. The pool itself is left running.
     */
    @DeleteMapping("/api/v1/pools/{name}")
    Map<String, Object> detach(@PathVariable String name, @RequestParam(defaultValue = "false") boolean force,
                               Caller caller) {
        caller.requireAdmin();
        pools.attached(name, caller.workspace()).orElseThrow(() -> notFound(name));
        List<JsonNode> uses = uses(name);
        if (!uses.isEmpty() && !force) {
            throw ApiProblem.conflict("POOL_IN_USE", "pool '" + name + "' runs " + uses.size() + " session(s) or "
                    + "job(s); end them first, or detach with force=true to end them").with("uses", uses);
        }
        AttachedPool detached = tx.execute(status -> {
            if (!pools.detach(name, clock.instant())) {
                throw notFound(name);
            }
            AttachedPool now = pools.find(name).orElseThrow();
            outbox.add(new PoolDetached(name, now.generation(), force, caller.user(), now.detachedAt()));
            return now;
        });
        return view(detached, uses);
    }

    private List<JsonNode> uses(String name) {
        List<JsonNode> uses = new ArrayList<>();
        services.clusters().find("/internal/pools/" + name + "/uses").ifPresent(n -> n.path("uses").forEach(uses::add));
        return uses;
    }

    private String[] identity(JsonNode node, String workspace) {
        if (node == null || node.isNull()) {
            return new String[] {AttachedPool.SYSTEM_ASSIGNED, null, null};
        }
        Fields identity = Fields.of(node, Set.of("type", "clientId"), "identity.");
        String type = identity.required("type", null);
        if (type.equals(AttachedPool.SYSTEM_ASSIGNED)) {
            return new String[] {type, null, null};
        }
        if (!type.equals(AttachedPool.USER_ASSIGNED)) {
            throw invalid("identity.type", "identity.type must be system_assigned or user_assigned, was '" + type + "'");
        }
        String clientId = identity.required("clientId", null);
        String registered = registry.identityByClientId(workspace, clientId).orElseThrow(() -> ApiProblem.badRequest(
                "IDENTITY_NOT_FOUND", "workspace '" + workspace + "' has no managed identity with client id '"
                + clientId + "'; register it first (POST /api/v1/workspaces/" + workspace + "/managed-identities)")
                .with("field", "identity.clientId"));
        return new String[] {type, clientId, registered};
    }

    private static Map<String, String> conf(JsonNode node) {
        Map<String, String> conf = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return conf;
        }
        if (!node.isObject() || node.size() > 200) {
            throw invalid("conf", "conf must be an object of at most 200 string values");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String field = "conf." + e.getKey();
            if (!e.getKey().matches("spark\\.[A-Za-z0-9_.-]{1,250}") || !e.getValue().isString()
                    || e.getValue().asString().length() > 4096 || e.getValue().asString().indexOf('\0') >= 0) {
                throw invalid(field, field + " must be a spark.* key with a string value of at most 4096 characters, "
                        + "without NUL");
            }
            if (SparkConfScope.CONTROL_PLANE.contains(e.getKey())) {
                throw ApiProblem.badRequest("RESERVED_CONF", e.getKey() + " is set by each session or job, not by a "
                        + "pool").with("field", field);
            }
            SparkConfPolicy.refusal(e.getKey()).ifPresent(refusal -> {
                throw ApiProblem.badRequest(refusal.code(), refusal.reason()).with("field", field);
            });
            conf.put(e.getKey(), e.getValue().asString());
        }
        return conf;
    }

    /**
     * Libraries every application on the pool gets: files on this host in a folder the operator allows (the driver
     * serves them to executors).
     */
    private static List<String> jars(JsonNode node, HostPaths hostPaths) {
        List<String> jars = new ArrayList<>();
        if (node == null || node.isNull()) {
            return jars;
        }
        if (!node.isArray() || node.size() > 100) {
            throw invalid("jars", "jars must be a list of at most 100 jar paths");
        }
        for (int i = 0; i < node.size(); i++) {
            String field = "jars[" + i + "]";
            JsonNode jar = node.get(i);
            Path path;
            try {
                String text = jar.isString() ? jar.asString() : "";
                path = text.startsWith("file:") ? Path.of(URI.create(text)) : Path.of(text);
            } catch (RuntimeException e) {
                throw invalid(field, field + " must be an absolute path or file: URI of a jar on the Kindling host");
            }
            if (!path.isAbsolute() || !path.toString().endsWith(".jar")) {
                throw invalid(field, field + " must be an absolute path or file: URI of a jar on the Kindling host");
            }
            try {
                hostPaths.check(path.normalize(), field, path.toString());
            } catch (InvalidJobSpecException e) {
                throw ApiProblem.badRequest(e.code().name(), e.getMessage()).with("field", field);
            }
            if (!Files.isRegularFile(path)) {
                throw ApiProblem.badRequest("FILE_NOT_FOUND", field + " '" + path + "' is not on the Kindling host")
                        .with("field", field);
            }
            jars.add(path.normalize().toUri().toString());
        }
        return jars;
    }

    private static URI uri(String text, String field, String scheme) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw invalid(field, field + " '" + text + "' is not a URI");
        }
        boolean schemeOk = scheme.equals("http") ? "http".equals(uri.getScheme()) || "https".equals(uri.getScheme())
                : scheme.equals(uri.getScheme());
        if (!schemeOk || uri.getHost() == null || uri.getPort() < 1) {
            throw invalid(field, field + " must be " + (scheme.equals("spark") ? "spark://host:port"
                    : "http://host:port") + ", was '" + text + "'");
        }
        return uri;
    }

    private static ApiProblem invalid(String field, String detail) {
        return ApiProblem.badRequest("INVALID_FIELD", detail).with("field", field);
    }

    private static ApiProblem notFound(String name) {
        return ApiProblem.notFound("POOL_NOT_FOUND", "no attached pool '" + name + "'").with("pool", name);
    }

    private static Map<String, Object> view(AttachedPool p, List<JsonNode> uses) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", p.name());
        view.put("workspace", p.workspace());
        view.put("state", p.attached() ? "attached" : "detached");
        view.put("masterUrl", p.masterUrl());
        view.put("restUrl", p.restUrl());
        view.put("webUiUrl", p.webUiUrl());
        view.put("sparkVersion", p.sparkVersion());
        view.put("runtimeVersion", p.runtimeVersion());
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("type", p.identityType());
        identity.put("clientId", p.identityClientId());
        identity.put("name", p.identityName());
        view.put("identity", identity);
        view.put("conf", p.conf());
        view.put("jars", p.jars());
        view.put("attachedBy", p.attachedBy());
        view.put("attachedAt", p.attachedAt().toString());
        if (p.detachedAt() != null) {
            view.put("detachedAt", p.detachedAt().toString());
        }
        if (uses != null) {
            view.put("uses", uses);
        }
        return view;
    }
}
