package io.kindling.provisioning.cluster;

import io.kindling.kit.problem.ApiProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Internal reads of clusters, with their history. */
@RestController
class ClusterController {

    private final ClusterRepository clusters;

    ClusterController(ClusterRepository clusters) {
        this.clusters = clusters;
    }

    @GetMapping("/internal/clusters")
    Map<String, Object> list(@org.springframework.web.bind.annotation.RequestParam(required = false) String owner) {
        return Map.of("clusters", clusters.all().stream().filter(c -> owner == null || owner.equals(c.owner()))
                .map(this::view).toList());
    }

    @GetMapping("/internal/clusters/{id}")
    Map<String, Object> get(@PathVariable String id) {
        Cluster c = clusters.find(id).orElseThrow(() -> ApiProblem.notFound("CLUSTER_NOT_FOUND",
                "no cluster '" + id + "'").with("clusterId", id));
        Map<String, Object> view = view(c);
        view.put("history", clusters.history(id));
        return view;
    }

    private Map<String, Object> view(Cluster c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("sessionId", c.sessionId());
        view.put("owner", c.owner());
        view.put("state", c.state().apiName());
        view.put("backend", c.backend());
        view.put("runtimeVersion", c.runtimeVersion());
        view.put("masterUrl", c.info() == null ? null : c.info().masterUrl());
        view.put("webUiUrl", c.info() == null ? null : c.info().webUiUrl());
        view.put("executors", c.size().numExecutors());
        view.put("executorCores", c.size().executorCores());
        view.put("executorMemoryMb", c.size().executorMemoryMb());
        view.put("message", c.message());
        view.put("createdAt", c.createdAt().toString());
        view.put("updatedAt", c.updatedAt().toString());
        return view;
    }
}
