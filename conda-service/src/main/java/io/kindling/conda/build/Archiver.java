package io.kindling.conda.build;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Packs a built environment into a {@code .tar.gz} Spark can unpack as {@code ./environment} ({@code
 * spark.archives}); tar keeps the symlinks a venv or conda environment relies on.
 */
public final class Archiver {

    private final ProcessRunner runner;
    private final Clock clock;

    public Archiver(ProcessRunner runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
    }

    public void pack(Path prefix, Path archive, Path logFile, BuildStep steps, Instant deadline) {
        String step = "packing the environment";
        Instant since = clock.instant();
        steps.started(step, since);
        runner.run(List.of("tar", "-czf", archive.toString(), "-C", prefix.toString(), "."), Map.of(), logFile, step,
                since, deadline);
    }
}
