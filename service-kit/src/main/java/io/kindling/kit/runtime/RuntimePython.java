package io.kindling.kit.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Python side of a runtime, as the build installed it ({@code python/runtime.json}, from the repo's
 * {@code spark-runtime/python.lock}): an interpreter with PySpark of the runtime's Spark release and the base
 * packages.
 *
 * @param version    the Python release, e.g. {@code 3.11.7}
 * @param executable the interpreter of the runtime's Python environment (absolute)
 * @param site       its site-packages directory (absolute): a session environment adds it to its own path, so the
 *                   base packages and PySpark stay importable there
 * @param environmentPython the executors' interpreter for a session environment: runs the environment that
 *                   {@code spark.archives} unpacked as {@code ./environment} for the executor
 * @param packages   the base packages by name: pyspark, py4j, pandas, pyarrow, numpy and what they need
 * @param tools      the runtime's tools (pip), on no session's path: a build that runs as another OS user than the
 *                   service's runs pip from here ({@link #pip()})
 */
public record RuntimePython(String version, Path executable, Path site, Path environmentPython,
                            Map<String, String> packages, Path tools) {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimePython.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public RuntimePython {
        packages = Map.copyOf(packages);
    }

    /** The directory to put on {@code PYTHONPATH} for {@code python -m pip}, if the runtime has its own pip. */
    public Optional<Path> pip() {
        return Files.isRegularFile(tools.resolve("pip/__init__.py")) ? Optional.of(tools) : Optional.empty();
    }

    /** What {@code home/python/runtime.json} records, if the runtime has a complete Python side. */
    static Optional<RuntimePython> read(Path home) {
        Path python = home.resolve("python");
        Path manifest = python.resolve("runtime.json");
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(Files.readString(manifest));
            Path executable = python.resolve(json.path("executable").asString()).toAbsolutePath().normalize();
            Map<String, String> packages = new LinkedHashMap<>();
            json.path("packages").properties().forEach(e -> packages.put(e.getKey(), e.getValue().asString()));
            String version = json.path("python").asString();
            Path site = python.resolve(json.path("site").asString()).toAbsolutePath().normalize();
            Path environmentPython = python.resolve(json.path("environmentPython").asString()).toAbsolutePath()
                    .normalize();
            if (version.isBlank() || !Files.exists(executable) || !Files.isDirectory(site)
                    || !Files.isExecutable(environmentPython)
                    || !packages.containsKey("pyspark")) {
                LOG.warn("{} is incomplete (no Python release, interpreter, site-packages or pyspark): the runtime "
                        + "runs no Python",
                        manifest);
                return Optional.empty();
            }
            // a runtime installed before tools were is whole for sessions; only a sandboxed build needs them
            Path tools = python.resolve(json.path("tools").asString("tools")).toAbsolutePath().normalize();
            return Optional.of(new RuntimePython(version, executable, site, environmentPython, packages, tools));
        } catch (IOException | JacksonException e) {
            LOG.warn("cannot read {}: the runtime runs no Python ({})", manifest, e.toString());
            return Optional.empty();
        }
    }
}
