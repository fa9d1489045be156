package io.kindling.gateway.runtime;

import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.RuntimeSupport;
import io.kindling.kit.runtime.SparkRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/runtimes}: the runtime versions this install can run. */
@RestController
class RuntimeController {

    private final RuntimeCatalog catalog;
    private final RuntimeSupport support;

    RuntimeController(RuntimeCatalog catalog, RuntimeSupport support) {
        this.catalog = catalog;
        this.support = support;
    }

    @GetMapping("/api/v1/runtimes")
    Map<String, Object> runtimes() {
        List<Map<String, Object>> list = catalog.installed().stream().map(this::view).toList();
        return Map.of("runtimes", list, "defaultVersion", catalog.defaultVersion(), "supported", support.supported());
    }

    private Map<String, Object> view(SparkRuntime runtime) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version", runtime.version());
        view.put("sparkVersion", runtime.sparkVersion());
        view.put("scalaVersion", runtime.scalaVersion());
        // its JVMs are the services' own JDK's
        view.put("javaVersion", Runtime.version().feature());
        RuntimeSupport.Status status = support.status(runtime.version());
        view.put("support", status.state().name().toLowerCase(java.util.Locale.ROOT));
        if (status.announced() != null) {
            view.put("endOfSupportAnnounced", status.announced().toString());
        }
        if (status.endOfSupport() != null) {
            view.put("endOfSupport", status.endOfSupport().toString());
        }
        view.put("kinds", runtime.runsPython() ? List.of("sql", "pyspark") : List.of("sql"));
        runtime.python().ifPresent(python -> {
            Map<String, Object> side = new LinkedHashMap<>();
            side.put("version", python.version());
            side.put("packages", new java.util.TreeMap<>(python.packages()));
            view.put("python", side);
        });
        view.put("default", runtime.version().equals(catalog.defaultVersion()));
        return view;
    }
}
