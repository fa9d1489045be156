package io.kindling.conda.build;

import io.kindling.conda.CondaProperties;
import io.kindling.conda.environment.EnvironmentFailure;
import io.kindling.conda.spec.PipOption;
import io.kindling.conda.spec.Requirement;
import io.kindling.lifeline.Lifeline;
import io.kindling.kit.runtime.RuntimePython;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a Python virtual environment ({@code python -m venv}) and installs the spec's packages with pip, from
 * the configured index or local wheelhouses. Conda dependencies are installed as the pip packages of the same
 * name ({@code numpy=1.26} as {@code numpy==1.26.*}); the channels do not apply.
 *
 * <p>On a runtime with a Python side, the venv is made from the runtime's interpreter and sees the runtime's
 * site-packages after its own (a {@code .pth} file): PySpark, pandas, pyarrow and numpy stay importable, a package
 * the spec pins differently is installed into the venv and wins. The runtime's packages (and the builder's pip) are
 * then the base manifest. On a runtime without one, the venv sees the configured interpreter's packages
 * ({@code --system-site-packages}) and those are the base. Entries the base satisfies are skipped. pip runs
 * without the user's pip configuration (see {@link ProcessRunner}).
 *
 * <p>The packed venv is relocatable for imports ({@code ./environment/bin/python} finds its site-packages from
 * {@code pyvenv.cfg}) but links to the base interpreter, which must exist at the same path where Spark runs (true
 * for the local backend and for images built with it).
 */
public final class VenvBuilder implements EnvironmentBuilder {

    private final String python;
    private final CondaProperties.Venv sources;
    private final ProcessRunner runner;
    private final Clock clock;
    private final boolean allowSourceBuilds;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile Map<String, String> base;

    /** @param allowSourceBuilds whether pip may build sdists (run their {@code setup.py}); else wheels only */
    public VenvBuilder(String python, CondaProperties.Venv sources, ProcessRunner runner, Clock clock,
                       boolean allowSourceBuilds) {
        this.allowSourceBuilds = allowSourceBuilds;
        this.python = python;
        this.sources = sources;
        this.runner = runner;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "venv";
    }

    @Override
    public Map<String, String> baseManifest(Optional<RuntimePython> runtimePython) {
        if (runtimePython.isPresent()) {
            Map<String, String> manifest = new LinkedHashMap<>(runtimePython.get().packages());
            // conda's `pip` dependency asks for pip, which this builder always uses (it stays outside the venv)
            builderManifest().entrySet().stream().filter(e -> e.getKey().equals("pip"))
                    .forEach(e -> manifest.putIfAbsent(e.getKey(), e.getValue()));
            return Map.copyOf(manifest);
        }
        return builderManifest();
    }

    private Map<String, String> builderManifest() {
        Map<String, String> manifest = base;
        if (manifest == null) {
            manifest = listBasePackages();
            base = manifest;
        }
        return manifest;
    }

    private Map<String, String> listBasePackages() {
        try {
            ProcessBuilder pb = new ProcessBuilder(python, "-m", "pip", "list", "--format=json");
            ProcessRunner.isolate(pb.environment());
            Process p = Lifeline.ofThisJvm().start(pb.redirectError(ProcessBuilder.Redirect.DISCARD));
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Map.of();
            }
            Map<String, String> manifest = new LinkedHashMap<>();
            for (JsonNode pkg : json.readTree(new String(out, StandardCharsets.UTF_8))) {
                manifest.put(Requirement.normalize(pkg.path("name").asString()), pkg.path("version").asString());
            }
            return Map.copyOf(manifest);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    @Override
    public void build(BuildPlan plan, Path prefix, Path logFile, BuildStep steps, Instant deadline,
                      BuildConfinement confinement) {
        Map<String, String> env = new HashMap<>();
        Optional<RuntimePython> runtime = plan.runtimePython();
        Optional<Path> runtimePip = runtime.flatMap(RuntimePython::pip);
        Instant since = clock.instant();
        if (confinement.sandboxed() && runtimePip.isEmpty()) {
            // the sandbox's user cannot run the service's own Python (it may live in a private home)
            throw new BuildFailedException(EnvironmentFailure.INSTALL_ERROR, "this install builds environments in a "
                    + "sandbox, which runs pip from the runtime's tools, and this runtime (Python " + plan.python()
                    + ") has none: install the runtime's Python side again (spark-runtime/README.md)", "starting",
                    since);
        }
        String interpreter = runtime.map(r -> r.executable().toString()).orElse(python);
        String step = "creating a virtual environment with " + interpreter;
        steps.started(step, since);
        List<String> venv = new ArrayList<>(List.of(interpreter, "-m", "venv", "--without-pip"));
        if (runtime.isEmpty()) {
            venv.add("--system-site-packages");
        }
        venv.add(prefix.toString());
        runner.run(venv, env, logFile, step, since, deadline, confinement);
        if (runtime.isPresent()) {
            seeRuntime(prefix, runtime.get());
        }
        List<String> packages = plan.install().stream().map(Requirement::asPipRequirement).toList();
        if (packages.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>();
        if (confinement.sandboxed()) {
            // the venv's own interpreter runs the runtime's pip, so pip installs into the venv
            command.addAll(List.of(prefix.resolve("bin/python").toString(), "-m", "pip"));
            env.put("PYTHONPATH", runtimePip.get().toString());
        } else {
            // the configured interpreter's pip installs into the venv (the runtime's interpreter has no pip)
            command.addAll(List.of(python, "-m", "pip", "--python", prefix.resolve("bin/python").toString()));
        }
        command.addAll(List.of("install", "--no-input", "--progress-bar", "off"));
        if (!allowSourceBuilds) {
            // a source distribution's build runs its setup.py, a user's code: wheels only
            command.add("--only-binary=:all:");
        }
        command.addAll(sourceArguments(plan.spec().pipOptions()));
        plan.spec().pipOptions().forEach(o -> command.addAll(o.arguments()));
        command.addAll(packages);
        step = "installing " + String.join(", ", packages) + " with pip";
        since = clock.instant();
        steps.started(step, since);
        runner.run(command, env, logFile, step, since, deadline, confinement);
    }

    /**
     * Puts the runtime's site-packages on the venv's path, after the venv's own: {@code site.addsitedir} also reads
     * the runtime's own {@code .pth} files (PySpark's sources).
     */
    private static void seeRuntime(Path prefix, RuntimePython runtime) {
        String[] release = runtime.version().split("\\.");
        Path site = prefix.resolve("lib/python" + release[0] + "." + release[1] + "/site-packages");
        try {
            Files.createDirectories(site);
            Files.writeString(site.resolve("kindling-runtime.pth"), "import site; site.addsitedir("
                    + pythonString(runtime.site().toString()) + ")\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the runtime's path into " + site, e);
        }
    }

    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Kindling's configured sources; {@code --no-index} when only wheelhouses are configured and the spec adds no index. */
    private List<String> sourceArguments(List<PipOption> specOptions) {
        List<String> args = new ArrayList<>();
        if (!sources.indexUrl().isBlank()) {
            args.addAll(List.of("--index-url", sources.indexUrl()));
        }
        sources.findLinks().forEach(f -> args.addAll(List.of("--find-links", f)));
        boolean specHasIndex = specOptions.stream().anyMatch(o -> o.flag().endsWith("index-url"));
        if (sources.indexUrl().isBlank() && !sources.findLinks().isEmpty() && !specHasIndex) {
            args.add("--no-index");
        }
        return args;
    }
}
