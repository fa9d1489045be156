package io.kindling.conda.build;

import io.kindling.conda.spec.Requirement;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds with a conda-compatible CLI ({@code micromamba}, {@code mamba} or {@code conda}): {@code create} with
 * the spec's channels, the runtime's Python and the conda dependencies, then the {@code pip:} list with the new
 * environment's own pip. The environment is self-contained, so its base manifest is the runtime's fixed
 * components only.
 */
public final class CondaCliBuilder implements EnvironmentBuilder {

    private final String command;
    private final ProcessRunner runner;
    private final Clock clock;
    private final boolean allowSourceBuilds;

    /** @param allowSourceBuilds whether pip may build sdists (run their {@code setup.py}); else wheels only */
    public CondaCliBuilder(String command, ProcessRunner runner, Clock clock, boolean allowSourceBuilds) {
        this.allowSourceBuilds = allowSourceBuilds;
        this.command = command;
        this.runner = runner;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "conda";
    }

    @Override
    public Map<String, String> baseManifest(java.util.Optional<io.kindling.kit.runtime.RuntimePython> runtimePython) {
        return Map.of();
    }

    /** The {@code create} command line (visible for tests). */
    List<String> createCommand(BuildPlan plan, Path prefix) {
        List<String> create = new ArrayList<>(List.of(command, "create", "--yes", "--prefix", prefix.toString()));
        if (!plan.spec().channels().isEmpty()) {
            create.add("--override-channels");
            plan.spec().channels().forEach(c -> create.addAll(List.of("--channel", c)));
        }
        create.add("python=" + plan.python());
        if (plan.install().stream().noneMatch(r -> r.name().equals("pip")) && !plan.pipInstalls().isEmpty()) {
            create.add("pip");
        }
        plan.condaInstalls().forEach(r -> create.add(r.text()));
        return create;
    }

    @Override
    public void build(BuildPlan plan, Path prefix, Path logFile, BuildStep steps, Instant deadline,
                      BuildConfinement confinement) {
        String step = "creating the conda environment with " + command;
        Instant since = clock.instant();
        steps.started(step, since);
        // a package's post-link script runs here: in the build's sandbox, if it has one
        runner.run(createCommand(plan, prefix), Map.of(), logFile, step, since, deadline, confinement);
        List<String> pip = plan.pipInstalls().stream().map(Requirement::text).toList();
        if (pip.isEmpty()) {
            return;
        }
        List<String> install = new ArrayList<>(List.of(prefix.resolve("bin/python").toString(), "-m", "pip",
                "install", "--no-input", "--progress-bar", "off"));
        if (!allowSourceBuilds) {
            install.add("--only-binary=:all:");
        }
        plan.spec().pipOptions().forEach(o -> install.addAll(o.arguments()));
        install.addAll(pip);
        step = "installing " + String.join(", ", pip) + " with pip";
        since = clock.instant();
        steps.started(step, since);
        runner.run(install, Map.of(), logFile, step, since, deadline, confinement);
    }
}
