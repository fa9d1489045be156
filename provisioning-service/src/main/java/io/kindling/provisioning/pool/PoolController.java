package io.kindling.provisioning.pool;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Internal reads: what runs on a pool now (the gateway asks before it detaches one). */
@RestController
class PoolController {

    private final AttachedPools pools;

    PoolController(AttachedPools pools) {
        this.pools = pools;
    }

    @GetMapping("/internal/pools/{name}/uses")
    Map<String, Object> uses(@PathVariable String name) {
        return Map.of("uses", pools.uses(name).stream().map(u -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", u.id());
            view.put("kind", u.kind());
            view.put("clusterId", u.clusterId());
            view.put("since", u.createdAt().toString());
            return view;
        }).toList());
    }
}
