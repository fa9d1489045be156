package io.kindling.conda.build;

import io.kindling.conda.CondaProperties;
import io.kindling.kit.environment.EnvironmentProperties;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Picks the builder {@code kindling.conda.builder} asks for. */
public final class Builders {

    private static final List<String> CONDA_CLIS = List.of("micromamba", "mamba", "conda");

    private Builders() {
    }

    public static EnvironmentBuilder create(CondaProperties props, EnvironmentProperties environments,
                                            ProcessRunner runner, Clock clock) {
        Optional<String> cli = props.condaCommand().isBlank() ? findOnPath() : Optional.of(props.condaCommand());
        return switch (props.builder()) {
            case "venv" -> new VenvBuilder(environments.python(), props.venv(), runner, clock,
                    props.allowSourceBuilds());
            case "conda" -> new CondaCliBuilder(cli.orElseThrow(() -> new IllegalStateException(
                    "kindling.conda.builder=conda but none of " + CONDA_CLIS + " is on PATH; set "
                    + "kindling.conda.conda-command or use the venv builder")), runner, clock,
                    props.allowSourceBuilds());
            case "auto" -> cli.<EnvironmentBuilder>map(c -> new CondaCliBuilder(c, runner, clock,
                            props.allowSourceBuilds()))
                    .orElseGet(() -> new VenvBuilder(environments.python(), props.venv(), runner, clock,
                            props.allowSourceBuilds()));
            default -> throw new IllegalStateException("kindling.conda.builder must be auto, conda or venv, was '"
                    + props.builder() + "'");
        };
    }

    static Optional<String> findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String cli : CONDA_CLIS) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, cli);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }
}
