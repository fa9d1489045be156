package io.kindling.gateway.cluster;

import io.kindling.gateway.internal.InternalServices;
import io.kindling.gateway.auth.Caller;
import io.kindling.kit.problem.ApiProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/clusters}: the caller's clusters, their state changes and pending teardown. */
@RestController
class ClusterApi {

    /** {@code kc-<session or job id>-<attempt>}, {@code kc-p-<hex>-1} for a pre-warmed one; URL-safe in any case. */
    private static final Pattern CLUSTER_ID = Pattern.compile("kc-[A-Za-z0-9][A-Za-z0-9_.-]{0,200}");

    private final InternalServices services;

    ClusterApi(InternalServices services) {
        this.services = services;
    }

    @GetMapping("/api/v1/clusters")
    JsonNode list(Caller caller) {
        return services.clusters().find("/internal/clusters?owner=" + caller.user()).orElseThrow();
    }

    @GetMapping("/api/v1/clusters/{id}")
    Map<String, Object> get(@PathVariable String id, Caller caller) {
        String owner = caller.user();
        if (!CLUSTER_ID.matcher(id).matches()) {
            throw notFound(id);
        }
        JsonNode cluster = services.clusters().find("/internal/clusters/" + id)
                .filter(c -> owner.equals(c.path("owner").asString(""))).orElseThrow(() -> notFound(id));
        JsonNode deadlines = services.deadlines().find("/internal/deadlines?subject=" + id).orElseThrow();
        Map<String, Object> view = new LinkedHashMap<>();
        cluster.properties().forEach(e -> view.put(e.getKey(), e.getValue()));
        view.put("teardownDueAt", Timeline.pendingDue(deadlines));
        view.put("deadlines", deadlines.get("deadlines"));
        return view;
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("CLUSTER_NOT_FOUND", "no cluster '" + id + "'").with("clusterId", id);
    }
}
